/**
 * npm run eval -- [--quick] [--out FILE] [--questions N] [--datasets DIR] [--word-vectors DIR]
 *
 * Answer quality on XQuAD (keyword, dense, hybrid) and on the sample-article
 * questions, once per model (the lexical test model, the word-vector model
 * when the vectors are found, EMBEDDING_MODEL when set): prints Markdown
 * tables on stdout (progress on stderr), writes the JSON report to --out. Without xquad/xquad.en.json, XQuAD is marked skipped
 * in the report and the command still succeeds (exit 0): the sample-article
 * questions still run, and CI without the datasets stays green. A --datasets
 * folder that does not exist at all is an error (exit 1). With `--store
 * postgres` every model is evaluated twice, from the file store and from
 * PostgreSQL (a schema of the run's own, dropped at the end), and a table per
 * model puts both stores' figures side by side.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { OFF_TOPIC_QUESTIONS, SAMPLE_FACT_QUESTIONS, SAMPLE_QUESTIONS } from './sample-questions.ts';
import { PARAPHRASE_QUESTIONS } from './paraphrase-questions.ts';
import { loadEngineConfig } from '../src/config.ts';
import { openEvalDatabase, type EvalDatabase } from './eval-database.ts';
import { storeOption } from './store-option.ts';
import { formatStoreComparison } from './format-store-comparison.ts';
import { DEFAULT_DATASETS_DIR } from './datasets-dir.ts';
import { evalModels } from './eval-models.ts';
import { formatEvalReport, formatModelSummary } from './format-eval.ts';
import { runEval, type EvalReport } from './run-eval.ts';
import { xquadFile } from './xquad.ts';
import { runCli } from '../src/cli/run-cli.ts';
import { usageError } from '../src/cli/usage-error.ts';

const USAGE = `usage: npm run eval -- [--quick] [--out FILE] [--questions N] [--datasets DIR] [--word-vectors DIR] [--articles DIR] [--realtimeqa DIR] [--store file|postgres] [--database-url URL]
  --quick          a seeded sample of 300 XQuAD questions: under a minute per model (for CI)
  --out FILE       also write the report as JSON ({ runs: [one report per model] })
  --questions      ask at most N XQuAD questions (default: all 1,190)
  --datasets       folder holding xquad/xquad.en.json (default ${DEFAULT_DATASETS_DIR})
  --word-vectors   GloVe folder for the word-vector model (default <datasets>/word-vectors when it exists)
  --articles       the sample articles the test-suite questions are about (default ./articles)
  --realtimeqa DIR also the news-quiz set (e.g. ../shared/datasets/realtimeqa-dev): every article
                   indexed as one collection, every question asked (with --quick: 40 questions,
                   all the unanswerable ones, over their own search results only)
  --store postgres also answer every question from PostgreSQL (a fresh schema eval_<timestamp>, dropped
                   at the end) and print both stores' figures side by side (default: file only)
  --database-url   the PostgreSQL server for --store postgres (default DATABASE_URL)
Runs once per model: the generated lexical test model, the word-vector model when its vectors are
found, and EMBEDDING_MODEL when set. All offline unless EMBEDDING_MODEL is a hub id.`;

const QUICK_QUESTIONS = 300;
/** The quick run's news-quiz sample: every unanswerable question and a seeded sample of the others. */
const QUICK_REALTIMEQA_QUESTIONS = 40;
const CORPUS_NAMES = { xquad: 'XQuAD paragraphs', samples: 'sample articles', realtimeqa: 'news-quiz articles' } as const;
const QUESTION_NAMES = { xquad: 'XQuAD', samples: 'sample', realtimeqa: 'news-quiz' } as const;

