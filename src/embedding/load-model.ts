import path from 'node:path';
import type { ModelLoadProgress } from './embedder.ts';
import { chooseModel, type ModelSource } from './resolve-model.ts';
import { ensureTestModel } from './test-model/make-test-model.ts';
import { ModelLoadError, TransformersEmbedder } from './transformers-embedder.ts';

export interface LoadedModel {
  embedder: TransformersEmbedder;
  source: ModelSource;
  /** Set when the default model was unreachable and the generated word-overlap model is used instead. */
  fallback: string | null;
}

/** Folder (inside the model cache) of the generated model used when the default model can't be had. */
export const fallbackModelDir = (cacheDir: string) => path.join(cacheDir, 'generated-test-model');

/**
 * Loads the configured embedding model once. When EMBEDDING_MODEL is unset
 * and the default model is neither cached nor downloadable, falls back to the
 * generated model so the quick start works offline; the index manifest
 * records the model, so a later run that reaches the real model rebuilds.
 * An explicitly configured model never falls back.
 */
export async function loadEmbeddingModel(
  settings: { embeddingModel: string | undefined; modelCacheDir: string; modelHubUrl: string; embeddingThreads?: number },
  onProgress?: (event: ModelLoadProgress) => void,
): Promise<LoadedModel> {
  const cacheDir = settings.modelCacheDir;
  const choice = chooseModel(settings.embeddingModel, cacheDir, settings.modelHubUrl);
  const options = { threads: settings.embeddingThreads };
  try {
    return { embedder: await TransformersEmbedder.load(choice.source, onProgress, options), source: choice.source, fallback: null };
  } catch (error) {
    if (choice.explicit || !(error instanceof ModelLoadError) || !error.offline) throw error;
    const dir = fallbackModelDir(cacheDir);
    await ensureTestModel(dir);
    const source: ModelSource = { kind: 'local', id: `local:${dir}`, dir };
    const fallback =
      `could not download the default embedding model ${choice.source.id} (no network?). ` +
      'Using the generated offline model instead: answers rest on word overlap, not meaning. ' +
      'Run again with network access to download the real model (the index is rebuilt automatically), or set EMBEDDING_MODEL to a local model folder.';
    return { embedder: await TransformersEmbedder.load(source, onProgress, options), source, fallback };
  }
}
