import path from 'node:path';
import type { Embedder, TokenCounter } from '../src/embedding/embedder.ts';
import { EMBED_BATCH } from '../src/indexing/build-index.ts';
import { chunkCorpus, type BenchCorpus } from './bench-corpus.ts';
import { readNewsDocuments, remixDocuments, syntheticDocuments, type BenchDocument } from './bench-documents.ts';
import { describeMachine, type MachineInfo } from './machine.ts';
import { measureSize, TOP_K, WARMUP_QUESTIONS, type EmbeddedCorpus } from './measure-size.ts';
import type { EmbeddingReport } from './embedding-speed.ts';
import type { ResponsivenessReport } from './reindex-responsiveness.ts';
import type { BenchDatabase, PostgresRun } from './measure-postgres.ts';
import { measurePostgresOnly } from './measure-postgres-only.ts';
import { seededRandom } from './seeded-random.ts';

/** Texts per embedding call while building, as the index builder batches them. */

export interface BenchSettings {
  /** Corpus sizes in chunks, e.g. [1000, 10000, 50000]; smaller corpora are prefixes of the largest. */
  sizes: number[];
  /** Questions timed per corpus (after a warm-up). */
  questions: number;
  /** Fresh-process load + query runs per corpus; the report gives their median. */
  repeats: number;
  /** Folder holding `realtimeqa-news/`; without it the corpus is synthetic. */
  datasetsDir: string;
  /** Scratch space for the index folders (deleted as the run goes). */
  workDir: string;
  chunking: { maxTokens: number; overlapSentences: number };
  /** vectra's `queryDocuments` with BM25 rebuilds its keyword index per query: cap how many are timed. */
  vectraDocuments: { maxQuestions: number; budgetMs: number };
  /** The embedder is the generated bag-of-words model (said in the report). */
  generatedModel: boolean;
  quick: boolean;
  /** Leave out vectra's own queries (--skip-vectra): its fields are then NaN (null in the JSON). */
  skipVectra?: boolean;
  /** With --store postgres: the run's schema; each size is also saved there and queried beside the file store. */
  postgres?: BenchDatabase;
  /**
   * With --store postgres: measure PostgreSQL alone (--skip-file), writing no file index or vectra index;
   * the file store's and vectra's fields are then NaN (null in the JSON). With --vectors clustered the
   * corpus is not embedded at all.
   */
  skipFile?: boolean;
  onProgress?: (event: BenchProgress) => void;
}

/** Progress as data; the CLI prints it. */
export type BenchProgress =
  | { phase: 'corpus'; description: string }
  | { phase: 'embed'; done: number; total: number }
  | { phase: 'step'; chunks: number; step: 'save' | 'questions' | 'load' | 'vectra-items' | 'vectra-documents' | 'postgres' };

/** One corpus size. The first nine fields are the output contract; the rest explain them. */
export interface BenchRun {
  chunks: number;
  /** Index build throughput excluding embedding: chunking + saving the version folder (all files, vectra's included). */
  build_chunks_per_s: number;
  load_ms: number;
  rss_mb: number;
  retrieval_p50_ms: number;
  retrieval_p95_ms: number;
  /** The same questions as fact questions ("When did ...?", "How many ...?"), facts stated / only quoted, measured alternately in one process. */
  fact_questions_p50_ms: number;
  fact_questions_without_facts_p50_ms: number;
  embed_query_p50_ms: number;
  vectra_queryItems_p95_ms: number;
  vectra_queryDocuments_bm25_p95_ms: number;

  documents: number;
  build_with_embedding_chunks_per_s: number;
  embed_chunks_per_s: number;
  /** Of the save, the time spent writing vectra's index.json. */
  vectra_json_write_ms: number;
  save_ms: number;
  peak_rss_mb: number;
  baseline_rss_mb: number;
  simd: boolean;
  questions: number;
  answered_share: number;
  embed_query_p95_ms: number;
  vectra_load_ms: number;
  vectra_rss_mb: number;
  vectra_queryItems_p50_ms: number;
  vectra_queryItems_questions: number;
  /** Our dense scan alone (the top RESULTS_PER_LIST of all rows), like for like with vectra's queryItems. */
  dense_p50_ms: number;
  dense_p95_ms: number;
  /** Rows the dense scan re-scored exactly after the int8 pass (median, p95). */
  dense_rescored_p50: number;
  dense_rescored_p95: number;
  vectra_queryDocuments_bm25_p50_ms: number;
  vectra_queryDocuments_bm25_questions: number;
  /** vectra queryItems p95 / our retrieval p95. */
  speedup_vs_queryItems: number;
  /** Size on disk of each file of the version folder, in MB. */
  files_mb: Record<string, number>;
  /** The same chunks, vectors and questions in PostgreSQL (--store postgres only). */
  postgres?: PostgresRun;
}

export interface BenchReport {
  machine: MachineInfo;
  date: string;
  model: { id: string; dimensions: number; generated: boolean };
  corpus: string;
  settings: { questions: number; repeats: number; top_k: number; warmup: number; quick: boolean };
  notes: string[];
  runs: BenchRun[];
  /** How fast `npm run index` embeds against a bare session's ceiling, same run; absent when skipped (--embed-docs 0). */
  embedding?: EmbeddingReport;
  /** What a reindex does to the running bot; absent when skipped (--reindex-docs 0). */
  reindex?: ResponsivenessReport & { note: string };
}

