import path from 'node:path';
import type { EngineConfig } from '../src/config.ts';
import { hasModelMarker } from '../src/embedding/test-model/model-config.ts';
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
  // config.json is written last, so a folder with the marker is complete.
  if (!(await hasModelMarker(dir, MINILM_SHAPED_MARKER))) await makeMiniLmShapedModel(dir);
  return { embeddingModel: dir, shaped: true };
}
