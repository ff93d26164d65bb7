import { loadArticlesFrom, type ArticleDocument, type ArticleProblem, type ArticleSource } from '../articles/index.ts';
import { chunkText, type Chunk } from '../chunking/chunk-text.ts';
import type { Embedder, TokenCounter } from '../embedding/embedder.ts';
import { crashPoint } from '../store/crash-point.ts';
import type { IndexStore, OpenedIndex } from '../store/index-store.ts';
import { CHUNKER_VERSION, type ChunkRecord, type DocumentRecord, type GateCalibration } from '../records/index.ts';
import type { IndexSnapshot } from '../store/snapshot.ts';

/** Progress of a build, as data: the CLI draws a bar, Discord edits a message, tests assert on it. */
export type BuildProgress =
  | { phase: 'scan'; documents: number; problems: number }
  | { phase: 'chunk'; done: number; total: number }
  | { phase: 'embed'; done: number; total: number }
  | { phase: 'write' }
  | { phase: 'swap' };

export interface BuildSummary {
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: number;
  /** Files that were skipped or indexed with a warning, with reasons. */
  problems: ArticleProblem[];
  documents: number;
  chunks: number;
  /** Passages embedded in this build (0 when nothing changed). */
  embedded: number;
  /** Why everything was rebuilt, when it was. */
  fullRebuild: string | null;
  durationMs: number;
}

export interface ChunkSettings {
  maxTokens: number;
  overlapSentences: number;
}

export interface BuildOptions {
  /** The collection's article files: a folder, or the database (DATABASE_URL). */
  articles: ArticleSource;
  maxFileBytes: number;
  store: IndexStore;
  /** The index currently answering, reused for unchanged articles when compatible. */
  previous: IndexSnapshot | null;
  embedder: Embedder;
  tokens: TokenCounter;
  chunking: ChunkSettings;
  onProgress?: (progress: BuildProgress) => void;
  signal?: AbortSignal;
  /** Measures the relevance gate on the new vectors (calibrate-gate.ts); its result is stored in the manifest. */
  calibrate?: (input: { vectors: Float32Array; dimensions: number; embedder: Embedder }) => Promise<GateCalibration>;
}

/**
 * A word piece is rarely longer than this many characters; counting at least
 * one piece per this many characters bounds a chunk's length even where the
 * tokenizer collapses a huge "word" into one [UNK] piece.
 */
export const MAX_CHARS_PER_TOKEN = 10;

/** Texts per embedding request: large enough to batch well, small enough for smooth progress. */
export const EMBED_BATCH = 64;

/** Why `previous` cannot be reused, or null when it can. */
function incompatibility(previous: IndexSnapshot | null, embedder: Embedder, chunking: ChunkSettings): string | null {
  if (!previous) return 'no previous index';
  const m = previous.manifest;
  if (m.model.id !== embedder.modelId || m.model.dimensions !== embedder.dimensions) {
    return `the embedding model changed (${m.model.id} -> ${embedder.modelId})`;
  }
  if (m.chunker.version !== CHUNKER_VERSION || m.chunker.maxTokens !== chunking.maxTokens || m.chunker.overlapSentences !== chunking.overlapSentences) {
    return 'the chunking settings changed';
  }
  return null;
}

/** The stored form of a chunk of article `documentId`. */
export const chunkRecord = (documentId: string, piece: Chunk): ChunkRecord => ({
  documentId,
  index: piece.index,
  start: piece.start,
  end: piece.end,
  text: piece.text,
  sentences: piece.sentences.map((s) => [s.start, s.end] as [number, number]),
});

/** The stored form of an article that was cut into `chunks` passages. */
export const documentRecord = (doc: ArticleDocument, chunks: number): DocumentRecord => ({
  id: doc.id,
  title: doc.title,
  outlet: doc.outlet,
  date: doc.date,
  byline: doc.byline,
  url: doc.url,
  hash: doc.hash,
  bytes: doc.bytes,
  chunks,
});

/**
 * Builds a new index version from the collection's articles: reads and validates
 * every file, re-chunks and re-embeds only new or changed articles (unless the
 * model or chunker changed), and saves through the store, which swaps it in
 * atomically and returns it opened. Throws without touching the current
 * version on any error.
 */
