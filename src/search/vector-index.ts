import type { Hit } from './keyword-index.ts';

/**
 * Exact cosine search over normalised vectors in one Float32Array. A scan of
 * 50k x 384 floats takes a few milliseconds; no approximate index needed at
 * this scale.
 */
export class VectorIndex {
  readonly size: number;

  constructor(
    private readonly vectors: Float32Array,
    readonly dimensions: number,
  ) {
    this.size = dimensions === 0 ? 0 : vectors.length / dimensions;
  }

  /** Cosine similarity of `row` with `query` (both normalised). */
  score(query: Float32Array, row: number): number {
    const v = this.vectors;
    const d = this.dimensions;
    const base = row * d;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    let i = 0;
    for (; i + 3 < d; i += 4) {
      s0 += query[i]! * v[base + i]!;
      s1 += query[i + 1]! * v[base + i + 1]!;
      s2 += query[i + 2]! * v[base + i + 2]!;
      s3 += query[i + 3]! * v[base + i + 3]!;
    }
    for (; i < d; i++) s0 += query[i]! * v[base + i]!;
    return s0 + s1 + s2 + s3;
  }

  /** The `k` most similar rows, best first. */
  search(query: Float32Array, k: number): Hit[] {
    if (query.length !== this.dimensions) {
      throw new Error(`query vector has ${query.length} dimensions, the index has ${this.dimensions}`);
    }
    const top: Hit[] = [];
    let floor = -Infinity;
    for (let row = 0; row < this.size; row++) {
      const score = this.score(query, row);
      if (top.length === k && score <= floor) continue;
      // Insertion into a short sorted list: k is small (tens), so this beats a heap.
      let at = top.length;
      while (at > 0 && top[at - 1]!.score < score) at--;
      top.splice(at, 0, { row, score });
      if (top.length > k) top.pop();
      floor = top[top.length - 1]!.score;
    }
    return top;
  }
}
