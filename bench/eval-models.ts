import { existsSync } from 'node:fs';
import path from 'node:path';
import { fallbackModelDir } from '../src/embedding/load-model.ts';
import { ensureTestModel, isGeneratedTestModel } from '../src/embedding/test-model/make-test-model.ts';
import { makeWordVectorModel } from '../src/embedding/test-model/make-word-vector-model.ts';

/** One model `npm run eval` measures. */
export interface EvalModel {
  /** How the report names it: "lexical test model", "word-vector model", or EMBEDDING_MODEL as given. */
  label: string;
  /** Value for EMBEDDING_MODEL (a folder or a hub id). */
  embeddingModel: string;
  /** The bag-of-words test model (its dense side is lexical). */
  generated: boolean;
}

/** Where eval keeps the word-vector model it builds, beside the generated test model in the model cache. */
export const wordVectorModelDir = (modelCacheDir: string) => path.join(modelCacheDir, 'generated-word-vector-model');

/**
 * The models to evaluate, each once: the lexical test model (always: the
 * offline baseline), the word-vector model when a word-vector folder is
 * available (built into the model cache), and EMBEDDING_MODEL when set.
 */
export async function evalModels(options: {
  modelCacheDir: string;
  embeddingModel: string | undefined;
  wordVectorsDir: string | null;
  onNote?: (message: string) => void;
}): Promise<EvalModel[]> {
  const configured = options.embeddingModel === undefined ? null : path.resolve(options.embeddingModel);
  // EMBEDDING_MODEL naming a generated test model is the lexical model: measured once, from that folder.
  const configuredIsLexical = configured !== null && existsSync(configured) && (await isGeneratedTestModel(configured));
  const lexical = configuredIsLexical ? configured : fallbackModelDir(options.modelCacheDir);
  await ensureTestModel(lexical);
  const models: EvalModel[] = [{ label: 'lexical test model', embeddingModel: lexical, generated: true }];
  if (options.wordVectorsDir) {
    const dir = wordVectorModelDir(options.modelCacheDir);
    // Rebuilt every run (about 10 s): a copy left by an older generator would be measured as if it were this one.
    options.onNote?.(`Building the word-vector model from ${options.wordVectorsDir} into ${dir}...`);
    await makeWordVectorModel(dir, options.wordVectorsDir);
    models.push({ label: 'word-vector model', embeddingModel: dir, generated: false });
  }
  if (options.embeddingModel !== undefined && !configuredIsLexical && !models.some((m) => path.resolve(m.embeddingModel) === configured)) {
    models.push({ label: options.embeddingModel, embeddingModel: options.embeddingModel, generated: false });
  }
  return models;
}