export async function buildIndex(options: BuildOptions): Promise<{ index: OpenedIndex; summary: BuildSummary }> {
  const started = performance.now();
  const { embedder, chunking, signal, onProgress } = options;
  const { documents, problems } = await loadArticlesFrom(options.articles, { maxFileBytes: options.maxFileBytes });
  onProgress?.({ phase: 'scan', documents: documents.length, problems: problems.length });
  crashPoint('scanned');
  signal?.throwIfAborted();

  const fullRebuild = incompatibility(options.previous, embedder, chunking);
  const previous = fullRebuild ? null : options.previous;
  const previousDocs = new Map(previous?.documents.map((d) => [d.id, d]) ?? []);
  const previousRows = new Map<string, number[]>();
  previous?.chunks.forEach((chunk, row) => {
    const rows = previousRows.get(chunk.documentId) ?? [];
    rows.push(row);
    previousRows.set(chunk.documentId, rows);
  });

  const { dimensions } = embedder;
  const chunks: ChunkRecord[] = [];
  /** For each output chunk: a row of `previous` to copy, or -1 when it must be embedded. */
  const source: number[] = [];
  const records: DocumentRecord[] = [];
  const added: string[] = [];
  const changed: string[] = [];
  let unchanged = 0;

  for (const [i, doc] of documents.entries()) {
    // Chunking runs on the calling thread: yield now and then so a bot's gateway heartbeat is never starved.
    if (i % 20 === 19) await new Promise((resolve) => setImmediate(resolve));
    signal?.throwIfAborted();
    const before = previousDocs.get(doc.id);
    if (before && before.hash === doc.hash) {
      const rows = previousRows.get(doc.id) ?? [];
      for (const row of rows) {
        chunks.push(previous!.chunks[row]!);
        source.push(row);
      }
      records.push({ ...documentRecord(doc, rows.length) });
      unchanged++;
    } else {
      (before ? changed : added).push(doc.id);
      const countTokens = (t: string) => Math.max(options.tokens.countTokens(t), Math.ceil(t.length / MAX_CHARS_PER_TOKEN));
      const pieces = chunkText(doc.text, { ...chunking, countTokens });
      for (const piece of pieces) {
        chunks.push(chunkRecord(doc.id, piece));
        source.push(-1);
      }
      records.push(documentRecord(doc, pieces.length));
    }
    onProgress?.({ phase: 'chunk', done: i + 1, total: documents.length });
    crashPoint('chunked', i + 1);
  }
  const current = new Set(documents.map((d) => d.id));
  const removed = [...previousDocs.keys()].filter((id) => !current.has(id));

  const vectors = new Float32Array(chunks.length * dimensions);
  const toEmbed: number[] = [];
  source.forEach((row, i) => {
    if (row >= 0) vectors.set(previous!.vectors.subarray(row * dimensions, (row + 1) * dimensions), i * dimensions);
    else toEmbed.push(i);
  });
  // Similar lengths in each request, so the embedder's batches (grouped by token length within a request) carry
  // little padding: passages are cut near CHUNK_MAX_TOKENS but each article's last one is short. Characters stand
  // in for tokens here (re-tokenising every passage costs time); the embedder groups by exact token counts.
  toEmbed.sort((a, b) => chunks[b]!.text.length - chunks[a]!.text.length || a - b);
  onProgress?.({ phase: 'embed', done: 0, total: toEmbed.length });
  const request = (at: number) => {
    signal?.throwIfAborted();
    crashPoint('embed-batch', at / EMBED_BATCH);
    const batch = toEmbed.slice(at, at + EMBED_BATCH);
    const embedding = embedder.embed(batch.map((i) => chunks[i]!.text));
    // Awaited below; if the build stops first (abort, an earlier batch's error), its rejection is not unhandled.
    embedding.catch(() => {});
    return { batch, embedding };
  };
  // The next request goes out before this one's vectors are awaited, so a child-process embedder finds it queued
  // and never idles for a round trip (an in-process embedder just runs them one after the other).
  let next = toEmbed.length > 0 ? request(0) : null;
  for (let at = 0; next; at += EMBED_BATCH) {
    const { batch, embedding } = next;
    next = at + EMBED_BATCH < toEmbed.length ? request(at + EMBED_BATCH) : null;
    const embedded = await embedding;
    embedded.forEach((vector, j) => {
      if (vector.length !== dimensions) throw new Error(`embedder returned ${vector.length} dimensions, expected ${dimensions}`);
      vectors.set(vector, batch[j]! * dimensions);
    });
    onProgress?.({ phase: 'embed', done: Math.min(at + EMBED_BATCH, toEmbed.length), total: toEmbed.length });
  }
  crashPoint('embedded');
  const calibration = await options.calibrate?.({ vectors, dimensions, embedder });
  signal?.throwIfAborted();

  const index = await options.store.save(
    {
      manifest: {
        formatVersion: 1,
        builtAt: new Date().toISOString(),
        model: { id: embedder.modelId, dimensions },
        chunker: { version: CHUNKER_VERSION, ...chunking },
        documents: records.length,
        chunks: chunks.length,
        ...(calibration ? { calibration } : {}),
      },
      documents: records,
      chunks,
      vectors,
    },
    { signal, onStage: (phase) => onProgress?.({ phase }) },
  );
  crashPoint('saved');
  return {
    index,
    summary: {
      added,
      changed,
      removed,
      unchanged,
      problems,
      documents: records.length,
      chunks: chunks.length,
      embedded: toEmbed.length,
      fullRebuild: options.previous && fullRebuild ? fullRebuild : null,
      durationMs: Math.round(performance.now() - started),
    },
  };
}
