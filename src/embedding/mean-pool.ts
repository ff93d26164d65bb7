/**
 * Mean-pools token vectors over the tokens the attention mask keeps, then
 * L2-normalises each row: what transformers.js's `pooling: 'mean', normalize:
 * true` computes, over typed arrays in memory order (token by token rather
 * than dimension by dimension) and without building intermediate tensors.
 *
 * `hidden` is [rows, seqLen, dims] row-major, `lengths[r]` the number of real
 * tokens of row r (padding is at the end, as the tokenizer pads). Sums run in
 * float64, as transformers.js's do.
 */
export function meanPoolNormalize(hidden: Float32Array, lengths: ArrayLike<number>, seqLen: number, dims: number): Float32Array[] {
  const rows = lengths.length;
  if (hidden.length !== rows * seqLen * dims) {
    throw new RangeError(`hidden states hold ${hidden.length} values, expected ${rows} x ${seqLen} x ${dims}`);
  }
  const sum = new Float64Array(dims);
  const out: Float32Array[] = [];
  for (let r = 0; r < rows; r++) {
    const tokens = lengths[r]!;
    if (!(tokens >= 1 && tokens <= seqLen)) throw new RangeError(`row ${r} has ${tokens} tokens, expected 1 to ${seqLen}`);
    sum.fill(0);
    let at = r * seqLen * dims;
    for (let t = 0; t < tokens; t++, at += dims) {
      for (let d = 0; d < dims; d++) sum[d]! += hidden[at + d]!;
    }
    const vector = new Float32Array(dims);
    let norm = 0;
    for (let d = 0; d < dims; d++) {
      // Round to float32 before the norm, as transformers.js pools into a Float32Array and then normalises it.
      const mean = Math.fround(sum[d]! / tokens);
      vector[d] = mean;
      norm += mean * mean;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (let d = 0; d < dims; d++) vector[d] = vector[d]! / norm;
    out.push(vector);
  }
  return out;
}
