import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../fs/atomic-file.ts';
import { isGeneratedTestModel, modelConfig, type GeneratedModelIdentity } from './model-config.ts';
import { json } from './model-json.ts';
import { encodeEmbeddingModel } from './onnx-graph.ts';
import { buildTokenVectors } from './token-vectors.ts';
import { specialTokensMap, tokenizerConfig, tokenizerJson, vocabTxt } from './tokenizer-files.ts';
import { buildVocabulary, type VocabularyEntry } from './vocabulary.ts';
import { loadWordFrequencies } from './word-frequencies.ts';

export { TEST_MODEL_ID, TEST_MODEL_MARKER, isGeneratedTestModel } from './model-config.ts';

/** Options for {@link makeTestModel}. */
export interface TestModelOptions {
  /** Embedding width; default 384 (the shape of all-MiniLM-L6-v2). */
  dimensions?: number;
  /** Extra text whose words are added to the vocabulary (e.g. the indexed articles). Optional. */
  extraText?: string;
}

/** What {@link makeTestModel} wrote. */
export interface TestModelInfo {
  /** Absolute path of the model folder. */
  dir: string;
  vocabSize: number;
  dimensions: number;
  /** Files written, relative to `dir`, with `/` separators. */
  files: readonly string[];
}

/** The width of all-MiniLM-L6-v2, so a generated model can stand in for it. */
export const DEFAULT_DIMENSIONS = 384;
/** Wider than any real sentence-embedding model; beyond it the file only grows. */
export const MAX_DIMENSIONS = 4096;

function checkDimensions(dimensions: number): number {
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > MAX_DIMENSIONS) {
    throw new RangeError(`dimensions must be a whole number from 1 to ${MAX_DIMENSIONS}, got ${dimensions}`);
  }
  return dimensions;
}

/**
 * Writes a complete model folder at `dir` (created if missing) that
 * transformers.js loads like any BERT sentence-embedding model: a
 * deterministic, IDF-weighted bag of words in place of a trained network.
 * Same options => byte-identical files.
 */
export async function makeTestModel(dir: string, options: TestModelOptions = {}): Promise<TestModelInfo> {
  const dimensions = checkDimensions(options.dimensions ?? DEFAULT_DIMENSIONS);
  const vocabulary = buildVocabulary(await loadWordFrequencies(), options.extraText);
  const model = encodeEmbeddingModel(buildTokenVectors(vocabulary, dimensions));

  return writeModelFolder(dir, model, vocabulary, dimensions);
}

/** The files of a generated model folder, config.json (the completeness marker) last. */
export const MODEL_FILES = [
  'onnx/model_quantized.onnx',
  'onnx/model.onnx',
  'tokenizer.json',
  'tokenizer_config.json',
  'special_tokens_map.json',
  'vocab.txt',
  'config.json',
] as const;

/**
 * Writes a generated model folder at `dir` (created if missing): the ONNX
 * `model` (transformers.js loads model_quantized.onnx by default and
 * model.onnx with { quantized: false }; the one model serves both), the
 * tokenizer files for `vocabulary` and config.json naming `identity`. Each
 * file is written atomically and config.json last, so that a folder whose
 * config.json carries a generator's marker is complete even if an earlier run
 * was interrupted.
 */
export async function writeModelFolder(
  dir: string,
  model: Uint8Array,
  vocabulary: readonly VocabularyEntry[],
  dimensions: number,
  identity?: GeneratedModelIdentity,
): Promise<TestModelInfo> {
  const contents: Record<(typeof MODEL_FILES)[number], string | Uint8Array> = {
    'onnx/model_quantized.onnx': model,
    'onnx/model.onnx': model,
    'tokenizer.json': json(tokenizerJson(vocabulary)),
    'tokenizer_config.json': json(tokenizerConfig()),
    'special_tokens_map.json': json(specialTokensMap()),
    'vocab.txt': vocabTxt(vocabulary),
    'config.json': json(modelConfig(vocabulary.length, dimensions, identity)),
  };
  const root = path.resolve(dir);
  try {
    await mkdir(path.join(root, 'onnx'), { recursive: true });
    // Regenerating over an older model: drop the marker first, so an
    // interrupted run cannot leave old and new files looking complete.
    await rm(path.join(root, 'config.json'), { force: true });
  } catch (error) {
    throw new Error(`preparing model folder ${root}: ${(error as Error).message}`, { cause: error });
  }
  for (const name of MODEL_FILES) await writeFileAtomic(path.join(root, name), contents[name]);
  return { dir: root, vocabSize: vocabulary.length, dimensions, files: MODEL_FILES };
}

/**
 * Writes the generated test model (default options) at `dir` unless a complete
 * one is already there: the offline fallback, the benchmarks and the
 * evaluation all keep it in the model cache and make it once.
 */
export async function ensureTestModel(dir: string): Promise<void> {
  if (!(await isGeneratedTestModel(dir))) await makeTestModel(dir);
}
