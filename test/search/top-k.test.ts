import { describe, expect, it } from 'vitest';
import { TopK } from '../../src/search/top-k.ts';

const offerAll = (k: number, scores: number[]) => {
  const top = new TopK(k);
  scores.forEach((score, row) => top.offer(row, score));
  return top.hits;
};

describe('TopK', () => {
  it('keeps the k highest scores, best first', () => {
    expect(offerAll(3, [0.1, 0.9, 0.3, 0.7, 0.5])).toEqual([
      { row: 1, score: 0.9 },
      { row: 3, score: 0.7 },
      { row: 4, score: 0.5 },
    ]);
  });

  it('keeps the first offered ahead among equal scores, and drops later equals once full', () => {
    expect(offerAll(2, [0.5, 0.5, 0.5]).map((h) => h.row)).toEqual([0, 1]);
    expect(offerAll(3, [0.2, 0.5, 0.2, 0.5]).map((h) => h.row)).toEqual([1, 3, 0]);
  });

  it('returns every pair when fewer than k are offered, and none for k = 0', () => {
    expect(offerAll(10, [0.2, 0.4]).map((h) => h.row)).toEqual([1, 0]);
    expect(offerAll(0, [0.2, 0.4])).toEqual([]);
  });
});
