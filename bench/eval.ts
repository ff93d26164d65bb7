/**
 * npm run eval -- [--quick] [--out FILE] [--questions N] [--datasets DIR]
 *
 * Answer quality on XQuAD (keyword, dense, hybrid) and on the sample-article
 * questions: prints Markdown tables on stdout (progress on stderr), writes the
 * JSON report to --out. Without xquad/xquad.en.json, XQuAD is marked skipped
 * in the report and the command still succeeds (exit 0): the sample-article
 * questions still run, and CI without the datasets stays green. A --datasets
 * folder that does not exist at all is an error (exit 1).
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { OFF_TOPIC_QUESTIONS, SAMPLE_FACT_QUESTIONS, SAMPLE_QUESTIONS } from './sample-questions.ts';
import { loadEngineConfig } from '../src/config.ts';
import { fallbackModelDir } from '../src/embedding/load-model.ts';
import { ensureTestModel, isGeneratedTestModel } from '../src/embedding/test-model/make-test-model.ts';
import { DEFAULT_DATASETS_DIR } from './datasets-dir.ts';
import { formatEvalReport } from './format-eval.ts';
import { runEval } from './run-eval.ts';
import { xquadFile } from './xquad.ts';
import { runCli } from '../src/cli/run-cli.ts';
import { usageError } from '../src/cli/usage-error.ts';

const USAGE = `usage: npm run eval -- [--quick] [--out FILE] [--questions N] [--datasets DIR] [--articles DIR]
  --quick       a seeded sample of 300 XQuAD questions: under a minute (for CI)
  --out FILE    also write the report as JSON
  --questions   ask at most N XQuAD questions (default: all 1,190)
  --datasets    folder holding xquad/xquad.en.json (default ${DEFAULT_DATASETS_DIR})
  --articles    the sample articles the test-suite questions are about (default ./articles)
Embeds with EMBEDDING_MODEL when set, otherwise with the generated test model (offline).`;

const QUICK_QUESTIONS = 300;

await runCli(async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      out: { type: 'string' },
      questions: { type: 'string' },
      datasets: { type: 'string' },
      articles: { type: 'string' },
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
  const datasetsDir = path.resolve(values.datasets ?? DEFAULT_DATASETS_DIR);
  // A folder named on the command line must exist (a typo should not pass as "skipped").
  if (values.datasets !== undefined && !existsSync(datasetsDir)) throw usageError(`--datasets ${values.datasets}: no such folder`, USAGE);

  const base = loadEngineConfig({ ...process.env, LOG_LEVEL: 'silent' });
  let embeddingModel = base.embeddingModel;
  let generated = false;
  if (embeddingModel === undefined) {
    // Offline by default: the generated model, kept where the engine's own offline fallback keeps it.
    embeddingModel = fallbackModelDir(base.modelCacheDir);
    await ensureTestModel(embeddingModel);
    generated = true;
  } else {
    const dir = path.resolve(embeddingModel);
    generated = existsSync(dir) && (await isGeneratedTestModel(dir));
  }
  const config = loadEngineConfig({ ...process.env, LOG_LEVEL: 'silent', EMBEDDING_MODEL: embeddingModel });
  if (!existsSync(xquadFile(datasetsDir))) process.stderr.write(`XQuAD not found at ${xquadFile(datasetsDir)}: skipping it (the sample-article questions still run).\n`);

  const report = await runEval({
    config,
    datasetsDir,
    maxQuestions,
    samples: {
      articlesDir: path.resolve(values.articles ?? 'articles'),
      questions: SAMPLE_QUESTIONS,
      offTopic: OFF_TOPIC_QUESTIONS,
      facts: SAMPLE_FACT_QUESTIONS,
    },
    generatedModel: generated,
    onProgress: (event) => {
      if (event.phase === 'index') process.stderr.write(`Indexing the ${event.corpus === 'xquad' ? 'XQuAD paragraphs' : 'sample articles'}...\n`);
      else process.stderr.write(`Asked ${event.done}/${event.total} ${event.corpus === 'xquad' ? 'XQuAD' : 'sample'} questions\n`);
    },
  });
  process.stdout.write(`${formatEvalReport(report)}\n`);
  if (values.out) {
    await mkdir(path.dirname(path.resolve(values.out)), { recursive: true });
    await writeFile(values.out, `${JSON.stringify(report, null, 2)}\n`);
    process.stderr.write(`Wrote ${values.out}\n`);
  }
});
