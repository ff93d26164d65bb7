import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MINILM_L6_SHAPE,
  MINILM_SHAPED_MARKER,
  makeMiniLmShapedModel,
  type MiniLmShape,
} from '../../bench/minilm-shaped-model.ts';
import { isGeneratedTestModel, TEST_MODEL_MARKER } from '../../src/embedding/test-model/model-config.ts';
import { TransformersEmbedder } from '../../src/embedding/transformers-embedder.ts';
import { dot, fileHashes } from '../support/model-files.ts';

const { onnx } = onnxProto;

type ModelInfo = Awaited<ReturnType<typeof makeMiniLmShapedModel>>;

const TINY_SHAPE: MiniLmShape = { layers: 1, hidden: 32, heads: 2, intermediate: 64, maxPositions: 64 };
const PARAGRAPH =
  'The city council approved a new budget on Tuesday after a long debate about school funding, road repairs and ' +
  'the cost of energy for public buildings. Several members said the river project would be delayed until next ' +
  'spring because the contractor could not find enough workers.';

let root: string;
let model: ModelInfo;
let modelAgain: ModelInfo;
let embedder: TransformersEmbedder;

async function decodeModel(info: ModelInfo, file: string) {
  return onnx.ModelProto.decode(await readFile(path.join(info.dir, 'onnx', file)));
}

function opCounts(decoded: InstanceType<typeof onnx.ModelProto>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const node of decoded.graph?.node ?? []) counts.set(node.opType ?? '', (counts.get(node.opType ?? '') ?? 0) + 1);
  return counts;
}

/** Repeats the paragraph until the text is at least `pieces` word pieces long. */
function textOfPieces(pieces: number): string {
  const words = PARAGRAPH.split(' ');
  const out: string[] = [];
  for (let i = 0; embedder.countTokens(out.join(' ')) < pieces; i++) out.push(words[i % words.length]!);
  return out.join(' ');
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'minilm-shaped-'));
  model = await makeMiniLmShapedModel(path.join(root, 'model'));
  modelAgain = await makeMiniLmShapedModel(path.join(root, 'model-again'), MINILM_L6_SHAPE, 1);
  embedder = await TransformersEmbedder.load({ kind: 'local', id: `local:${model.dir}`, dir: model.dir });
});

