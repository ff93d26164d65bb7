/**
 * Benchmark probe, run in a fresh process by `npm run bench`: the reference
 * numbers from vectra itself on the same chunks and vectors. `items` loads our
 * version folder's `index.json` with `LocalIndex` and times `queryItems`;
 * `documents` loads a `LocalDocumentIndex` folder (see `vectra-documents.ts`)
 * and times `queryDocuments` with `isBm25`, whose embedding step is answered
 * from the given vectors so that only vectra's own work is timed.
 */
import { memoryNow, peakRssMb, probeMain, type ProbeMemory } from './run-probe.ts';

export interface VectraProbeInput {
  kind: 'items' | 'documents';
  folder: string;
  questions: { text: string; vector: number[] }[];
  /** Chunks each query returns (as many as our retriever takes per list). */
  topK: number;
  warmup: number;
  /** Stop after this many questions or this much time (none: no limit), whichever comes first; at least one question. */
  maxQuestions: number;
  budgetMs?: number;
}

export interface VectraProbeOutput extends ProbeMemory {
  load_ms: number;
  query_ms: number[];
}

const baseline = memoryNow();

await probeMain<VectraProbeInput, VectraProbeOutput>(async (input) => {
  const { LocalDocumentIndex, LocalIndex } = await import('vectra');
  const vectors = new Map(input.questions.map((q) => [q.text, q.vector]));
  const embeddings = {
    maxTokens: 8000,
    createEmbeddings: async (inputs: string | string[]) => ({
      status: 'success' as const,
      output: (Array.isArray(inputs) ? inputs : [inputs]).map((text) => {
        const vector = vectors.get(text);
        if (!vector) throw new Error(`no vector for question ${JSON.stringify(text)}`);
        return vector;
      }),
    }),
  };
  const index =
    input.kind === 'items' ? new LocalIndex(input.folder) : new LocalDocumentIndex({ folderPath: input.folder, embeddings });
  const query = (q: { text: string; vector: number[] }) =>
    index instanceof LocalDocumentIndex
      ? index.queryDocuments(q.text, { maxChunks: input.topK, isBm25: true })
      : index.queryItems(q.vector, q.text, input.topK);

  const started = performance.now();
  const stats = await index.getIndexStats();
  const loadMs = performance.now() - started;
  if (stats.items === 0) throw new Error(`vectra found no items in ${input.folder}`);
  const rss = memoryNow();

  for (const q of input.questions.slice(0, input.warmup)) await query(q);
  const times: number[] = [];
  const deadline = input.budgetMs === undefined ? Number.POSITIVE_INFINITY : performance.now() + input.budgetMs;
  for (const q of input.questions.slice(0, input.maxQuestions)) {
    const t = performance.now();
    await query(q);
    times.push(performance.now() - t);
    if (performance.now() > deadline) break;
  }
  return { load_ms: loadMs, baseline_rss_mb: baseline, rss_mb: rss, peak_rss_mb: peakRssMb(), query_ms: times };
});
