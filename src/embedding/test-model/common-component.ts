/**
 * SIF's second step removes from every sentence vector its projection on the
 * "common component": the direction all sentences share whatever they are
 * about (frequent words, syntax). The paper fits it as the first singular
 * vector of a set of sentence vectors. Here it is fitted on the vectors
 * themselves, so the model does not depend on any collection: a sentence of
 * `n` words drawn by frequency has the expected second moment
 *   E[s sᵀ] = (1 − 1/n) μ μᵀ + (1/n) Σ p(w) x_w x_wᵀ,   μ = Σ p(w) x_w,
 * where x_w is the word's weighted vector; its top eigenvector is the
 * direction the average sentence leans along.
 */

/** Typical content-bearing words per sentence in news text, for the expected moment above. */
export const WORDS_PER_SENTENCE = 20;
const POWER_ITERATIONS = 200;

/**
 * The top `components` common components (orthonormal) of weighted word
 * vectors `rows` (row-major, `dimensions` wide) drawn with probabilities
 * `probabilities`: the top eigenvectors of the moment above, by power
 * iteration with deflation. Deterministic (fixed starts), so the same vectors
 * give the same model.
 */
export function fitCommonComponents(rows: Float32Array, dimensions: number, probabilities: Float64Array, components: number): Float64Array[] {
  const count = probabilities.length;
  let total = 0;
  for (const p of probabilities) total += p;
  const mean = new Float64Array(dimensions);
  const moment = new Float64Array(dimensions * dimensions);
  for (let w = 0; w < count; w++) {
    const p = probabilities[w]! / total;
    if (p === 0) continue;
    const offset = w * dimensions;
    for (let i = 0; i < dimensions; i++) {
      const xi = rows[offset + i]!;
      mean[i]! += p * xi;
      for (let j = 0; j < dimensions; j++) moment[i * dimensions + j]! += p * xi * rows[offset + j]!;
    }
  }
  const n = WORDS_PER_SENTENCE;
  for (let i = 0; i < dimensions; i++) {
    for (let j = 0; j < dimensions; j++) moment[i * dimensions + j] = moment[i * dimensions + j]! / n + (1 - 1 / n) * mean[i]! * mean[j]!;
  }
  const found: Float64Array[] = [];
  for (let c = 0; c < components; c++) {
    // The mean is already close to the first answer; start there (or at a fixed basis vector).
    let vector = c === 0 ? Float64Array.from(mean) : new Float64Array(dimensions);
    if (vector.every((v) => v === 0)) vector[c % dimensions] = 1;
    for (let step = 0; step < POWER_ITERATIONS; step++) {
      const next = new Float64Array(dimensions);
      for (let i = 0; i < dimensions; i++) {
        let sum = 0;
        for (let j = 0; j < dimensions; j++) sum += moment[i * dimensions + j]! * vector[j]!;
        next[i] = sum;
      }
      const norm = Math.hypot(...next);
      if (norm === 0) break;
      vector = next.map((v) => v / norm);
    }
    const norm = Math.hypot(...vector);
    vector = vector.map((v) => v / norm);
    found.push(vector);
    // Deflate: remove this component's share of the moment before finding the next.
    let eigenvalue = 0;
    for (let i = 0; i < dimensions; i++) for (let j = 0; j < dimensions; j++) eigenvalue += vector[i]! * moment[i * dimensions + j]! * vector[j]!;
    for (let i = 0; i < dimensions; i++) for (let j = 0; j < dimensions; j++) moment[i * dimensions + j] = moment[i * dimensions + j]! - eigenvalue * vector[i]! * vector[j]!;
  }
  return found;
}

/** The projection I − Σ u uᵀ, row-major, that removes the orthonormal vectors `components` from whatever it multiplies. */
export function removalProjection(...components: Float64Array[]): Float32Array {
  const d = components[0]!.length;
  const matrix = new Float32Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let value = i === j ? 1 : 0;
      for (const u of components) value -= u[i]! * u[j]!;
      matrix[i * d + j] = value;
    }
  }
  return matrix;
}
