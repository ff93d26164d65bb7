/**
 * npm run bench -- [--quick] [--out FILE] [--sizes 1000,10000,50000] [--questions 200] [--repeats 3] [--datasets DIR]
 *
 * Speed at scale beside vectra: prints a Markdown table on stdout (progress on
 * stderr) and writes the JSON report to --out.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadEngineConfig } from '../src/config.ts';
import { OVERLAP_SENTENCES } from '../src/engine.ts';
import { loadBenchModel } from './bench-model.ts';
import { DEFAULT_DATASETS_DIR } from './datasets-dir.ts';
import { formatBenchReport } from './format-bench.ts';
import { measureReindexResponsiveness } from './reindex-responsiveness.ts';
import { responsivenessModel } from './responsiveness-model.ts';
import { documentSource, runBench, type BenchProgress } from './run-bench.ts';
import { runCli } from '../src/cli/run-cli.ts';
import { usageError } from '../src/cli/usage-error.ts';

const USAGE = `usage: npm run bench -- [--quick] [--out FILE] [--sizes N,N,...] [--questions N] [--repeats N] [--reindex-docs N] [--datasets DIR]
  --quick       corpora of 500 and 1,000 chunks, 100 questions, one run each: under a minute (for CI)
  --out FILE    also write the report as JSON
  --sizes       corpus sizes in chunks (default 1000,10000,50000)
  --questions   questions timed per corpus (default 200)
  --repeats     fresh-process load and query runs per corpus, reported as the median (default 3)
  --reindex-docs  articles reindexed while questions are asked, embedding inline and in a child process (default 60, quick 3; 0 skips)
  --datasets    folder holding realtimeqa-news/ (default ${DEFAULT_DATASETS_DIR}); synthetic text when absent
Embeds with EMBEDDING_MODEL when set, otherwise with the generated test model (offline); the reindex
part then uses a model of all-MiniLM-L6-v2's shape with random weights, so its speed is realistic.`;

function positiveIntegers(text: string, name: string): number[] {
  const values = text.split(',').map((v) => Number(v.trim()));
  if (values.length === 0 || values.some((v) => !Number.isInteger(v) || v < 1)) throw usageError(`--${name} takes whole numbers above 0, e.g. 1000,10000; got "${text}"`, USAGE);
  return values;
}

function describe(event: BenchProgress): string | null {
  if (event.phase === 'corpus') return `Corpus: ${event.description}`;
  if (event.phase === 'embed') return event.done === event.total || event.done % 6400 === 0 ? `Embedding chunks: ${event.done}/${event.total}` : null;
  const steps = {
    save: 'saving the index',
    questions: 'embedding the questions',
    load: 'loading and querying in a fresh process',
    'vectra-items': "vectra's queryItems",
    'vectra-documents': "vectra's queryDocuments with BM25 (slow)",
  };
  return `${event.chunks} chunks: ${steps[event.step]}...`;
}

function* take<T>(items: Iterable<T>, count: number): Generator<T> {
  if (count <= 0) return;
  let n = 0;
  for (const item of items) {
    yield item;
    if (++n >= count) return;
  }
}

const reindexNote = (shaped: boolean) =>
  [
    "reindex: the articles are reindexed twice, embedding on the bot's own thread (inline, what the CLI does) and in a child process (what the bot does), while a question is asked every 100 ms;",
    "event-loop delay is how late the bot's timers ran (Discord's heartbeat is one), ask_* how long the questions took.",
    shaped
      ? 'The model has all-MiniLM-L6-v2\'s shape (6 layers, 384 wide, 12 heads, int8 dynamic quantization) with random weights: its speed, not its answers, stands for the real default model.'
      : '',
  ]
    .filter(Boolean)
    .join(' ');

await runCli(async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      out: { type: 'string' },
      sizes: { type: 'string' },
      questions: { type: 'string' },
      repeats: { type: 'string' },
      'reindex-docs': { type: 'string' },
      datasets: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const quick = values.quick;
  const sizes = positiveIntegers(values.sizes ?? (quick ? '500,1000' : '1000,10000,50000'), 'sizes');
  const [questions] = positiveIntegers(values.questions ?? (quick ? '100' : '200'), 'questions');
  const [repeats] = positiveIntegers(values.repeats ?? (quick ? '1' : '3'), 'repeats');
  const reindexDocs = Number(values['reindex-docs'] ?? (quick ? 3 : 60));
  if (!Number.isInteger(reindexDocs) || reindexDocs < 0 || reindexDocs === 1) {
    throw usageError(`--reindex-docs takes 0 (skip) or a whole number from 2, got "${values['reindex-docs']}"`, USAGE);
  }

  if (values.datasets !== undefined && !existsSync(values.datasets)) throw usageError(`--datasets ${values.datasets}: no such folder`, USAGE);
  const config = loadEngineConfig();
  const model = await loadBenchModel(config);
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'article-bot-bench-'));
  try {
    const report = await runBench(model.embedder, {
      sizes,
      questions: questions!,
      repeats: repeats!,
      datasetsDir: path.resolve(values.datasets ?? DEFAULT_DATASETS_DIR),
      workDir,
      chunking: { maxTokens: config.chunkMaxTokens, overlapSentences: OVERLAP_SENTENCES },
      vectraDocuments: quick ? { maxQuestions: 3, budgetMs: 3_000 } : { maxQuestions: 20, budgetMs: 60_000 },
      generatedModel: model.generated,
      quick,
      onProgress: (event) => {
        const line = describe(event);
        if (line) process.stderr.write(`${line}\n`);
      },
    });
    if (reindexDocs > 0) {
      const { embeddingModel, shaped } = await responsivenessModel(config);
      const documents = [...take((await documentSource(path.resolve(values.datasets ?? DEFAULT_DATASETS_DIR))).documents, reindexDocs)];
      const measured = await measureReindexResponsiveness({
        config: { ...config, embeddingModel },
        documents,
        workDir,
        onProgress: (mode) => process.stderr.write(`Reindexing ${documents.length} articles, embedding ${mode === 'inline' ? "on the bot's thread" : 'in a child process'}...\n`),
      });
      report.reindex = { ...measured, note: reindexNote(shaped) };
    }
    process.stdout.write(`${formatBenchReport(report)}\n`);
    if (values.out) {
      await mkdir(path.dirname(path.resolve(values.out)), { recursive: true });
      await writeFile(values.out, `${JSON.stringify(report, null, 2)}\n`);
      process.stderr.write(`Wrote ${values.out}\n`);
    }
  } finally {
    await model.embedder.close();
    await rm(workDir, { recursive: true, force: true });
  }
});
