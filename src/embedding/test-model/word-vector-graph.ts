import onnxProto from 'onnx-proto';
import { bertInputsAndOutput, encodeModel, littleEndianBytes, tokenVectorInitializers, tokenVectorNodes } from './onnx-graph.ts';
import type { TokenVectors } from './token-vectors.ts';

const { onnx } = onnxProto;
const { DataType } = onnx.TensorProto;

/**
 * Encodes the word-vector model: each token's SIF-weighted word vector,
 * `Cast(Gather(directions, input_ids)) × Gather(scales, input_ids)`, times a
 * fixed projection (I − Σ u uᵀ) that removes the common components. The
 * projection is linear, so removing it from every token before
 * transformers.js mean-pools is the same as removing it from the sentence
 * average afterwards, which is what SIF does.
 */
export function encodeWordVectorModel(vectors: TokenVectors, projection: Float32Array): Uint8Array {
  const { dimensions } = vectors;
  if (projection.length !== dimensions * dimensions) throw new RangeError(`projection must be ${dimensions}×${dimensions}`);
  const graph = onnx.GraphProto.create({
    name: 'sif_word_vectors',
    initializer: [
      ...tokenVectorInitializers(vectors),
      onnx.TensorProto.create({
        name: 'common_component_removal',
        dataType: DataType.FLOAT,
        dims: [dimensions, dimensions],
        rawData: littleEndianBytes(projection),
      }),
    ],
    node: [
      ...tokenVectorNodes('weigh_tokens', 'weighted'),
      onnx.NodeProto.create({
        name: 'remove_common_component',
        opType: 'MatMul',
        input: ['weighted', 'common_component_removal'],
        output: ['last_hidden_state'],
      }),
    ],
    ...bertInputsAndOutput(dimensions),
  });
  return encodeModel(
    graph,
    'word-vector model generator',
    'SIF-weighted average of GloVe 6B word vectors (Pennington et al. 2014, PDDL) with the top common components removed (Arora et al. 2017; Mu and Viswanath 2018); not a trained network.',
  );
}
