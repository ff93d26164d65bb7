import onnxProto from 'onnx-proto';
import { bertInputsAndOutput, encodeModel, intAttribute, littleEndianBytes } from '../src/embedding/test-model/onnx-graph.ts';

// onnx-proto is CommonJS that assigns its namespace at run time; take it from the default export.
const { onnx } = onnxProto;
const { DataType } = onnx.TensorProto;
const { AttributeType } = onnx.AttributeProto;

type NodeProto = InstanceType<typeof onnx.NodeProto>;
type TensorProto = InstanceType<typeof onnx.TensorProto>;
type AttributeProto = InstanceType<typeof onnx.AttributeProto>;

/** A linear layer `x · weight + bias`; `weight` is row-major [inputs, outputs] (MatMul's B). */
export interface Dense {
  inputs: number;
  outputs: number;
  weight: Float32Array;
  bias: Float32Array;
}

/** LayerNorm scale and shift, one value per hidden unit. */
export interface Norm {
  gamma: Float32Array;
  beta: Float32Array;
}

/** An embedding table, row-major [rows, width]. */
export interface Table {
  rows: number;
  width: number;
  data: Float32Array;
}

export interface EncoderLayer {
  query: Dense;
  key: Dense;
  value: Dense;
  attentionOutput: Dense;
  attentionNorm: Norm;
  intermediate: Dense;
  output: Dense;
  outputNorm: Norm;
}

/** Every parameter of a BERT encoder (no pooler), as a Hugging Face BertModel holds them. */
export interface BertWeights {
  hidden: number;
  heads: number;
  layerNormEps: number;
  words: Table;
  positions: Table;
  tokenTypes: Table;
  embeddingNorm: Norm;
  layers: EncoderLayer[];
}

const intsAttribute = (name: string, ints: number[]): AttributeProto =>
  onnx.AttributeProto.create({ name, type: AttributeType.INTS, ints });

/**
 * Per-tensor symmetric int8, as onnxruntime's quantize_dynamic does for
 * QInt8 weights: zero point 0, scale = max|w| / 127.
 */
function quantizeSymmetric(values: Float32Array): { data: Int8Array; scale: number } {
  let absMax = 0;
  for (const value of values) absMax = Math.max(absMax, Math.abs(value));
  const scale = Math.fround(absMax > 0 ? absMax / 127 : 1);
  const data = new Int8Array(values.length);
  for (let i = 0; i < values.length; i++) data[i] = Math.max(-127, Math.min(127, Math.round(values[i]! / scale)));
  return { data, scale };
}

