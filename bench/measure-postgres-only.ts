import type { Embedder } from '../src/embedding/embedder.ts';
import { corpusPrefix, type BenchCorpus } from './bench-corpus.ts';
import { measurePostgres } from './measure-postgres.ts';
import { benchSnapshot, embedBenchQuestions, WARMUP_QUESTIONS, type EmbeddedCorpus } from './measure-size.ts';
import type { BenchRun, BenchSettings } from './run-bench.ts';
import { quantile, round } from './stats.ts';

/**
 * The file store's and vectra's fields of a {@link BenchRun} when they were
 * not measured (`--skip-file`): NaN, which the JSON report writes as null
 * and the table prints as –, as `--skip-vectra` leaves vectra's.
 */
const NOT_MEASURED = {
  build_chunks_per_s: NaN,
  load_ms: NaN,
  rss_mb: NaN,
  retrieval_p50_ms: NaN,
  retrieval_p95_ms: NaN,
  fact_questions_p50_ms: NaN,
  fact_questions_without_facts_p50_ms: NaN,
  vectra_queryItems_p95_ms: NaN,
  vectra_queryDocuments_bm25_p95_ms: NaN,
  build_with_embedding_chunks_per_s: NaN,
  vectra_json_write_ms: NaN,
  save_ms: NaN,
  peak_rss_mb: NaN,
  baseline_rss_mb: NaN,
  simd: false,
  answered_share: NaN,
  vectra_load_ms: NaN,
  vectra_rss_mb: NaN,
  vectra_queryItems_p50_ms: NaN,
  vectra_queryItems_questions: 0,
  dense_p50_ms: NaN,
  dense_p95_ms: NaN,
  dense_rescored_p50: NaN,
  dense_rescored_p95: NaN,
  vectra_queryDocuments_bm25_p50_ms: NaN,
  vectra_queryDocuments_bm25_questions: 0,
  speedup_vs_queryItems: NaN,
  files_mb: {},
} satisfies Partial<BenchRun>;

/**
 * One corpus size in PostgreSQL alone (`--store postgres --skip-file`): the
 * first `size` chunks are saved into the database and queried there as
 * {@link measurePostgres} does beside the file store, but no file index or
 * vectra index is written (the file store's files outgrow V8's longest
 * string well before a million passages). `embedded` is null with
 * `--vectors clustered`: the corpus was not embedded, and measurePostgres
 * draws every passage's vector from the clustered generator instead. The
 * questions are embedded with the bench model either way (timed, as
 * `embed_query_*`).
 */
export async function measurePostgresOnly(
  size: number,
  corpus: BenchCorpus,
  embedded: EmbeddedCorpus | null,
  embedder: Embedder,
  settings: BenchSettings,
): Promise<BenchRun> {
  const bench = settings.postgres;
  if (!bench) throw new Error('measurePostgresOnly needs the bench database (--store postgres)');
  const progress = settings.onProgress;
  const { dimensions } = embedder;
  const prefix = corpusPrefix(corpus, size);
  // Without embeddings (--vectors clustered) measurePostgres puts the generated vectors here.
  const snapshot = benchSnapshot(prefix, embedder, settings, embedded ? embedded.vectors.subarray(0, size * dimensions) : new Float32Array(0));

  progress?.({ phase: 'step', chunks: size, step: 'questions' });
  const { questions, embedMs } = await embedBenchQuestions(prefix, embedder, settings.questions, size);

  progress?.({ phase: 'step', chunks: size, step: 'postgres' });
  const chunkMs = corpus.chunkMs[size - 1]!;
  const postgres = await measurePostgres(size, snapshot, chunkMs, questions, bench, { repeats: settings.repeats, warmup: WARMUP_QUESTIONS });
  return {
    ...NOT_MEASURED,
    chunks: size,
    documents: prefix.documents.length,
    embed_query_p50_ms: round(quantile(embedMs, 0.5)),
    embed_query_p95_ms: round(quantile(embedMs, 0.95)),
    embed_chunks_per_s: embedded ? round(size / (embedded.ms[size - 1]! / 1000)) : NaN,
    questions: questions.length,
    postgres,
  };
}
