import { z } from 'zod';

/** Bump when chunk boundaries would change for the same text: it forces a full rebuild. */
export const CHUNKER_VERSION = 1;

export const documentRecordSchema = z.object({
  id: z.string(),
  title: z.string(),
  outlet: z.string().nullable(),
  date: z.string().nullable(),
  byline: z.string().nullable(),
  url: z.string().nullable(),
  hash: z.string(),
  bytes: z.number(),
  chunks: z.number().int(),
});
/** An indexed article, as listed by `sources`. */
export type DocumentRecord = z.infer<typeof documentRecordSchema>;

export const chunkRecordSchema = z.object({
  documentId: z.string(),
  index: z.number().int(),
  start: z.number().int(),
  end: z.number().int(),
  text: z.string(),
  /** Sentence spans as [start, end] offsets into the article body. */
  sentences: z.array(z.tuple([z.number().int(), z.number().int()])),
});
/** A passage of an article; `text` is `article.text.slice(start, end)`. */
export type ChunkRecord = z.infer<typeof chunkRecordSchema>;

export const manifestSchema = z.object({
  formatVersion: z.literal(1),
  builtAt: z.string(),
  model: z.object({ id: z.string(), dimensions: z.number().int().positive() }),
  chunker: z.object({ version: z.number().int(), maxTokens: z.number().int(), overlapSentences: z.number().int() }),
  documents: z.number().int(),
  chunks: z.number().int(),
  /** Size and sha256 of every data file, checked on load to catch truncation or corruption. */
  files: z.record(z.object({ bytes: z.number().int(), sha256: z.string() })),
});
export type Manifest = z.infer<typeof manifestSchema>;

/** Everything a loaded index holds. `vectors` has `chunks.length * dimensions` floats, row i for chunk i. */
export interface IndexSnapshot {
  manifest: Manifest;
  documents: DocumentRecord[];
  chunks: ChunkRecord[];
  vectors: Float32Array;
}

/** What a store writes; the manifest's file list is filled in by the store. */
export type SnapshotToWrite = Omit<IndexSnapshot, 'manifest'> & { manifest: Omit<Manifest, 'files'> };
