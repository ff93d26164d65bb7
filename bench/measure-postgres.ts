import type { EngineConfig } from '../src/config.ts';
import { KeywordIndex } from '../src/search/keyword-index.ts';
import { RESULTS_PER_LIST } from '../src/search/retriever.ts';
import type { SnapshotToWrite } from '../src/store/snapshot.ts';
import pg from 'pg';
import { partitionName, vectorType } from '../src/db/chunk-partition.ts';
import { Database } from '../src/db/connect.ts';
import { clusteredVectors } from './clustered-vectors.ts';
import type { EvalDatabase } from './eval-database.ts';
import type { PostgresProbeInput, PostgresProbeOutput } from './probe-postgres.ts';
import { runProbe } from './run-probe.ts';
import { median, quantile, round } from './stats.ts';

/** The `k` of dense recall@k against an exact scan. */
export const RECALL_K = 10;
/** `hnsw.ef_search` values measured: pgvector's default first, then raised. */
export const EF_SEARCH_VALUES = [40, 100, 200, 400];

/** HNSW build parameters (pgvector's `m`, `ef_construction`); the product builds with pgvector's defaults (16, 64). */
export interface HnswBuild {
  m: number;
  ef_construction: number;
}

/** The bench run's PostgreSQL schema (made and migrated at the start, dropped at the end) and what opening a store needs. */
export interface BenchDatabase {
  database: EvalDatabase;
  /** The server URL with its search path set to the schema, for the probe process. */
  url: string;
  engineConfig: EngineConfig;
  /**
   * The vectors saved into PostgreSQL: the corpus's own (the bench model's,
   * as the file store's), or clustered Gaussians (`clustered-vectors.ts`) in
   * their place, passages and questions alike, for recall closer to a real
   * embedding model's. Keyword search and the file store are unaffected.
   */
  vectors: 'corpus' | 'clustered';
  /** Other HNSW builds to measure recall with (`--hnsw`): the index is rebuilt with each after the main measure. */
  hnswBuilds: HnswBuild[];
}

/** One corpus size in PostgreSQL, beside the file store's row (`BenchRun.postgres`). */
export interface PostgresRun {
  /** Chunking + saving the version into PostgreSQL (rows, HNSW and GIN indexes, keyword statistics), embedding excluded. */
  build_chunks_per_s: number;
  save_ms: number;
  /** Connecting, checking the schema and opening the active version, in a fresh process. */
  load_ms: number;
  /** The answering process's RSS after opening, and after every question (both after a garbage collection). */
  rss_mb: number;
  rss_after_questions_mb: number;
  peak_rss_mb: number;
  baseline_rss_mb: number;
  retrieval_p50_ms: number;
  retrieval_p95_ms: number;
  dense_p50_ms: number;
  dense_p95_ms: number;
  keyword_p50_ms: number;
  keyword_p95_ms: number;
  answered_share: number;
  /** Which vectors were saved (see {@link BenchDatabase.vectors}). */
  vectors: BenchDatabase['vectors'];
  /**
   * How much of the exact BM25 ranking (the file store's keyword index over
   * the same passages) the database's keyword search returns: per question,
   * the share of the exact top 10 / top 40 found in its own top 10 / 40
   * (a passage scoring as high as the exact k-th counts: ties), averaged.
   */
  keyword_overlap_at_10: number;
  keyword_overlap_at_40: number;
  /** Dense recall@10 of the HNSW search against an exact scan of the same vectors, per ef_search, with the SELECT's latency. */
  recall: RecallRow[];
  /** The same for each other HNSW build (`--hnsw`), with how long rebuilding the index took. */
  other_builds: (HnswBuild & { build_ms: number; recall: RecallRow[] })[];
}

interface RecallRow {
  ef_search: number;
  recall_at_10: number;
  p50_ms: number;
  p95_ms: number;
}

/**
 * Rebuilds the HNSW index of the collection's active version with other
 * parameters (bench only: the product builds with pgvector's defaults).
 * @returns how long the build took.
 */
