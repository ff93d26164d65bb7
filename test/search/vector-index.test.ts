import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../bench/seeded-random.ts';
import { VectorIndex } from '../../src/search/vector-index.ts';

function normalisedRows(rows: number, dimensions: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  const data = new Float32Array(rows * dimensions).map(() => random() - 0.5);
  for (let r = 0; r < rows; r++) {
    const row = data.subarray(r * dimensions, (r + 1) * dimensions);
    const norm = Math.hypot(...row);
    row.forEach((x, i) => (row[i] = x / norm));
  }
  return data;
}

describe('vector index (exact cosine scan)', () => {
  it('scans in WebAssembly SIMD on this Node', () => {
    expect(new VectorIndex(normalisedRows(3, 384, 1), 384).simd).toBe(true);
  });

  it.each([3, 10, 64, 100, 384, 768])('finds the same rows with the same scores as a full float scan (%i dimensions)', (dimensions) => {
    const vectors = normalisedRows(501, dimensions, dimensions);
    const simd = new VectorIndex(vectors, dimensions);
    const plain = new VectorIndex(vectors, dimensions, { simd: false });
    expect(simd.simd).toBe(true);
    expect(plain.simd).toBe(false);
    for (const query of [vectors.slice(7 * dimensions, 8 * dimensions), normalisedRows(1, dimensions, 99)]) {
      expect(simd.search(query, 40)).toEqual(plain.search(query, 40));
    }
    // A row is its own nearest neighbour.
    expect(simd.search(vectors.slice(7 * dimensions, 8 * dimensions), 1)[0]).toMatchObject({ row: 7 });
  });

  it('keeps the exact top 40 where int8 rounding could reorder them: near-duplicate rows and exact ties', () => {
    const dimensions = 384;
    const random = seededRandom(11);
    const base = normalisedRows(1, dimensions, 5);
    // 3,000 rows within a hair of one direction (scores differ in the 4th decimal), with exact duplicates among them.
    const rows = 3000;
    const vectors = new Float32Array(rows * dimensions);
    for (let r = 0; r < rows; r++) {
      const source = r % 7 === 0 && r > 0 ? vectors.subarray((r - 7) * dimensions, (r - 6) * dimensions) : null;
      const row = vectors.subarray(r * dimensions, (r + 1) * dimensions);
      if (source) row.set(source);
      else {
        row.forEach((_, i) => (row[i] = base[i]! + (random() - 0.5) * 0.02));
        const norm = Math.hypot(...row);
        row.forEach((x, i) => (row[i] = x / norm));
      }
    }
    const simd = new VectorIndex(vectors, dimensions);
    const plain = new VectorIndex(vectors, dimensions, { simd: false });
    for (let q = 0; q < 20; q++) {
      const query = normalisedRows(1, dimensions, 100 + q).map((x, i) => x * 0.1 + base[i]!);
      const norm = Math.hypot(...query);
      query.forEach((x, i) => (query[i] = x / norm));
      expect(simd.search(query, 40)).toEqual(plain.search(query, 40));
    }
  });

  it('copes with an empty index and rejects a query of the wrong width', () => {
    expect(new VectorIndex(new Float32Array(0), 384).search(new Float32Array(384), 5)).toEqual([]);
    expect(() => new VectorIndex(normalisedRows(2, 8, 1), 8).search(new Float32Array(4), 1)).toThrow(/4 dimensions, the index has 8/);
  });
});
