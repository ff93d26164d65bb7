import { createHash } from 'node:crypto';
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Embedder } from '../src/embedding/embedder.ts';
import { documentRecord } from '../src/indexing/build-index.ts';
import { RESULTS_PER_LIST } from '../src/search/retriever.ts';
import { FileIndexStore } from '../src/store/file-index-store.ts';
import { CHUNKER_VERSION, type DocumentRecord } from '../src/records/index.ts';
import { writeVectraIndex } from '../src/store/vectra-format.ts';
import { corpusPrefix, type BenchCorpus } from './bench-corpus.ts';
import type { BenchDocument } from './bench-documents.ts';
import { benchQuestions } from './bench-questions.ts';
import type { IndexProbeInput, IndexProbeOutput } from './probe-index.ts';
import type { VectraProbeInput, VectraProbeOutput } from './probe-vectra.ts';
import type { BenchRun, BenchSettings } from './run-bench.ts';
import { measurePostgres } from './measure-postgres.ts';
import { runProbe } from './run-probe.ts';
import { seededRandom } from './seeded-random.ts';
import { median, quantile, round } from './stats.ts';
import { writeVectraDocumentIndex } from './vectra-documents.ts';

/** Chunks each ranking returns before fusion in our retriever; vectra is asked for as many. */
export const TOP_K = RESULTS_PER_LIST;
export const WARMUP_QUESTIONS = 20;

/** The embedded corpus: `vectors` row i for chunk i; `ms[i]` the embedding time spent up to and including row i. */
export interface EmbeddedCorpus {
  vectors: Float32Array;
  ms: Float64Array;
}

/** The record the index builder would keep for a bench document stored as a bare text file. */
export const benchDocumentRecord = (doc: BenchDocument, chunks: number): DocumentRecord =>
  documentRecord(
    {
      id: doc.id,
      title: doc.title,
      outlet: null,
      date: null,
      byline: null,
      url: null,
      text: doc.text,
      bodyOffset: 0,
      hash: createHash('sha256').update(doc.text).digest('hex'),
      bytes: Buffer.byteLength(doc.text),
    },
    chunks,
  );

async function folderSizes(folder: string): Promise<Record<string, number>> {
  const sizes: Record<string, number> = {};
  for (const name of await readdir(folder)) sizes[name] = round((await stat(path.join(folder, name))).size / 1024 ** 2);
  return sizes;
}

/**
 * The index version a bench size saves: the corpus prefix's documents and
 * chunks, `vectors` (row i for chunk i) and a manifest as a build writes it.
 */
export function benchSnapshot(prefix: ReturnType<typeof corpusPrefix>, embedder: Embedder, settings: BenchSettings, vectors: Float32Array) {
  const perDocument = new Map<string, number>();
  for (const c of prefix.chunks) perDocument.set(c.documentId, (perDocument.get(c.documentId) ?? 0) + 1);
  return {
    manifest: {
      formatVersion: 1 as const,
      builtAt: new Date().toISOString(),
      model: { id: embedder.modelId, dimensions: embedder.dimensions },
      chunker: { version: CHUNKER_VERSION, ...settings.chunking },
      documents: prefix.documents.length,
      chunks: prefix.chunks.length,
    },
    documents: prefix.documents.map((d) => benchDocumentRecord(d, perDocument.get(d.id) ?? 0)),
    chunks: prefix.chunks,
    vectors,
  };
}

/** The bench's questions for one size, each embedded alone and timed (after a warm-up). */
export async function embedBenchQuestions(
  prefix: ReturnType<typeof corpusPrefix>,
  embedder: Embedder,
  count: number,
  size: number,
): Promise<{ questions: { text: string; vector: number[] }[]; embedMs: number[] }> {
  const texts = benchQuestions(prefix, count, seededRandom(size));
  const questions: { text: string; vector: number[] }[] = [];
  const embedMs: number[] = [];
  await embedder.embed(texts.slice(0, 5)); // warm-up
  for (const text of texts) {
    const started = performance.now();
    const [vector] = await embedder.embed([text]);
    embedMs.push(performance.now() - started);
    questions.push({ text, vector: Array.from(vector!) });
  }
  return { questions, embedMs };
}

/**
 * One corpus size: saves the first `size` chunks as an index version (timed),
 * embeds the questions one by one (timed), loads and queries the index in
 * fresh processes, then runs vectra's own queries on the same data. Deletes
 * what it wrote.
 */
