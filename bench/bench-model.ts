import type { EngineConfig } from '../src/config.ts';
import { fallbackModelDir, loadEmbeddingModel } from '../src/embedding/load-model.ts';
import { ensureTestModel, isGeneratedTestModel } from '../src/embedding/test-model/make-test-model.ts';
import { TransformersEmbedder } from '../src/embedding/transformers-embedder.ts';

export interface BenchModel {
  embedder: TransformersEmbedder;
  /** The generated bag-of-words model: dense retrieval is lexical, not semantic. */
  generated: boolean;
}

/**
 * The model a benchmark embeds with: EMBEDDING_MODEL when set (a local folder
 * or a cached hub id), otherwise the generated test model, so that the
 * benchmarks run offline; it is written once into the model cache, where the
 * engine's offline fallback keeps it too.
 */
export async function loadBenchModel(config: EngineConfig): Promise<BenchModel> {
  if (config.embeddingModel !== undefined) {
    const { embedder, source } = await loadEmbeddingModel(config);
    return { embedder, generated: source.kind === 'local' && (await isGeneratedTestModel(source.dir)) };
  }
  const dir = fallbackModelDir(config.modelCacheDir);
  await ensureTestModel(dir);
  return { embedder: await TransformersEmbedder.load({ kind: 'local', id: `local:${dir}`, dir }), generated: true };
}
