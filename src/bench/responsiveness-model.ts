import { existsSync } from 'node:fs';
import { readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { EngineConfig } from '../config.ts';
import { MINILM_SHAPED_MARKER, makeMiniLmShapedModel } from './minilm-shaped-model.ts';

/** Folder name of the MiniLM-shaped benchmark model inside the model cache. */
const SHAPED_DIR = 'minilm-shaped-benchmark';

/**
 * The model a reindex is timed with: EMBEDDING_MODEL when set; otherwise a
 * model with all-MiniLM-L6-v2's shape and random weights (written once into
 * the model cache), because the generated bag-of-words model is far cheaper
 * to run than the real default model and would understate the cost.
 */
export async function responsivenessModel(config: EngineConfig): Promise<{ embeddingModel: string; shaped: boolean }> {
  if (config.embeddingModel !== undefined) return { embeddingModel: config.embeddingModel, shaped: false };
  const dir = path.resolve(config.modelCacheDir, SHAPED_DIR);
  if (!(await isShapedModel(dir))) {
    // Written beside and renamed into place: an interrupted run leaves no half model to load.
    const staging = `${dir}.tmp-${process.pid}`;
    await makeMiniLmShapedModel(staging);
    await rm(dir, { recursive: true, force: true });
    await rename(staging, dir);
  }
  return { embeddingModel: dir, shaped: true };
}

async function isShapedModel(dir: string): Promise<boolean> {
  const file = path.join(dir, 'config.json');
  if (!existsSync(file) || !existsSync(path.join(dir, 'onnx', 'model_quantized.onnx'))) return false;
  try {
    return (JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>)[MINILM_SHAPED_MARKER] === true;
  } catch {
    return false;
  }
}
