import { addSignVector } from './seeded-signs.ts';
import { stemKey } from './stem-key.ts';
import type { VocabularyEntry } from './vocabulary.ts';

/**
 * Every token's vector as `scale × direction`, with `direction` a small-integer
 * vector. Stored this way the ONNX model can keep directions as int8 (a
 * quarter of the float32 size) with no loss at all.
 */
export interface TokenVectors {
  readonly dimensions: number;
  /** Row-major [vocabSize × dimensions]; entries are -2..2. */
  readonly directions: Int8Array;
  /** One per token: weight / |direction|, so each vector's length is the token's weight. */
  readonly scales: Float32Array;
}

/**
 * Builds each token's vector from seeded sign vectors. A word sums its own
 * component and one for its stem key, so "soldier" and "soldiers" have cosine
 * about 0.5 while unrelated words stay near 0. Tokens with weight 0 (padding,
 * separators, punctuation, [UNK]) get a zero vector.
 */
export function buildTokenVectors(vocabulary: readonly VocabularyEntry[], dimensions: number): TokenVectors {
  const directions = new Int8Array(vocabulary.length * dimensions);
  const scales = new Float32Array(vocabulary.length);
  vocabulary.forEach((entry, id) => {
    if (entry.weight === 0) return;
    const row = directions.subarray(id * dimensions, (id + 1) * dimensions);
    if (entry.kind === 'word') {
      addSignVector(row, `word:${entry.token}`, 1);
      addSignVector(row, `stem:${stemKey(entry.token)}`, 1);
    } else {
      addSignVector(row, `token:${entry.token}`, 1);
    }
    let squares = 0;
    for (const value of row) squares += value * value;
    // Two components can cancel everywhere only when dimensions is tiny; such a token is simply ignored.
    scales[id] = squares === 0 ? 0 : entry.weight / Math.sqrt(squares);
  });
  return { dimensions, directions, scales };
}