await runCli(async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      out: { type: 'string' },
      questions: { type: 'string' },
      datasets: { type: 'string' },
      'word-vectors': { type: 'string' },
      articles: { type: 'string' },
      realtimeqa: { type: 'string' },
      store: { type: 'string', default: 'file' },
      'database-url': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let maxQuestions = values.quick ? QUICK_QUESTIONS : undefined;
  if (values.questions !== undefined) {
    maxQuestions = Number(values.questions);
    if (!Number.isInteger(maxQuestions) || maxQuestions < 1) throw usageError(`--questions takes a whole number above 0, got "${values.questions}"`, USAGE);
  }
  const databaseConfig = storeOption(values, USAGE);
  const datasetsDir = path.resolve(values.datasets ?? DEFAULT_DATASETS_DIR);
  // A folder named on the command line must exist (a typo should not pass as "skipped").
  if (values.datasets !== undefined && !existsSync(datasetsDir)) throw usageError(`--datasets ${values.datasets}: no such folder`, USAGE);
  if (values.realtimeqa !== undefined && !existsSync(values.realtimeqa)) throw usageError(`--realtimeqa ${values.realtimeqa}: no such folder`, USAGE);
  const realtimeqa = values.realtimeqa !== undefined ? { folder: path.resolve(values.realtimeqa), ...(values.quick ? { maxQuestions: QUICK_REALTIMEQA_QUESTIONS } : {}) } : undefined;

  const wordVectorsOption = values['word-vectors'];
  if (wordVectorsOption !== undefined && !existsSync(wordVectorsOption)) throw usageError(`--word-vectors ${wordVectorsOption}: no such folder`, USAGE);
  const defaultWordVectors = path.join(datasetsDir, 'word-vectors');
  const wordVectorsDir = wordVectorsOption !== undefined ? path.resolve(wordVectorsOption) : existsSync(defaultWordVectors) ? defaultWordVectors : null;

  const base = loadEngineConfig({ ...process.env, LOG_LEVEL: 'silent' });
  const models = await evalModels({
    modelCacheDir: base.modelCacheDir,
    embeddingModel: base.embeddingModel,
    wordVectorsDir,
    onNote: (message) => process.stderr.write(`${message}\n`),
  });
  if (!wordVectorsDir) process.stderr.write(`No word vectors at ${defaultWordVectors}: the word-vector model is skipped (give --word-vectors DIR).\n`);
  if (!existsSync(xquadFile(datasetsDir))) process.stderr.write(`XQuAD not found at ${xquadFile(datasetsDir)}: skipping it (the sample-article questions still run).\n`);

  const database: EvalDatabase | null = databaseConfig ? await openEvalDatabase(databaseConfig) : null;
  if (database) process.stderr.write(`PostgreSQL at ${database.server}: schema ${database.schema} (dropped at the end)\n`);
  // The same sample questions for every model and both stores.
  const samples = {
    articlesDir: path.resolve(values.articles ?? 'articles'),
    questions: SAMPLE_QUESTIONS,
    offTopic: OFF_TOPIC_QUESTIONS,
    facts: SAMPLE_FACT_QUESTIONS,
    paraphrases: PARAPHRASE_QUESTIONS,
  };
  const runs: EvalReport[] = [];
  const postgresRuns: EvalReport[] = [];
  let passagesHeld: Record<string, number> = {};
  try {
    for (const [i, model] of models.entries()) {
      process.stderr.write(`Model: ${model.label}\n`);
      const config = loadEngineConfig({ ...process.env, LOG_LEVEL: 'silent', EMBEDDING_MODEL: model.embeddingModel });
      const report = await runEval({
        config,
        datasetsDir,
        maxQuestions,
        samples,
        generatedModel: model.generated,
        ...(realtimeqa ? { realtimeqa } : {}),
        label: model.label,
        onProgress: (event) => {
          if (event.phase === 'index') process.stderr.write(`Indexing the ${CORPUS_NAMES[event.corpus]}...\n`);
          else process.stderr.write(`Asked ${event.done}/${event.total} ${QUESTION_NAMES[event.corpus]} questions\n`);
        },
      });
      runs.push(report);
      process.stdout.write(`${formatEvalReport(report)}\n\n`);
      if (database) {
        process.stderr.write(`Model: ${model.label}, answering from PostgreSQL\n`);
        const fromDatabase = await runEval({
          config,
          datasetsDir,
          maxQuestions,
          samples,
          generatedModel: model.generated,
          label: model.label,
          // A collection per model and corpus: each model's indexes are built afresh, as in the file run.
          openStore: (corpus) => database.openStore(config, `model-${i + 1}-${corpus}`),
          onProgress: (event) => {
            if (event.phase === 'index') process.stderr.write(`Indexing the ${CORPUS_NAMES[event.corpus]} into PostgreSQL...\n`);
            else process.stderr.write(`Asked ${event.done}/${event.total} ${QUESTION_NAMES[event.corpus]} questions (PostgreSQL)\n`);
          },
        });
        postgresRuns.push(fromDatabase);
        process.stdout.write(`${formatStoreComparison(report, fromDatabase, database.server)}\n\n`);
      }
    }
    if (database) {
      passagesHeld = await database.passagesHeld();
      const held = Object.entries(passagesHeld).map(([collection, passages]) => `${collection}: ${passages}`);
      process.stdout.write(`PostgreSQL held the passages answered from (collection: passages): ${held.join(', ') || 'none'}\n\n`);
    }
  } finally {
    await database?.close();
  }
  process.stdout.write(`${formatModelSummary(runs)}\n`);
  // The top level keeps today's fields (checks rely on them) for the model answers come from: EMBEDDING_MODEL when set, else the lexical test model.
  const primary = base.embeddingModel !== undefined ? runs[runs.length - 1]! : runs[0]!;
  const stores = database
    ? { stores: { file: { runs }, postgres: { server: database.server, schema: database.schema, passages: passagesHeld, runs: postgresRuns } } }
    : {};
  const report = { ...primary, runs, ...stores };
  if (values.out) {
    await mkdir(path.dirname(path.resolve(values.out)), { recursive: true });
    await writeFile(values.out, `${JSON.stringify(report, null, 2)}\n`);
    process.stderr.write(`Wrote ${values.out}\n`);
  }
});
