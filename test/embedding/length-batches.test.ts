import { describe, expect, it } from 'vitest';
import { inOrderBatches, lengthBatches, MAX_BATCH_ROWS, paddingOf, paddingShare } from '../../src/embedding/length-batches.ts';

describe('batches of similar length', () => {
  const lengths = Array.from({ length: 100 }, (_, i) => (i % 3 === 0 ? 12 : 180 + (i % 7)));

  it('puts every text in exactly one batch of at most MAX_BATCH_ROWS, longest first', () => {
    const batches = lengthBatches(lengths);
    expect(batches.flat().sort((a, b) => a - b)).toEqual(lengths.map((_, i) => i));
    expect(batches.every((b) => b.length >= 1 && b.length <= MAX_BATCH_ROWS)).toBe(true);
    const flat = batches.flat().map((i) => lengths[i]!);
    expect(flat).toEqual([...flat].sort((a, b) => b - a));
  });

  it('pads far less than batches in the order given when short and long texts are mixed', () => {
    const grouped = paddingOf(lengthBatches(lengths), lengths);
    const inOrder = paddingOf(inOrderBatches(lengths.length, 16), lengths);
    expect(inOrder.padding).toBeGreaterThan(0.25 * inOrder.positions);
    // Long and short texts never share a batch: what is left is the 180-186 spread among the long ones.
    expect(grouped.padding).toBeLessThanOrEqual(66 * 6);
    expect(lengthBatches(lengths).every((b) => new Set(b.map((i) => lengths[i]! > 100)).size === 1)).toBe(true);
    expect(paddingShare(grouped)).toBeCloseTo(grouped.padding / grouped.positions, 12);
  });

  it('counts positions as rows times the longest row, and padding as what the rows do not fill', () => {
    expect(paddingOf([[0, 1], [2]], [3, 5, 4])).toEqual({ positions: 10 + 4, padding: 2 });
    expect(paddingShare({ positions: 0, padding: 0 })).toBe(0);
    expect(inOrderBatches(5, 2)).toEqual([[0, 1], [2, 3], [4]]);
    expect(lengthBatches([])).toEqual([]);
    // Equal lengths: full batches, no padding.
    expect(lengthBatches(Array(70).fill(50)).map((b) => b.length).sort((a, b) => b - a)).toEqual([32, 32, 6]);
    expect(() => lengthBatches([1], 0)).toThrow(RangeError);
  });
});