async function rebuildHnsw(url: string, collection: string, build: HnswBuild): Promise<number> {
  const db = new Database({ url, statementTimeoutMs: 3_600_000 }, { maxConnections: 1 });
  try {
    const active = await db.query<{ id: string; dimensions: number }>(
      `SELECT v.id::text AS id, v.dimensions FROM collections c JOIN versions v ON v.id = c.active_version WHERE c.id = $1`,
      [collection],
    );
    const { id, dimensions } = active.rows[0]!;
    const partition = partitionName(id);
    const indexes = await db.query<{ name: string }>(
      `SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1 AND indexdef LIKE '%USING hnsw%'`,
      [partition],
    );
    for (const { name } of indexes.rows) await db.query(`DROP INDEX ${pg.escapeIdentifier(name)}`);
    const started = performance.now();
    await db.query(
      `CREATE INDEX ON ${partition} USING hnsw ((embedding::${vectorType(dimensions)}) vector_cosine_ops) WITH (m = ${Number(build.m)}, ef_construction = ${Number(build.ef_construction)})`,
    );
    return performance.now() - started;
  } finally {
    await db.close();
  }
}

/** The exact top `k` rows by cosine similarity, and the k-th score (ties at it count as found). */
function exactTop(vectors: Float32Array, dimensions: number, norms: Float32Array, query: Float32Array, k: number): { rows: Set<number>; kth: number } {
  let qn = 0;
  for (let d = 0; d < dimensions; d++) qn += query[d]! * query[d]!;
  qn = Math.sqrt(qn) || 1;
  const best: { row: number; score: number }[] = [];
  const count = norms.length;
  for (let row = 0; row < count; row++) {
    let dot = 0;
    const base = row * dimensions;
    for (let d = 0; d < dimensions; d++) dot += vectors[base + d]! * query[d]!;
    const score = dot / (qn * (norms[row]! || 1));
    if (best.length < k || score > best[best.length - 1]!.score) {
      best.push({ row, score });
      best.sort((a, b) => b.score - a.score);
      if (best.length > k) best.pop();
    }
  }
  return { rows: new Set(best.map((b) => b.row)), kth: best[best.length - 1]?.score ?? -Infinity };
}

/** Recall@k of `found` (rows per question) against an exact scan; a found row scoring as high as the exact k-th counts (ties). */
function recallAt(found: number[][], exact: { rows: Set<number>; kth: number }[], score: (question: number, row: number) => number, k: number): number {
  let hit = 0;
  let total = 0;
  found.forEach((rows, i) => {
    const truth = exact[i]!;
    total += Math.min(k, truth.rows.size);
    hit += Math.min(truth.rows.size, rows.slice(0, k).filter((row) => truth.rows.has(row) || score(i, row) >= truth.kth - 1e-6).length);
  });
  return total === 0 ? 1 : hit / total;
}

/**
 * Saves the snapshot (the same chunks and vectors as the file store's; with
 * `--vectors clustered` its vectors are replaced by generated ones, so it may
 * come without any) as
 * collection `bench-<size>` in the bench's schema (timed), then queries it
 * from fresh processes with the same questions as the file store's probe.
 */