/** Accumulates nodes and initializers; each helper returns the name of the value it produced. */
class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  scope = '';
  private readonly constants = new Map<string, string>();
  private readonly quantizedActivations = new Map<string, string[]>();
  private count = 0;

  constructor(readonly quantized: boolean) {}

  /** Adds a node with `outputs` outputs (named after the node unless `names` is given). */
  node(opType: string, inputs: string[], attribute: AttributeProto[] = [], outputs = 1, names?: string[]): string[] {
    const name = `/${this.scope}/${opType}_${this.count++}`;
    const output = names ?? Array.from({ length: outputs }, (_, i) => `${name}_output_${i}`);
    this.nodes.push(onnx.NodeProto.create({ name, opType, input: inputs, output, attribute }));
    return output;
  }

  op(opType: string, inputs: string[], attribute: AttributeProto[] = [], outputName?: string): string {
    return this.node(opType, inputs, attribute, 1, outputName ? [outputName] : undefined)[0]!;
  }

  tensor(name: string, dataType: number, dims: number[], data: Int8Array | Float32Array | BigInt64Array): string {
    this.initializers.push(onnx.TensorProto.create({ name, dataType, dims, rawData: littleEndianBytes(data) }));
    return name;
  }

  floats(name: string, dims: number[], data: Float32Array): string {
    return this.tensor(name, DataType.FLOAT, dims, data);
  }

  /** A shared float scalar constant. */
  scalar(value: number): string {
    return this.constant(`const_float_${value}`, () => this.floats(`const_float_${value}`, [], Float32Array.of(value)));
  }

  /** A shared 1-D int64 constant. */
  int64s(values: number[]): string {
    const name = `const_int64_${values.join('_')}`;
    return this.constant(name, () => this.tensor(name, DataType.INT64, [values.length], BigInt64Array.from(values, BigInt)));
  }

  private constant(key: string, make: () => string): string {
    let name = this.constants.get(key);
    if (name === undefined) {
      name = make();
      this.constants.set(key, name);
    }
    return name;
  }

  /** Embedding lookup; quantized: Gather on the int8 table, then DequantizeLinear (onnxruntime's GatherQuant). */
  embedding(name: string, table: Table, indices: string): string {
    const axis = [intAttribute('axis', 0)];
    if (!this.quantized) return this.op('Gather', [this.floats(name, [table.rows, table.width], table.data), indices], axis);
    const q = quantizeSymmetric(table.data);
    const quantizedTable = this.tensor(`${name}_quantized`, DataType.INT8, [table.rows, table.width], q.data);
    const rows = this.op('Gather', [quantizedTable, indices], axis);
    const scale = this.floats(`${name}_scale`, [], Float32Array.of(q.scale));
    const zeroPoint = this.tensor(`${name}_zero_point`, DataType.INT8, [], new Int8Array(1));
    return this.op('DequantizeLinear', [rows, scale, zeroPoint]);
  }

  /** `x · W + b`; quantized the way onnxruntime's quantize_dynamic rewrites a MatMul with a constant B. */
  dense(name: string, x: string, dense: Dense): string {
    const product = this.quantized
      ? this.integerMatMul(name, x, dense)
      : this.op('MatMul', [x, this.floats(`${name}.weight`, [dense.inputs, dense.outputs], dense.weight)]);
    return this.op('Add', [product, this.floats(`${name}.bias`, [dense.outputs], dense.bias)]);
  }

  private integerMatMul(name: string, x: string, dense: Dense): string {
    // One DynamicQuantizeLinear per activation, shared by the MatMuls reading it (Q, K and V).
    let activation = this.quantizedActivations.get(x);
    if (activation === undefined) {
      activation = this.node('DynamicQuantizeLinear', [x], [], 3);
      this.quantizedActivations.set(x, activation);
    }
    const [xQuantized, xScale, xZeroPoint] = activation as [string, string, string];
    const q = quantizeSymmetric(dense.weight);
    const weight = this.tensor(`${name}.weight_quantized`, DataType.INT8, [dense.inputs, dense.outputs], q.data);
    const weightScale = this.floats(`${name}.weight_scale`, [], Float32Array.of(q.scale));
    const weightZeroPoint = this.tensor(`${name}.weight_zero_point`, DataType.INT8, [], new Int8Array(1));
    const scale = this.op('Mul', [xScale, weightScale]);
    const integer = this.op('MatMulInteger', [xQuantized, weight, xZeroPoint, weightZeroPoint]);
    const asFloat = this.op('Cast', [integer], [intAttribute('to', DataType.FLOAT)]);
    return this.op('Mul', [asFloat, scale]);
  }

  /** LayerNorm over the last axis, spelled out as PyTorch exports it at opset < 17 (onnxruntime fuses it back). */
  layerNorm(name: string, x: string, norm: Norm, eps: number, outputName?: string): string {
    const axes = [intsAttribute('axes', [-1])];
    const mean = this.op('ReduceMean', [x], axes);
    const centered = this.op('Sub', [x, mean]);
    const variance = this.op('ReduceMean', [this.op('Pow', [centered, this.scalar(2)])], axes);
    const deviation = this.op('Sqrt', [this.op('Add', [variance, this.scalar(eps)])]);
    const normalised = this.op('Div', [centered, deviation]);
    const width = norm.gamma.length;
    const scaled = this.op('Mul', [normalised, this.floats(`${name}.weight`, [width], norm.gamma)]);
    return this.op('Add', [scaled, this.floats(`${name}.bias`, [width], norm.beta)], [], outputName);
  }

  /** Exact (erf) GELU: x · (1 + erf(x / √2)) · 0.5. */
  gelu(x: string): string {
    const erf = this.op('Erf', [this.op('Div', [x, this.scalar(Math.SQRT2)])]);
    return this.op('Mul', [this.op('Mul', [x, this.op('Add', [erf, this.scalar(1)])]), this.scalar(0.5)]);
  }
}

