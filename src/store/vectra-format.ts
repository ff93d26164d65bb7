import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { once } from 'node:events';
import { crashPoint } from './crash-point.ts';
import type { SnapshotToWrite } from './snapshot.ts';

/** How every index.json we write starts and ends. */
const HEAD = '{"version":1,"metadata_config":{},"items":[';
const TAIL = ']}';

/** JSON numbers in vectra's file: 7 significant digits keep float32 precision at half the size. */
const toJsonVector = (row: Float32Array) => Array.from(row, (x) => Number(x.toPrecision(7)));

/**
 * Writes `index.json` in vectra's LocalIndex format (version 1), item by item.
 * vectra's own writer checks id uniqueness with a linear scan per insert
 * (quadratic: minutes at 50k chunks) and builds the whole file as one string
 * (the V8 string limit caps it near 65k items); streaming avoids both while
 * producing a file `new LocalIndex(folder).queryItems()` reads as usual.
 */
export async function writeVectraIndex(
  file: string,
  snapshot: SnapshotToWrite,
  signal?: AbortSignal,
): Promise<{ bytes: number; sha256: string }> {
  const { dimensions } = snapshot.manifest.model;
  const hash = createHash('sha256');
  let bytes = 0;
  const out = createWriteStream(file, { flush: true });
  const write = async (text: string) => {
    hash.update(text);
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  try {
    await write(HEAD);
    for (let row = 0; row < snapshot.chunks.length; row++) {
      if (row % 1000 === 0) signal?.throwIfAborted();
      const chunk = snapshot.chunks[row]!;
      const vector = snapshot.vectors.subarray(row * dimensions, (row + 1) * dimensions);
      let norm = 0;
      for (const x of vector) norm += x * x;
      const item = {
        id: `${chunk.documentId}#${chunk.index}`,
        metadata: { documentId: chunk.documentId, chunk: chunk.index, row },
        vector: toJsonVector(vector),
        norm: Math.sqrt(norm),
      };
      await write((row === 0 ? '' : ',') + JSON.stringify(item));
      crashPoint('vectra-row', row);
    }
    await write(TAIL);
    out.end();
    await once(out, 'close');
  } catch (error) {
    out.destroy();
    throw error;
  }
  return { bytes, sha256: hash.digest('hex') };
}

/**
 * Checks that `index.json` starts and ends as written, reading a few bytes:
 * the file is large and never read to answer questions (the vectors come from
 * the checksummed `vectors.f32`), so it is not hashed on every load, but a torn
 * or overwritten copy must not pass for a whole one.
 */
export async function checkVectraIndexEnds(file: string, size: number): Promise<void> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(Math.min(size, HEAD.length));
    const tail = Buffer.alloc(Math.min(size, TAIL.length));
    await handle.read(head, 0, head.length, 0);
    await handle.read(tail, 0, tail.length, size - tail.length);
    if (head.toString('latin1') !== HEAD || tail.toString('latin1') !== TAIL) {
      throw new Error('index.json does not start and end like a vectra index (overwritten or torn)');
    }
  } finally {
    await handle.close();
  }
}
