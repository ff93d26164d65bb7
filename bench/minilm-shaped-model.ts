import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { specialTokensMap, tokenizerConfig, tokenizerJson, vocabTxt } from '../src/embedding/test-model/tokenizer-files.ts';
import { buildVocabulary } from '../src/embedding/test-model/vocabulary.ts';
import { loadWordFrequencies } from '../src/embedding/test-model/word-frequencies.ts';
import { writeFileAtomic } from '../src/fs/atomic-file.ts';
import { json } from '../src/embedding/test-model/model-json.ts';
import { encodeBertModel, type BertWeights, type Dense, type EncoderLayer, type Norm, type Table } from './bert-graph.ts';
import { seededRandom } from './seeded-random.ts';

/** The sizes that decide a BERT encoder's compute. */
export interface MiniLmShape {
  layers: number;
  hidden: number;
  heads: number;
  intermediate: number;
  maxPositions: number;
}

/** sentence-transformers/all-MiniLM-L6-v2 (and its Xenova ONNX export). */
export const MINILM_L6_SHAPE: MiniLmShape = { layers: 6, hidden: 384, heads: 12, intermediate: 1536, maxPositions: 512 };

/** The config.json key, set to true, that marks a folder as this random-weight benchmark model. */
export const MINILM_SHAPED_MARKER = 'minilm_shaped_benchmark_model';
/** The `_name_or_path` written into its config.json. */
export const MINILM_SHAPED_MODEL_ID = 'generated/minilm-shaped-random';

const TYPE_VOCAB_SIZE = 2;
const INITIALIZER_RANGE = 0.02;
const LAYER_NORM_EPS = 1e-12;

function checkShape(shape: MiniLmShape): MiniLmShape {
  for (const [key, value] of Object.entries(shape)) {
    if (!Number.isInteger(value) || value < 1 || value > 65_536) {
      throw new RangeError(`shape.${key} must be a whole number from 1 to 65536, got ${value}`);
    }
  }
  if (shape.hidden % shape.heads !== 0) {
    throw new RangeError(`shape.hidden (${shape.hidden}) must be a multiple of shape.heads (${shape.heads})`);
  }
  return shape;
}

/** Draws N(0, std²) values (Box–Muller over the seeded mulberry32 stream), so the same seed gives the same weights. */
function normalSource(seed: number): (count: number, std: number) => Float32Array {
  const random = seededRandom(seed);
  return (count, std) => {
    const values = new Float32Array(count);
    for (let i = 0; i < count; i += 2) {
      const radius = Math.sqrt(-2 * Math.log(1 - random())) * std;
      const angle = 2 * Math.PI * random();
      values[i] = radius * Math.cos(angle);
      if (i + 1 < count) values[i + 1] = radius * Math.sin(angle);
    }
    return values;
  };
}

/** Random weights initialised as Hugging Face initialises BERT, but with small random biases. */
function randomWeights(shape: MiniLmShape, vocabSize: number, seed: number): BertWeights {
  const normal = normalSource(seed);
  const table = (rows: number): Table => ({ rows, width: shape.hidden, data: normal(rows * shape.hidden, INITIALIZER_RANGE) });
  const dense = (inputs: number, outputs: number): Dense => ({
    inputs,
    outputs,
    weight: normal(inputs * outputs, INITIALIZER_RANGE),
    bias: normal(outputs, INITIALIZER_RANGE),
  });
  const norm = (): Norm => ({ gamma: new Float32Array(shape.hidden).fill(1), beta: new Float32Array(shape.hidden) });
  const layer = (): EncoderLayer => ({
    query: dense(shape.hidden, shape.hidden),
    key: dense(shape.hidden, shape.hidden),
    value: dense(shape.hidden, shape.hidden),
    attentionOutput: dense(shape.hidden, shape.hidden),
    attentionNorm: norm(),
    intermediate: dense(shape.hidden, shape.intermediate),
    output: dense(shape.intermediate, shape.hidden),
    outputNorm: norm(),
  });
  return {
    hidden: shape.hidden,
    heads: shape.heads,
    layerNormEps: LAYER_NORM_EPS,
    words: table(vocabSize),
    positions: table(shape.maxPositions),
    tokenTypes: table(TYPE_VOCAB_SIZE),
    embeddingNorm: norm(),
    layers: Array.from({ length: shape.layers }, layer),
  };
}

/** config.json of a BertModel of `shape`; mirrors the generated test model's, without its marker. */
export function miniLmShapedConfig(shape: MiniLmShape, vocabSize: number): object {
  return {
    _name_or_path: MINILM_SHAPED_MODEL_ID,
    [MINILM_SHAPED_MARKER]: true,
    architectures: ['BertModel'],
    model_type: 'bert',
    vocab_size: vocabSize,
    hidden_size: shape.hidden,
    num_hidden_layers: shape.layers,
    num_attention_heads: shape.heads,
    intermediate_size: shape.intermediate,
    hidden_act: 'gelu',
    hidden_dropout_prob: 0.1,
    attention_probs_dropout_prob: 0.1,
    max_position_embeddings: shape.maxPositions,
    type_vocab_size: TYPE_VOCAB_SIZE,
    initializer_range: INITIALIZER_RANGE,
    layer_norm_eps: LAYER_NORM_EPS,
    pad_token_id: 0,
    position_embedding_type: 'absolute',
    torch_dtype: 'float32',
  };
}

/**
 * Writes a model folder at `dir` (created if missing) with the compute shape
 * of all-MiniLM-L6-v2: a real BERT encoder graph with random, seeded weights,
 * as `onnx/model.onnx` (float32) and `onnx/model_quantized.onnx` (dynamic
 * int8, what transformers.js loads by default), plus the generated test
 * model's WordPiece tokenizer. Its vectors mean nothing; use it to measure
 * embedding speed, never retrieval quality. Same shape and seed =>
 * byte-identical files.
 */
export async function makeMiniLmShapedModel(
  dir: string,
  shape: MiniLmShape = MINILM_L6_SHAPE,
  seed = 1,
): Promise<{ dir: string; vocabSize: number; files: string[] }> {
  checkShape(shape);
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be a whole number, got ${seed}`);
  const vocabulary = buildVocabulary(await loadWordFrequencies());
  const vocabSize = vocabulary.length;
  const root = path.resolve(dir);
  try {
    await mkdir(path.join(root, 'onnx'), { recursive: true });
    // Regenerating over an older model: drop config.json first, so an interrupted run never looks complete.
    await rm(path.join(root, 'config.json'), { force: true });
  } catch (error) {
    throw new Error(`preparing model folder ${root}: ${(error as Error).message}`, { cause: error });
  }

  const weights = randomWeights(shape, vocabSize, seed);
  const contents: Array<[string, () => string | Uint8Array]> = [
    // One model at a time, so the two encodings are never in memory together.
    ['onnx/model.onnx', () => encodeBertModel(weights, { quantized: false })],
    ['onnx/model_quantized.onnx', () => encodeBertModel(weights, { quantized: true })],
    ['tokenizer.json', () => json(tokenizerJson(vocabulary))],
    ['tokenizer_config.json', () => json({ ...tokenizerConfig(), model_max_length: shape.maxPositions })],
    ['special_tokens_map.json', () => json(specialTokensMap())],
    ['vocab.txt', () => vocabTxt(vocabulary)],
    // Last, so that a folder with config.json is complete.
    ['config.json', () => json(miniLmShapedConfig(shape, vocabSize))],
  ];
  for (const [name, make] of contents) await writeFileAtomic(path.join(root, name), make());
  return { dir: root, vocabSize, files: contents.map(([name]) => name) };
}