function selfAttention(g: GraphBuilder, name: string, x: string, layer: EncoderLayer, mask: string, weights: BertWeights): string {
  const headSize = weights.hidden / weights.heads;
  const splitHeads = (value: string, perm: number[]) =>
    g.op('Transpose', [g.op('Reshape', [value, g.int64s([0, 0, weights.heads, headSize])])], [intsAttribute('perm', perm)]);
  const query = splitHeads(g.dense(`${name}.self.query`, x, layer.query), [0, 2, 1, 3]);
  const keyT = splitHeads(g.dense(`${name}.self.key`, x, layer.key), [0, 2, 3, 1]);
  const value = splitHeads(g.dense(`${name}.self.value`, x, layer.value), [0, 2, 1, 3]);
  const scores = g.op('Div', [g.op('MatMul', [query, keyT]), g.scalar(Math.sqrt(headSize))]);
  const probabilities = g.op('Softmax', [g.op('Add', [scores, mask])], [intAttribute('axis', -1)]);
  const context = g.op('Transpose', [g.op('MatMul', [probabilities, value])], [intsAttribute('perm', [0, 2, 1, 3])]);
  const merged = g.op('Reshape', [context, g.int64s([0, 0, weights.hidden])]);
  return g.dense(`${name}.output.dense`, merged, layer.attentionOutput);
}

/**
 * Encodes a BERT encoder as ONNX with the operators a PyTorch export has:
 * word + position + token-type embeddings, LayerNorm, then per layer
 * multi-head self-attention with the additive mask, residual + LayerNorm,
 * an erf-GELU feed-forward block, residual + LayerNorm. Output
 * `last_hidden_state` [batch, sequence, hidden]. With `quantized`, every
 * weight MatMul becomes DynamicQuantizeLinear → MatMulInteger → Cast → Mul
 * and every embedding table int8 + DequantizeLinear, as quantize_dynamic
 * (QInt8 weights, per tensor) writes them.
 */
export function encodeBertModel(weights: BertWeights, options: { quantized: boolean }): Uint8Array {
  const g = new GraphBuilder(options.quantized);
  const eps = weights.layerNormEps;

  g.scope = 'embeddings';
  // (1 - mask) * -10000, broadcast as [batch, 1, 1, sequence]; two Unsqueezes, as PyTorch exports mask[:, None, None, :].
  const maskRows = g.op('Unsqueeze', [g.op('Unsqueeze', ['attention_mask', g.int64s([1])]), g.int64s([2])]);
  const maskFloat = g.op('Cast', [maskRows], [intAttribute('to', DataType.FLOAT)]);
  const mask = g.op('Mul', [g.op('Sub', [g.scalar(1), maskFloat]), g.scalar(-10000)]);
  const maxPositions = weights.positions.rows;
  const positionTable = BigInt64Array.from({ length: maxPositions }, (_, i) => BigInt(i));
  const allPositions = g.tensor('embeddings.position_ids', DataType.INT64, [1, maxPositions], positionTable);
  const sequenceLength = g.op('Gather', [g.op('Shape', ['input_ids']), g.int64s([1])], [intAttribute('axis', 0)]);
  const positionIds = g.op('Slice', [allPositions, g.int64s([0]), sequenceLength, g.int64s([1])]);
  const words = g.embedding('embeddings.word_embeddings.weight', weights.words, 'input_ids');
  const types = g.embedding('embeddings.token_type_embeddings.weight', weights.tokenTypes, 'token_type_ids');
  const positions = g.embedding('embeddings.position_embeddings.weight', weights.positions, positionIds);
  const summed = g.op('Add', [g.op('Add', [words, types]), positions]);
  let hidden = g.layerNorm('embeddings.LayerNorm', summed, weights.embeddingNorm, eps);

  weights.layers.forEach((layer, index) => {
    const name = `encoder.layer.${index}`;
    const last = index === weights.layers.length - 1;
    g.scope = `encoder/layer.${index}/attention`;
    const attended = selfAttention(g, `${name}.attention`, hidden, layer, mask, weights);
    const afterAttention = g.layerNorm(`${name}.attention.output.LayerNorm`, g.op('Add', [attended, hidden]), layer.attentionNorm, eps);
    g.scope = `encoder/layer.${index}/ffn`;
    const expanded = g.gelu(g.dense(`${name}.intermediate.dense`, afterAttention, layer.intermediate));
    const projected = g.dense(`${name}.output.dense`, expanded, layer.output);
    const residual = g.op('Add', [projected, afterAttention]);
    hidden = g.layerNorm(`${name}.output.LayerNorm`, residual, layer.outputNorm, eps, last ? 'last_hidden_state' : undefined);
  });
  if (weights.layers.length === 0) hidden = g.op('Identity', [hidden], [], 'last_hidden_state');

  const graph = onnx.GraphProto.create({
    name: options.quantized ? 'bert_encoder_quantized' : 'bert_encoder',
    node: g.nodes,
    initializer: g.initializers,
    ...bertInputsAndOutput(weights.hidden),
  });
  return encodeModel(graph, 'minilm-shaped benchmark model', 'BERT encoder with random seeded weights, for benchmarking compute only; not a trained network.');
}
