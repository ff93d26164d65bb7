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
import { loadEngineConfig } from '../config.ts';
import { OVERLAP_SENTENCES } from '../engine.ts';
import { loadBenchModel } from '../bench/bench-model.ts';
import { DEFAULT_DATASETS_DIR } from '../bench/datasets-dir.ts';
import { formatBenchReport } from '../bench/format-bench.ts';
import { runBench, type BenchProgress } from '../bench/run-bench.ts';
import { runCli } from './run-cli.ts';

const USAGE = `usage: npm run bench -- [--quick] [--out FILE] [--sizes N,N,...] [--questions N] [--repeats N] [--datasets DIR]
  --quick       corpora of 500 and 1,000 chunks, 100 questions, one run each: under a minute (for CI)
  --out FILE    also write the report as JSON
  --sizes       corpus sizes in chunks (default 1000,10000,50000)
  --questions   questions timed per corpus (default 200)
  --repeats     fresh-process load and query runs per corpus, reported as the median (default 3)
  --datasets    folder holding realtimeqa-news/ (default ${DEFAULT_DATASETS_DIR}); synthetic text when absent
Embeds with EMBEDDING_MODEL when set, otherwise with the generated test model (offline).`;

const usageError = (message: string) => Object.assign(new Error(`${message}\n${USAGE}`), { code: 'ERR_PARSE_ARGS_USAGE' });

function positiveIntegers(text: string, name: string): number[] {
  const values = text.split(',').map((v) => Number(v.trim()));
  if (values.length === 0 || values.some((v) => !Number.isInteger(v) || v < 1)) throw usageError(`--${name} takes whole numbers above 0, e.g. 1000,10000; got "${text}"`);
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

await runCli(async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      out: { type: 'string' },
      sizes: { type: 'string' },
      questions: { type: 'string' },
      repeats: { type: 'string' },
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

  if (values.datasets !== undefined && !existsSync(values.datasets)) throw usageError(`--datasets ${values.datasets}: no such folder`);
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
