import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { env, type FeatureExtractionPipeline } from '@xenova/transformers';

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

/** Loads model folders the way the product does: no network, files read from `parent`/<name> only. */
export function useLocalModels(parent: string): void {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = parent;
  // The file cache is consulted before the local folder; keep it out of the way.
  env.useFSCache = false;
}

/** Each text's vector from a transformers.js feature-extraction pipeline, mean-pooled and normalised. */
export async function embedWithPipeline(pipe: FeatureExtractionPipeline, texts: string[]): Promise<Float32Array[]> {
  const output = await pipe(texts, { pooling: 'mean', normalize: true });
  const width = output.dims[1]!;
  const data = output.data as Float32Array;
  return texts.map((_, row) => data.slice(row * width, (row + 1) * width));
}
