import { endianness } from 'node:os';
import onnxProto from 'onnx-proto';
import type { TokenVectors } from './token-vectors.ts';

// onnx-proto is CommonJS that assigns its namespace at run time, so Node's ESM
// loader cannot see a named export; take it from the default export.
const { onnx } = onnxProto;

/** ONNX IR version 8 with opset 13: both load in onnxruntime-node 1.14 (opsets 13 to 18 were checked). */
export const IR_VERSION = 8;
export const OPSET_VERSION = 13;

const { DataType } = onnx.TensorProto;
const { AttributeType } = onnx.AttributeProto;

function tokenMatrixInput(name: string): InstanceType<typeof onnx.ValueInfoProto> {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType: DataType.INT64,
        shape: { dim: [{ dimParam: 'batch_size' }, { dimParam: 'sequence_length' }] },
      },
    },
  });
}

/** The inputs a BERT export takes (so transformers.js feeds it as it feeds BERT) and its `last_hidden_state` output. */
export function bertInputsAndOutput(width: number) {
  return {
    input: [tokenMatrixInput('input_ids'), tokenMatrixInput('attention_mask'), tokenMatrixInput('token_type_ids')],
    output: [
      onnx.ValueInfoProto.create({
        name: 'last_hidden_state',
        type: {
          tensorType: {
            elemType: DataType.FLOAT,
            shape: { dim: [{ dimParam: 'batch_size' }, { dimParam: 'sequence_length' }, { dimValue: width }] },
          },
        },
      }),
    ],
  };
}

export function intAttribute(name: string, value: number): InstanceType<typeof onnx.AttributeProto> {
  return onnx.AttributeProto.create({ name, type: AttributeType.INT, i: value });
}

export function littleEndianBytes(array: Int8Array | Float32Array | BigInt64Array): Uint8Array {
  // Typed arrays use the machine's byte order and ONNX raw_data is little-endian.
  if (endianness() !== 'LE') throw new Error('writing an ONNX model needs a little-endian machine');
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

/** A token-vector table as graph initializers: int8 `token_directions` [vocab, dims] and float `token_scales` [vocab, 1]. */
export function tokenVectorInitializers(vectors: TokenVectors): InstanceType<typeof onnx.TensorProto>[] {
  const vocabSize = vectors.scales.length;
  return [
    onnx.TensorProto.create({
      name: 'token_directions',
      dataType: DataType.INT8,
      dims: [vocabSize, vectors.dimensions],
      rawData: littleEndianBytes(vectors.directions),
    }),
    onnx.TensorProto.create({
      name: 'token_scales',
      dataType: DataType.FLOAT,
      dims: [vocabSize, 1],
      rawData: littleEndianBytes(vectors.scales),
    }),
  ];
}

/**
 * The nodes that look up each input token's vector from tokenVectorInitializers:
 * `Cast(Gather(token_directions, input_ids)) × Gather(token_scales, input_ids)`,
 * written to `output` by a Mul node named `mulName`.
 */
export function tokenVectorNodes(mulName: string, output: string): InstanceType<typeof onnx.NodeProto>[] {
  return [
    onnx.NodeProto.create({
      name: 'gather_directions',
      opType: 'Gather',
      input: ['token_directions', 'input_ids'],
      output: ['directions_int8'],
      attribute: [intAttribute('axis', 0)],
    }),
    onnx.NodeProto.create({
      name: 'cast_directions',
      opType: 'Cast',
      input: ['directions_int8'],
      output: ['directions'],
      attribute: [intAttribute('to', DataType.FLOAT)],
    }),
    onnx.NodeProto.create({
      name: 'gather_scales',
      opType: 'Gather',
      input: ['token_scales', 'input_ids'],
      output: ['scales'],
      attribute: [intAttribute('axis', 0)],
    }),
    onnx.NodeProto.create({ name: mulName, opType: 'Mul', input: ['directions', 'scales'], output: [output] }),
  ];
}

/**
 * Encodes a BERT-shaped ONNX model whose `last_hidden_state` is each input
 * token's vector: `Cast(Gather(directions, input_ids)) × Gather(scales, input_ids)`.
 * It takes the three inputs a BERT export has, so transformers.js feeds it
 * exactly as it feeds a real BERT; attention_mask and token_type_ids are
 * declared but unused (mean pooling applies the mask outside the model).
 */
export function encodeEmbeddingModel(vectors: TokenVectors): Uint8Array {
  const graph = onnx.GraphProto.create({
    name: 'bag_of_words',
    initializer: tokenVectorInitializers(vectors),
    node: tokenVectorNodes('scale_directions', 'last_hidden_state'),
    ...bertInputsAndOutput(vectors.dimensions),
  });
  return encodeModel(graph, 'test-model generator', 'Generated bag-of-words stand-in for a sentence-embedding model; not a trained network.');
}

/** Serialises `graph` as a model file onnxruntime-node 1.14 loads (IR 8, opset 13). */
export function encodeModel(graph: InstanceType<typeof onnx.GraphProto>, producer: string, docString: string): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: OPSET_VERSION }],
    producerName: `article-answer-bot ${producer}`,
    producerVersion: '1',
    docString,
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}