export async function measurePostgres(
  size: number,
  snapshot: SnapshotToWrite,
  chunkMs: number,
  questions: { text: string; vector: number[] }[],
  bench: BenchDatabase,
  options: { repeats: number; warmup: number },
): Promise<PostgresRun> {
  if (bench.vectors === 'clustered') {
    // The manifest's, not the vectors': with --skip-file the corpus was never embedded.
    const dimensions = snapshot.manifest.model.dimensions;
    const generated = clusteredVectors(size, questions.length, dimensions, size);
    snapshot = { ...snapshot, vectors: generated.passages };
    questions = questions.map((q, i) => ({ text: q.text, vector: Array.from(generated.questions[i]!) }));
  }
  if (snapshot.vectors.length !== size * snapshot.manifest.model.dimensions) {
    throw new Error(`measurePostgres: ${size} passages need ${size * snapshot.manifest.model.dimensions} floats, got ${snapshot.vectors.length}`);
  }
  const collection = `bench-${size}`;
  const store = bench.database.openStore(bench.engineConfig, collection);
  let saveMs: number;
  try {
    const started = performance.now();
    await store.save(snapshot);
    saveMs = performance.now() - started;
  } finally {
    await store.close();
  }

  const probes: PostgresProbeOutput[] = [];
  for (let r = 0; r < options.repeats; r++) {
    probes.push(
      await runProbe<PostgresProbeOutput>('./probe-postgres.ts', {
        url: bench.url,
        collection,
        questions,
        warmup: options.warmup,
        recallK: RECALL_K,
        efSearch: EF_SEARCH_VALUES,
      } satisfies PostgresProbeInput),
    );
  }

  const { vectors } = snapshot;
  const dimensions = vectors.length / size;
  const norms = new Float32Array(size);
  for (let row = 0; row < size; row++) {
    let n = 0;
    for (let d = 0; d < dimensions; d++) n += vectors[row * dimensions + d]! ** 2;
    norms[row] = Math.sqrt(n);
  }
  const queryVectors = questions.map((q) => Float32Array.from(q.vector));
  const exact = queryVectors.map((q) => exactTop(vectors, dimensions, norms, q, RECALL_K));
  const score = (question: number, row: number) => {
    const q = queryVectors[question]!;
    let dot = 0;
    let qn = 0;
    for (let d = 0; d < dimensions; d++) {
      dot += vectors[row * dimensions + d]! * q[d]!;
      qn += q[d]! * q[d]!;
    }
    return dot / ((Math.sqrt(qn) || 1) * (norms[row]! || 1));
  };

  const recallRows = (ef: PostgresProbeOutput['ef']): RecallRow[] =>
    ef.map((e) => ({
      ef_search: e.ef_search,
      recall_at_10: Math.round(recallAt(e.rows, exact, score, RECALL_K) * 1000) / 1000,
      p50_ms: round(quantile(e.ms, 0.5)),
      p95_ms: round(quantile(e.ms, 0.95)),
    }));
  const otherBuilds: PostgresRun['other_builds'] = [];
  for (const build of bench.hnswBuilds) {
    const buildMs = await rebuildHnsw(bench.url, collection, build);
    const probe = await runProbe<PostgresProbeOutput>('./probe-postgres.ts', {
      url: bench.url,
      collection,
      questions,
      warmup: 0,
      recallK: RECALL_K,
      efSearch: EF_SEARCH_VALUES,
      recallOnly: true,
    } satisfies PostgresProbeInput);
    otherBuilds.push({ ...build, build_ms: round(buildMs), recall: recallRows(probe.ef) });
  }

  const first = probes[0]!;
  const bm25 = snapshot.keywords ?? KeywordIndex.build(snapshot.chunks.map((c) => c.text));
  const exactKeyword = questions.map((q) => bm25.search(q.text, RESULTS_PER_LIST));
  // A returned passage scoring as high as the exact k-th counts as found: equal scores may be ordered either way.
  const overlap = (k: number) => {
    const shares = exactKeyword.flatMap((want, i) => {
      const top = want.slice(0, k);
      if (top.length === 0) return [];
      const kth = top[top.length - 1]!.score;
      const got = first.keyword_hits[i]!.slice(0, k);
      const rows = new Set(top.map((h) => h.row));
      const found = got.filter((h) => rows.has(h.row) || h.score >= kth * (1 - 1e-5)).length;
      return [Math.min(found, top.length) / top.length];
    });
    return shares.length === 0 ? 1 : Math.round((shares.reduce((a, b) => a + b, 0) / shares.length) * 1000) / 1000;
  };
  const m = (pick: (p: PostgresProbeOutput) => number) => round(median(probes.map(pick)));
  return {
    build_chunks_per_s: round(size / ((chunkMs + saveMs) / 1000)),
    save_ms: round(saveMs),
    load_ms: m((p) => p.load_ms),
    rss_mb: m((p) => p.rss_mb),
    rss_after_questions_mb: m((p) => p.rss_after_questions_mb),
    peak_rss_mb: m((p) => p.peak_rss_mb),
    baseline_rss_mb: m((p) => p.baseline_rss_mb),
    retrieval_p50_ms: m((p) => quantile(p.retrieval_ms, 0.5)),
    retrieval_p95_ms: m((p) => quantile(p.retrieval_ms, 0.95)),
    dense_p50_ms: m((p) => quantile(p.dense_ms, 0.5)),
    dense_p95_ms: m((p) => quantile(p.dense_ms, 0.95)),
    keyword_p50_ms: m((p) => quantile(p.keyword_ms, 0.5)),
    keyword_p95_ms: m((p) => quantile(p.keyword_ms, 0.95)),
    answered_share: round(median(probes.map((p) => p.answered)) / questions.length),
    vectors: bench.vectors,
    keyword_overlap_at_10: overlap(10),
    keyword_overlap_at_40: overlap(RESULTS_PER_LIST),
    recall: recallRows(first.ef),
    other_builds: otherBuilds,
  };
}
