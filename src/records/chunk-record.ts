import { z } from 'zod';

/** Bump when chunk boundaries would change for the same text: it forces a full rebuild. */
export const CHUNKER_VERSION = 1;

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

const isInteger = Number.isInteger as (value: unknown) => value is number;

/**
 * Checks parsed `chunks.json` against {@link chunkRecordSchema}, by hand:
 * zod takes ~400 ms for 50k chunks, a tight loop ~15 ms, and this runs at
 * every start-up. Returns the records as they are (unknown keys kept).
 */
export function parseChunkRecords(value: unknown): ChunkRecord[] {
  if (!Array.isArray(value)) throw new Error('chunks: expected an array');
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as Partial<Record<keyof ChunkRecord, unknown>> | null;
    const bad = (field: string) => new Error(`chunks[${i}].${field}: missing or of the wrong type`);
    if (typeof c !== 'object' || c === null) throw new Error(`chunks[${i}]: expected an object`);
    if (typeof c.documentId !== 'string') throw bad('documentId');
    if (typeof c.text !== 'string') throw bad('text');
    if (!isInteger(c.index)) throw bad('index');
    if (!isInteger(c.start)) throw bad('start');
    if (!isInteger(c.end)) throw bad('end');
    if (!Array.isArray(c.sentences)) throw bad('sentences');
    for (const span of c.sentences as unknown[]) {
      if (!Array.isArray(span) || span.length !== 2 || !isInteger(span[0]) || !isInteger(span[1])) throw bad('sentences');
    }
  }
  return value as ChunkRecord[];
}
