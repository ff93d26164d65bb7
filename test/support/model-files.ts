import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** SHA-256 of each file of a generated model folder, keyed by its relative path. */
export async function fileHashes(info: { dir: string; files: readonly string[] }): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  for (const file of info.files) {
    hashes[file] = createHash('sha256').update(await readFile(path.join(info.dir, file))).digest('hex');
  }
  return hashes;
}

/** Dot product; the cosine for the normalised vectors the embedders return. */
export const dot = (a: Float32Array, b: Float32Array): number => a.reduce((sum, value, i) => sum + value * b[i]!, 0);
