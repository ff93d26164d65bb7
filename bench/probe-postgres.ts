/**
 * Benchmark probe, run in a fresh process by `npm run bench -- --store
 * postgres`: opens a collection stored in PostgreSQL the way the bot does
 * (through `connectDatabaseStores`), then times the whole retrieval + answer
 * building, the dense search and the keyword search alone for each question
 * (its vector given, so embedding is not counted), and returns the dense
 * search's top rows at several `hnsw.ef_search` values for the parent to
 * score against an exact scan. RSS is this process's own: the bot's share.
 */
import { memoryNow, peakRssMb, probeMain, type ProbeMemory } from './run-probe.ts';
import { engineAskSettings, timeAnswers } from './time-answers.ts';

export interface PostgresProbeInput {
  /** The server URL, its search path set to the bench's schema (it holds the password: never printed). */
  url: string;
  collection: string;
  questions: { text: string; vector: number[] }[];
  warmup: number;
  /** Rows asked of the dense search for recall (10 for recall@10). */
  recallK: number;
  /** `hnsw.ef_search` values tried, each per query with SET LOCAL (pgvector's default is 40). */
  efSearch: number[];
  /** Only the ef_search sweep (after the bench rebuilt the HNSW index with other parameters): no answers timed. */
  recallOnly?: boolean;
}

export interface PostgresProbeOutput extends ProbeMemory {
  load_ms: number;
  /** RSS after every question was asked (after a garbage collection): flat when nothing of the corpus is kept. */
  rss_after_questions_mb: number;
  retrieval_ms: number[];
  dense_ms: number[];
  keyword_ms: number[];
  /** The keyword search's hits per question (best first), for the parent to compare with exact BM25. */
  keyword_hits: { row: number; score: number }[][];
  answered: number;
  /** Per ef_search value: the dense SELECT's time (inside its transaction) and its rows per question. */
  ef: { ef_search: number; ms: number[]; rows: number[][] }[];
}

const baseline = memoryNow();

await probeMain<PostgresProbeInput, PostgresProbeOutput>(async (input) => {
  const { connectDatabaseStores } = await import('../src/db/open-store.ts');
  const { Database } = await import('../src/db/connect.ts');
  const { denseSearch } = await import('../src/db/passage-queries.ts');
  const { PostgresPassageIndex } = await import('../src/db/postgres-passage-index.ts');
  const { RESULTS_PER_LIST } = await import('../src/search/retriever.ts');
  const { loadEngineConfig, loadDatabaseConfig } = await import('../src/config.ts');
  const { answerQuestion } = await import('../src/answer/answer-question.ts');
  const config = loadEngineConfig({});
  const databaseConfig = loadDatabaseConfig({ DATABASE_URL: input.url })!;
  const settings = await engineAskSettings();

  // What the bot does at start with DATABASE_URL: connect, check the schema, open the collection's active version.
  const started = performance.now();
  const stores = await connectDatabaseStores(databaseConfig);
  const store = stores.openStore({ ...config, collectionId: input.collection });
  const opened = await store.open();
  if (!opened) throw new Error(`no active version in collection ${input.collection}`);
  const passages = opened.passages;
  if (!(passages instanceof PostgresPassageIndex)) throw new Error('the PostgreSQL store opened an index that is not searched in the database');
  const documents = new Map(opened.documents.map((d) => [d.id, d]));
  const loadMs = performance.now() - started;
  const rss = memoryNow();

  const questions = input.questions.map((q) => ({ text: q.text, vector: Float32Array.from(q.vector) }));
  const { times, answered } = input.recallOnly
    ? { times: [], answered: 0 }
    : await timeAnswers(answerQuestion, { passages, documents, settings }, questions, input.warmup);
  const dense: number[] = [];
  const keyword: number[] = [];
  const keywordHits: PostgresProbeOutput['keyword_hits'] = [];
  for (const q of input.recallOnly ? [] : questions) {
    let t = performance.now();
    await passages.denseSearch(q.vector, RESULTS_PER_LIST);
    dense.push(performance.now() - t);
    t = performance.now();
    const hits = await passages.keywordSearch(q.text, RESULTS_PER_LIST);
    keyword.push(performance.now() - t);
    keywordHits.push(hits.map((h) => ({ row: h.row, score: h.score })));
  }
  const rssAfter = memoryNow();

  // The product's dense SELECT on one connection, with ef_search set for its transaction only.
  const db = new Database(databaseConfig, { maxConnections: 1 });
  const ef: PostgresProbeOutput['ef'] = [];
  try {
    for (const efSearch of input.efSearch) {
      const ms: number[] = [];
      const rows: number[][] = [];
      const client = await db.connect();
      try {
        const onClient = { query: (text: string, values?: unknown[]) => client.query(text, values) } as unknown as InstanceType<typeof Database>;
        for (const q of questions) {
          await client.query('BEGIN');
          await client.query(`SET LOCAL hnsw.ef_search = ${Number(efSearch)}`);
          const t = performance.now();
          const hits = await denseSearch(onClient, passages.version, q.vector, input.recallK);
          ms.push(performance.now() - t);
          await client.query('COMMIT');
          rows.push(hits.map((h) => h.row));
        }
      } finally {
        client.release();
      }
      ef.push({ ef_search: efSearch, ms, rows });
    }
  } finally {
    await db.close();
    await store.close();
    await stores.close();
  }
  return {
    load_ms: loadMs,
    baseline_rss_mb: baseline,
    rss_mb: rss,
    rss_after_questions_mb: rssAfter,
    peak_rss_mb: peakRssMb(),
    retrieval_ms: times,
    dense_ms: dense,
    keyword_ms: keyword,
    keyword_hits: keywordHits,
    answered,
    ef,
  };
});