export async function measureSize(
  size: number,
  corpus: BenchCorpus,
  embedded: EmbeddedCorpus,
  embedder: Embedder,
  settings: BenchSettings,
): Promise<BenchRun> {
  const progress = settings.onProgress;
  const { dimensions } = embedder;
  const prefix = corpusPrefix(corpus, size);
  const vectors = embedded.vectors.subarray(0, size * dimensions);
  const snapshot = benchSnapshot(prefix, embedder, settings, vectors);
  const indexDir = path.join(settings.workDir, `index-${size}`);
  const vectraDocsDir = path.join(settings.workDir, `vectra-documents-${size}`);
  try {
    progress?.({ phase: 'step', chunks: size, step: 'save' });
    const saveStarted = performance.now();
    await new FileIndexStore(indexDir).save(snapshot);
    const saveMs = performance.now() - saveStarted;
    const versionDir = path.join(indexDir, (await new FileIndexStore(indexDir).versions()).at(-1)!);
    const jsonStarted = performance.now();
    if (!settings.skipVectra) await writeVectraIndex(path.join(settings.workDir, `vectra-json-${size}.tmp`), snapshot);
    const vectraJsonMs = settings.skipVectra ? NaN : performance.now() - jsonStarted;
    await rm(path.join(settings.workDir, `vectra-json-${size}.tmp`), { force: true });

    progress?.({ phase: 'step', chunks: size, step: 'questions' });
    const { questions, embedMs } = await embedBenchQuestions(prefix, embedder, settings.questions, size);

    const loads: IndexProbeOutput[] = [];
    for (let r = 0; r < settings.repeats; r++) {
      progress?.({ phase: 'step', chunks: size, step: 'load' });
      loads.push(await runProbe<IndexProbeOutput>('./probe-index.ts', { indexDir, questions, warmup: WARMUP_QUESTIONS } satisfies IndexProbeInput));
    }

    // --skip-vectra: vectra's figures are NaN (null in the JSON).
    const skipped = { load_ms: NaN, rss_mb: NaN, query_ms: [] as number[] } as VectraProbeOutput;
    if (!settings.skipVectra) progress?.({ phase: 'step', chunks: size, step: 'vectra-items' });
    const items = settings.skipVectra ? skipped : await runProbe<VectraProbeOutput>('./probe-vectra.ts', {
      kind: 'items',
      folder: versionDir,
      questions,
      topK: TOP_K,
      warmup: Math.min(5, WARMUP_QUESTIONS),
      maxQuestions: questions.length,
    } satisfies VectraProbeInput);

    if (!settings.skipVectra) {
      progress?.({ phase: 'step', chunks: size, step: 'vectra-documents' });
      await writeVectraDocumentIndex(vectraDocsDir, prefix.documents, prefix.chunks, vectors, dimensions);
    }
    const docs = settings.skipVectra ? skipped : await runProbe<VectraProbeOutput>('./probe-vectra.ts', {
      kind: 'documents',
      folder: vectraDocsDir,
      questions,
      topK: TOP_K,
      warmup: 0,
      maxQuestions: settings.vectraDocuments.maxQuestions,
      budgetMs: settings.vectraDocuments.budgetMs,
    } satisfies VectraProbeInput);

    const chunkMs = corpus.chunkMs[size - 1]!;
    let postgres: BenchRun['postgres'];
    if (settings.postgres) {
      progress?.({ phase: 'step', chunks: size, step: 'postgres' });
      postgres = await measurePostgres(size, snapshot, chunkMs, questions, settings.postgres, { repeats: settings.repeats, warmup: WARMUP_QUESTIONS });
    }
    const p = (q: number) => median(loads.map((l) => quantile(l.retrieval_ms, q)));
    const retrievalP95 = p(0.95);
    const itemsP95 = quantile(items.query_ms, 0.95);
    return {
      chunks: size,
      build_chunks_per_s: round(size / ((chunkMs + saveMs) / 1000)),
      load_ms: round(median(loads.map((l) => l.load_ms))),
      rss_mb: round(median(loads.map((l) => l.rss_mb))),
      retrieval_p50_ms: round(p(0.5)),
      retrieval_p95_ms: round(retrievalP95),
      fact_questions_p50_ms: round(median(loads.map((l) => quantile(l.typed_ms, 0.5)))),
      fact_questions_without_facts_p50_ms: round(median(loads.map((l) => quantile(l.typed_no_facts_ms, 0.5)))),
      embed_query_p50_ms: round(quantile(embedMs, 0.5)),
      vectra_queryItems_p95_ms: round(itemsP95),
      vectra_queryDocuments_bm25_p95_ms: round(quantile(docs.query_ms, 0.95)),
      documents: prefix.documents.length,
      build_with_embedding_chunks_per_s: round(size / ((chunkMs + embedded.ms[size - 1]! + saveMs) / 1000)),
      embed_chunks_per_s: round(size / (embedded.ms[size - 1]! / 1000)),
      vectra_json_write_ms: round(vectraJsonMs),
      save_ms: round(saveMs),
      peak_rss_mb: round(median(loads.map((l) => l.peak_rss_mb))),
      baseline_rss_mb: round(median(loads.map((l) => l.baseline_rss_mb))),
      simd: loads.every((l) => l.simd),
      questions: questions.length,
      answered_share: round(median(loads.map((l) => l.answered)) / questions.length),
      embed_query_p95_ms: round(quantile(embedMs, 0.95)),
      vectra_load_ms: round(items.load_ms),
      vectra_rss_mb: round(items.rss_mb),
      vectra_queryItems_p50_ms: round(quantile(items.query_ms, 0.5)),
      vectra_queryItems_questions: items.query_ms.length,
      dense_p50_ms: round(median(loads.map((l) => quantile(l.dense_ms, 0.5)))),
      dense_p95_ms: round(median(loads.map((l) => quantile(l.dense_ms, 0.95)))),
      dense_rescored_p50: quantile(loads[0]!.dense_rescored, 0.5),
      dense_rescored_p95: quantile(loads[0]!.dense_rescored, 0.95),
      vectra_queryDocuments_bm25_p50_ms: round(quantile(docs.query_ms, 0.5)),
      vectra_queryDocuments_bm25_questions: docs.query_ms.length,
      speedup_vs_queryItems: round(itemsP95 / retrievalP95),
      files_mb: await folderSizes(versionDir),
      ...(postgres ? { postgres } : {}),
    };
  } finally {
    await rm(indexDir, { recursive: true, force: true });
    await rm(vectraDocsDir, { recursive: true, force: true });
  }
}
