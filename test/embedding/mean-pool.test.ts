import { mean_pooling, Tensor } from '@xenova/transformers';
import { describe, expect, it } from 'vitest';
import { meanPoolNormalize } from '../../src/embedding/mean-pool.ts';

describe('mean pooling and normalisation over typed arrays', () => {
  const rows = 3;
  const seqLen = 5;
  const dims = 8;
  const lengths = [5, 2, 1];
  const hidden = Float32Array.from({ length: rows * seqLen * dims }, (_, i) => Math.sin(i * 12.9898) * 3);

  it("equals transformers.js's mean_pooling followed by normalize(2, -1)", () => {
    const mask = new Tensor('int64', BigInt64Array.from({ length: rows * seqLen }, (_, i) => (i % seqLen < lengths[Math.floor(i / seqLen)]! ? 1n : 0n)), [rows, seqLen]);
    const expected = mean_pooling(new Tensor('float32', hidden, [rows, seqLen, dims]), mask).normalize(2, -1).data as Float32Array;
    const pooled = meanPoolNormalize(hidden, lengths, seqLen, dims);
    expect(pooled).toHaveLength(rows);
    pooled.forEach((vector, r) => {
      for (let d = 0; d < dims; d++) expect(vector[d]).toBeCloseTo(expected[r * dims + d]!, 6);
    });
  });

  it('ignores padded positions entirely, whatever the model put there', () => {
    const noisy = hidden.slice();
    for (let r = 0; r < rows; r++) for (let t = lengths[r]!; t < seqLen; t++) noisy.fill(1e6, (r * seqLen + t) * dims, (r * seqLen + t + 1) * dims);
    expect(meanPoolNormalize(noisy, lengths, seqLen, dims)).toEqual(meanPoolNormalize(hidden, lengths, seqLen, dims));
  });

  it('rejects shapes that do not match', () => {
    expect(() => meanPoolNormalize(hidden, lengths, seqLen, dims + 1)).toThrow(/expected 3 x 5 x 9/);
    expect(() => meanPoolNormalize(hidden, [5, 0, 1], seqLen, dims)).toThrow(/row 1 has 0 tokens/);
  });
});