/** The benchmark's documents: the news dataset (then remixes of it), or synthetic text without it. */
export async function documentSource(datasetsDir: string): Promise<{ documents: Iterable<BenchDocument>; description: string }> {
  const news = await readNewsDocuments(datasetsDir);
  if (news) {
    return {
      documents: (function* () {
        yield* news;
        yield* remixDocuments(news, seededRandom(1));
      })(),
      description: `realtimeqa-news (${news.length} distinct articles from ${path.join(datasetsDir, 'realtimeqa-news')}); beyond their chunks, documents made of their sentences in a seeded random order`,
    };
  }
  return {
    documents: await syntheticDocuments(),
    description: `synthetic text (${path.join(datasetsDir, 'realtimeqa-news')} not found): words drawn by spoken-English frequency`,
  };
}

/** Embeds every chunk in batches as the index builder does; `ms[i]` is the time spent up to and including row i. */
async function embedCorpus(corpus: BenchCorpus, embedder: Embedder, onProgress?: (e: BenchProgress) => void): Promise<EmbeddedCorpus> {
  const { dimensions } = embedder;
  const vectors = new Float32Array(corpus.chunks.length * dimensions);
  const ms = new Float64Array(corpus.chunks.length);
  let spent = 0;
  for (let at = 0; at < corpus.chunks.length; at += EMBED_BATCH) {
    const batch = corpus.chunks.slice(at, at + EMBED_BATCH);
    const started = performance.now();
    const embedded = await embedder.embed(batch.map((c) => c.text));
    const share = (performance.now() - started) / batch.length;
    embedded.forEach((vector, j) => {
      vectors.set(vector, (at + j) * dimensions);
      spent += share;
      ms[at + j] = spent;
    });
    onProgress?.({ phase: 'embed', done: at + batch.length, total: corpus.chunks.length });
  }
  return { vectors, ms };
}

/**
 * Measures index build, load, memory and query latency at each corpus size,
 * beside vectra's own `LocalIndex.queryItems` and
 * `LocalDocumentIndex.queryDocuments` (BM25 on) over the same chunks and
 * vectors. Loads and queries run in fresh child processes.
 */
export async function runBench(embedder: Embedder & TokenCounter, settings: BenchSettings): Promise<BenchReport> {
  const machine = describeMachine();
  const progress = settings.onProgress;
  const sizes = [...settings.sizes].sort((a, b) => a - b);
  const largest = sizes[sizes.length - 1]!;
  const source = await documentSource(settings.datasetsDir);
  const corpus = chunkCorpus(source.documents, largest, { ...settings.chunking, tokens: embedder });
  const origins = Object.entries(corpus.origins).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(', ');
  progress?.({ phase: 'corpus', description: `${largest} chunks (${origins}) from ${corpus.documents.length} documents` });
  const { dimensions } = embedder;
  const runs: BenchRun[] = [];
  if (settings.skipFile) {
    if (!settings.postgres) throw new Error('skipFile needs the bench database (--store postgres)');
    // Clustered vectors replace the corpus's in PostgreSQL: embedding a million passages first would be wasted.
    const embedded = settings.postgres.vectors === 'clustered' ? null : await embedCorpus(corpus, embedder, progress);
    for (const size of sizes) runs.push(await measurePostgresOnly(size, corpus, embedded, embedder, settings));
  } else {
    const embedded = await embedCorpus(corpus, embedder, progress);
    for (const size of sizes) runs.push(await measureSize(size, corpus, embedded, embedder, settings));
  }
  return {
    machine,
    date: new Date().toISOString(),
    model: { id: embedder.modelId, dimensions, generated: settings.generatedModel },
    corpus: source.description,
    settings: { questions: settings.questions, repeats: settings.repeats, top_k: TOP_K, warmup: WARMUP_QUESTIONS, quick: settings.quick },
    notes: [
      ...(settings.skipFile
        ? [
            `--skip-file: PostgreSQL alone; no file index or vectra index was written, so their fields read – (null in the JSON)${settings.postgres?.vectors === 'clustered' ? ', and the corpus was not embedded (its vectors in PostgreSQL are clustered Gaussians)' : ''}.`,
          ]
        : [
            `load_ms and rss_mb: a fresh process loading the newest index version as the engine does (manifest, checksums, chunks, vectors, keyword index, retriever); rss_mb after a garbage collection, including ~${runs[0]?.baseline_rss_mb ?? '?'} MB for Node and tsx themselves; medians of ${settings.repeats} run(s).`,
            `retrieval: dense scan + keyword search + rank fusion + excerpt choice and answer building for ${settings.questions} questions after ${WARMUP_QUESTIONS} warm-up ones, question embedding excluded (embed_query_* times it separately).`,
            `dense scan: the exact top ${TOP_K} by cosine; an int8 WebAssembly SIMD pass bounds every row's score, and only rows whose bound reaches the ${TOP_K}th are re-scored in float32 (dense_rescored_*), so the hits equal a full float scan's.`,
            `vectra_queryItems: vectra ${TOP_K} nearest items by its JSON index.json (vectors only, no keyword search, no excerpts); vectra_queryDocuments_bm25: LocalDocumentIndex.queryDocuments with isBm25 over the same chunks and vectors (question embedding answered from a cache), at most ${settings.vectraDocuments.maxQuestions} questions or ${Math.round(settings.vectraDocuments.budgetMs / 1000)} s per size.`,
            `build_chunks_per_s excludes embedding (chunking + saving every file, vectra's index.json and the keyword index included); reading article files is not included.`,
          ]),
      'Timings are medians on a shared machine: other processes may be running (see load_average).',
    ],
    runs,
  };
}