afterAll(async () => {
  await embedder?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('MiniLM-shaped benchmark model', () => {
  it('writes a BERT config with the MiniLM-L6 shape and its own marker', async () => {
    const config = JSON.parse(await readFile(path.join(model.dir, 'config.json'), 'utf8'));
    expect(config).toMatchObject({
      model_type: 'bert',
      hidden_size: 384,
      num_hidden_layers: 6,
      num_attention_heads: 12,
      intermediate_size: 1536,
      max_position_embeddings: 512,
      type_vocab_size: 2,
      vocab_size: model.vocabSize,
      [MINILM_SHAPED_MARKER]: true,
    });
    expect(config).not.toHaveProperty(TEST_MODEL_MARKER);
    expect(await isGeneratedTestModel(model.dir)).toBe(false);
    expect(model.files).toEqual(expect.arrayContaining(['onnx/model.onnx', 'onnx/model_quantized.onnx', 'tokenizer.json']));
  });

  it('embeds through TransformersEmbedder into 384-d unit vectors that differ by text and repeat exactly', async () => {
    expect(embedder.dimensions).toBe(384);
    const texts = ['The bakery sells bread.', 'Soldiers met envoys at the embassy.'];
    const [a, b] = await embedder.embed(texts);
    const [aAgain, bAgain] = await embedder.embed(texts);
    const [aAlone] = await embedder.embed([texts[0]!]);
    const [aAloneAgain] = await embedder.embed([texts[0]!]);
    for (const vector of [a!, b!]) {
      expect(vector).toHaveLength(384);
      expect(vector.every(Number.isFinite)).toBe(true);
      expect(Math.sqrt(dot(vector, vector))).toBeCloseTo(1, 5);
    }
    expect(Math.max(...a!.map((value, i) => Math.abs(value - b![i]!)))).toBeGreaterThan(1e-3);
    expect(dot(a!, b!)).toBeLessThan(0.9999);
    expect(Array.from(aAgain!)).toEqual(Array.from(a!));
    expect(Array.from(bAgain!)).toEqual(Array.from(b!));
    expect(Array.from(aAloneAgain!)).toEqual(Array.from(aAlone!));
    // Alone vs beside a longer text: padding changes only the activations' dynamic quantization scale.
    expect(dot(aAlone!, a!)).toBeGreaterThan(0.999);
  });

  it('embeds a passage of about 250 word pieces, and padding beside it barely moves a short text', async () => {
    const long = textOfPieces(250);
    expect(embedder.countTokens(long)).toBeGreaterThanOrEqual(250);
    expect(embedder.countTokens(long)).toBeLessThan(260);
    const short = 'Road repairs were delayed.';
    const [alone] = await embedder.embed([short]);
    const [padded, longVector] = await embedder.embed([short, long]);
    expect(longVector).toHaveLength(384);
    expect(longVector!.every(Number.isFinite)).toBe(true);
    expect(Math.sqrt(dot(longVector!, longVector!))).toBeCloseTo(1, 5);
    // The attention mask keeps ~250 padding tokens out; only the dynamic quantization scale sees them.
    expect(dot(alone!, padded!)).toBeGreaterThan(0.999);
  });

  it('quantizes every weight MatMul in model_quantized.onnx and none in model.onnx; both have 6 attention Softmaxes', async () => {
    const quantized = await decodeModel(model, 'model_quantized.onnx');
    const float = await decodeModel(model, 'model.onnx');
    const q = opCounts(quantized);
    const f = opCounts(float);
    // Per layer: Q, K, V, attention output, intermediate, output.
    expect(q.get('MatMulInteger')).toBe(6 * 6);
    expect(q.get('DynamicQuantizeLinear')).toBe(6 * 4);
    expect(q.get('MatMul')).toBe(6 * 2); // Q·Kᵀ and probabilities·V stay float
    expect(q.get('DequantizeLinear')).toBe(3); // word, position and token-type tables
    expect(f.get('MatMulInteger')).toBeUndefined();
    expect(f.get('DynamicQuantizeLinear')).toBeUndefined();
    expect(f.get('MatMul')).toBe(6 * 8);
    for (const counts of [q, f]) {
      expect(counts.get('Softmax')).toBe(6);
      expect(counts.get('Erf')).toBe(6);
      expect(counts.get('ReduceMean')).toBe(2 * (1 + 2 * 6)); // LayerNorms: embeddings + 2 per layer
    }
    for (const decoded of [quantized, float]) {
      expect(decoded.graph?.input?.map((input) => input.name)).toEqual(['input_ids', 'attention_mask', 'token_type_ids']);
      expect(decoded.graph?.output?.map((output) => output.name)).toEqual(['last_hidden_state']);
    }
  });

  it('writes byte-identical files for the same seed', async () => {
    expect(modelAgain.files).toEqual(model.files);
    expect(await fileHashes(modelAgain)).toEqual(await fileHashes(model));
  });

  it('follows the shape and seed it is given', async () => {
    const one = await makeMiniLmShapedModel(path.join(root, 'tiny-1'), TINY_SHAPE, 1);
    const two = await makeMiniLmShapedModel(path.join(root, 'tiny-2'), TINY_SHAPE, 2);
    const config = JSON.parse(await readFile(path.join(one.dir, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ hidden_size: 32, num_hidden_layers: 1, num_attention_heads: 2, max_position_embeddings: 64 });
    expect(opCounts(await decodeModel(one, 'model_quantized.onnx')).get('Softmax')).toBe(1);
    const [hashesOne, hashesTwo] = [await fileHashes(one), await fileHashes(two)];
    expect(hashesTwo['onnx/model.onnx']).not.toBe(hashesOne['onnx/model.onnx']);
    expect(hashesTwo['tokenizer.json']).toBe(hashesOne['tokenizer.json']);
    await expect(makeMiniLmShapedModel(path.join(root, 'bad'), { ...TINY_SHAPE, heads: 3 })).rejects.toThrow(RangeError);
  });
});
