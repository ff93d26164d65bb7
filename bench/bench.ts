/**
 * npm run bench -- [--quick] [--out FILE] [--sizes 1000,10000,50000] [--questions 200] [--repeats 3] [--datasets DIR] [--store file|postgres] [--database-url URL] [--vectors corpus|clustered] [--hnsw M:EFC,...] [--skip-vectra] [--skip-file] [--keep-schema]
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
import { openEvalDatabase, urlInSchema } from './eval-database.ts';
import { storeOption } from './store-option.ts';
import type { BenchDatabase } from './measure-postgres.ts';
import { OVERLAP_SENTENCES } from '../src/engine.ts';
import { loadBenchModel } from './bench-model.ts';
import { DEFAULT_DATASETS_DIR } from './datasets-dir.ts';
import { formatBenchReport } from './format-bench.ts';
import { measureEmbeddingSpeed, type EmbeddingDetails, type EmbeddingReport } from './embedding-speed.ts';
import { BULK_MODE_LABELS, measureReindexResponsiveness } from './reindex-responsiveness.ts';
import { responsivenessModel } from './responsiveness-model.ts';
import { documentSource, runBench, type BenchProgress } from './run-bench.ts';
import { runCli } from '../src/cli/run-cli.ts';
import { usageError } from '../src/cli/usage-error.ts';

const USAGE = `usage: npm run bench -- [--quick] [--out FILE] [--sizes N,N,...] [--questions N] [--repeats N] [--embed-docs N] [--reindex-docs N] [--datasets DIR] [--store file|postgres] [--database-url URL] [--vectors corpus|clustered] [--hnsw M:EFC,...] [--skip-vectra] [--skip-file] [--keep-schema]
  --quick       corpora of 500 and 1,000 chunks, 100 questions, one run each: under a minute (for CI)
  --out FILE    also write the report as JSON
  --sizes       corpus sizes in chunks (default 1000,10000,50000)
  --questions   questions timed per corpus (default 200)
  --repeats     fresh-process load and query runs per corpus, reported as the median (default 3)
  --embed-docs  articles indexed to time embedding against a bare onnxruntime session (default 60, quick 3; 0 skips)
  --reindex-docs  articles reindexed while questions are asked, embedding inline and in child processes (default 60, quick 3; 0 skips)
  --datasets    folder holding realtimeqa-news/ (default ${DEFAULT_DATASETS_DIR}); synthetic text when absent
  --store postgres  also save each size into PostgreSQL and query it beside the file store (a fresh schema
                bench_<timestamp>, dropped at the end): build, retrieval, dense and keyword latency, HNSW recall@10, RSS
  --database-url  the PostgreSQL server for --store postgres (default DATABASE_URL)
  --vectors     what --store postgres saves as vectors: corpus (default, the bench model's, as the file store's) or
                clustered (Gaussian clusters of 100 passages in the model's dimensions, passages and questions alike:
                HNSW recall closer to a real model's than the generated model's word counts give)
  --hnsw        with --store postgres, also rebuild each size's HNSW index with these m:ef_construction pairs
                (e.g. 24:100,32:200) and measure recall again (the product builds with pgvector's 16:64)
  --skip-vectra  leave out vectra's own queries (its index.json outgrows V8's longest string, 512 MB, from
                about 120,000 chunks, so vectra cannot load it); its columns then read –
  --skip-file   with --store postgres, measure PostgreSQL alone: no file index or vectra index is written (the
                file store's files outgrow V8's longest string well before 1,000,000 chunks), their columns read –;
                with --vectors clustered the corpus is not embedded either (texts chunked, vectors generated)
  --keep-schema  with --store postgres, leave the run's schema and its collections (bench-<size>) in the database
                instead of dropping it, to query them again; the run prints the schema's name and how to drop it
Embeds with EMBEDDING_MODEL when set, otherwise with the generated test model (offline); the embedding
and reindex parts then use a model of all-MiniLM-L6-v2's shape with random weights, so their speed is realistic.
EMBEDDING_THREADS sets the inference threads (default: every core).`;

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
    postgres: 'saving into PostgreSQL and querying it in a fresh process',
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
    "reindex: the articles are reindexed four times, embedding on the bot's own thread (inline, what the CLI does), in a child process with every core at nice 10 (what the bot does), in a one-thread child at normal priority (what the bot did before EMBEDDING_THREADS: the baseline) and in an every-core child at normal priority (what nice 10 is weighed against), while a question is asked every 100 ms;",
    "event-loop delay is how late the bot's timers ran (Discord's heartbeat is one), ask_* how long the questions took.",
    shaped
      ? 'The model has all-MiniLM-L6-v2\'s shape (6 layers, 384 wide, 12 heads, int8 dynamic quantization) with random weights: its speed, not its answers, stands for the real default model.'
      : '',
  ]
    .filter(Boolean)
    .join(' ');

const embeddingNote = (e: EmbeddingReport, d: EmbeddingDetails, shaped: boolean) =>
  `embedding: ${d.passages} passages (mean ${d.mean_tokens} tokens with [CLS] and [SEP]) embedded by npm run index's path (the engine in this process, ${e.threads} thread(s), the articles indexed incrementally in ${d.parts} part(s)) in ${d.embed_s} s of embedding (reindexes ${d.build_s} s); ` +
  `ceiling: a bare onnxruntime-node session on the same model file and threads, batches of 32 x 200 tokens, timed before each part and after the last. ` +
  `Padding share ${Math.round(e.padding_share * 1000) / 10}% grouped by length, ${Math.round(d.padding_share_before * 1000) / 10}% for the same passages batched as before (requests of 64 in article order, 16 per model call). ` +
  `Question embedding with this model: p50 ${d.question_p50_ms} ms, p95 ${d.question_p95_ms} ms.` +
  (shaped ? " The model has all-MiniLM-L6-v2's shape with random weights." : '');

await runCli(async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      out: { type: 'string' },
      sizes: { type: 'string' },
      questions: { type: 'string' },
      repeats: { type: 'string' },
      'embed-docs': { type: 'string' },
      'reindex-docs': { type: 'string' },
      datasets: { type: 'string' },
      store: { type: 'string', default: 'file' },
      'database-url': { type: 'string' },
      vectors: { type: 'string', default: 'corpus' },
      hnsw: { type: 'string' },
      'skip-vectra': { type: 'boolean', default: false },
      'skip-file': { type: 'boolean', default: false },
      'keep-schema': { type: 'boolean', default: false },
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
  const embedDocs = Number(values['embed-docs'] ?? (quick ? 3 : 60));
  if (!Number.isInteger(embedDocs) || embedDocs < 0) throw usageError(`--embed-docs takes 0 (skip) or a whole number, got "${values['embed-docs']}"`, USAGE);
  const reindexDocs = Number(values['reindex-docs'] ?? (quick ? 3 : 60));
  if (!Number.isInteger(reindexDocs) || reindexDocs < 0 || reindexDocs === 1) {
    throw usageError(`--reindex-docs takes 0 (skip) or a whole number from 2, got "${values['reindex-docs']}"`, USAGE);
  }

  const databaseConfig = storeOption(values, USAGE);
  const vectors = values.vectors;
  if (vectors !== 'corpus' && vectors !== 'clustered') throw usageError(`--vectors takes corpus or clustered, got "${vectors}"`, USAGE);
  if (vectors !== 'corpus' && !databaseConfig) throw usageError('--vectors is for --store postgres', USAGE);
  if (values.hnsw !== undefined && !databaseConfig) throw usageError('--hnsw is for --store postgres', USAGE);
  if (values['skip-file'] && !databaseConfig) throw usageError('--skip-file is for --store postgres (it measures PostgreSQL alone)', USAGE);
  if (values['keep-schema'] && !databaseConfig) throw usageError('--keep-schema is for --store postgres', USAGE);
  const hnswBuilds = (values.hnsw ?? '')
    .split(',')
    .filter((pair) => pair.trim() !== '')
    .map((pair) => {
      const [m, efConstruction] = pair.split(':').map(Number);
      // pgvector's limits: m 2..100, ef_construction 4..1000 and at least 2 * m.
      if (!Number.isInteger(m) || !Number.isInteger(efConstruction) || m! < 2 || m! > 100 || efConstruction! < 2 * m! || efConstruction! > 1000) {
        throw usageError(`--hnsw takes m:ef_construction pairs (m 2-100, ef_construction 2m-1000), e.g. 24:100,32:200; got "${pair}"`, USAGE);
      }
      return { m: m!, ef_construction: efConstruction! };
    });
  if (values.datasets !== undefined && !existsSync(values.datasets)) throw usageError(`--datasets ${values.datasets}: no such folder`, USAGE);
  const config = loadEngineConfig();
  const model = await loadBenchModel(config);
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'article-bot-bench-'));
  let postgres: BenchDatabase | undefined;
  try {
    if (databaseConfig) {
      const database = await openEvalDatabase(databaseConfig, 'bench');
      postgres = { database, url: urlInSchema(databaseConfig.url, database.schema), engineConfig: config, vectors, hnswBuilds };
      process.stderr.write(`PostgreSQL at ${database.server}, schema ${database.schema} (${values['keep-schema'] ? 'kept at the end' : 'dropped at the end'})\n`);
    }
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
      skipVectra: values['skip-vectra'] || values['skip-file'],
      skipFile: values['skip-file'],
      postgres,
      onProgress: (event) => {
        const line = describe(event);
        if (line) process.stderr.write(`${line}\n`);
      },
    });
    if (embedDocs > 0 || reindexDocs > 0) {
      // Both parts use the same model and the first articles of the same source: read them once.
      const { embeddingModel, shaped } = await responsivenessModel(config);
      const source = await documentSource(path.resolve(values.datasets ?? DEFAULT_DATASETS_DIR));
      const articles = [...take(source.documents, Math.max(embedDocs, reindexDocs))];
      if (embedDocs > 0) {
        const documents = articles.slice(0, embedDocs);
        process.stderr.write(`Indexing ${documents.length} articles to time embedding, beside a bare onnxruntime session...\n`);
        const { report: embedding, details } = await measureEmbeddingSpeed({
          config: { ...config, embeddingModel },
          documents,
          workDir,
          segments: quick ? 1 : 6,
          ceilingRunsPerPart: 2,
          questions: quick ? 20 : 100,
        });
        report.embedding = embedding;
        report.notes.push(embeddingNote(embedding, details, shaped));
      }
      if (reindexDocs > 0) {
        const documents = articles.slice(0, reindexDocs);
        const measured = await measureReindexResponsiveness({
          config: { ...config, embeddingModel },
          documents,
          workDir,
          onProgress: (mode) => process.stderr.write(`Reindexing ${documents.length} articles, embedding ${BULK_MODE_LABELS[mode]}...\n`),
        });
        report.reindex = { ...measured, note: reindexNote(shaped) };
      }
    }
    process.stdout.write(`${formatBenchReport(report)}\n`);
    if (values.out) {
      await mkdir(path.dirname(path.resolve(values.out)), { recursive: true });
      await writeFile(values.out, `${JSON.stringify(report, null, 2)}\n`);
      process.stderr.write(`Wrote ${values.out}\n`);
    }
  } finally {
    await postgres?.database.close({ keepSchema: values['keep-schema'] });
    if (postgres && values['keep-schema']) {
      process.stderr.write(`Kept schema ${postgres.database.schema}; remove it with: DROP SCHEMA ${postgres.database.schema} CASCADE\n`);
    }
    await model.embedder.close();
    await rm(workDir, { recursive: true, force: true });
  }
});
