/** A chunk found by a search. */
export interface Hit {
  /** Row of the chunk in the loaded index. */
  row: number;
  score: number;
}

/**
 * Keeps the `k` best (row, score) pairs offered, best first. A pair replaces
 * another only with a strictly higher score, so among equal scores the one
 * offered first stays ahead (the keyword index relies on this for MiniSearch's
 * tie order, the vector index for "lower row first").
 */
export class TopK {
  readonly hits: Hit[] = [];
  private floor = -Infinity;
  constructor(private readonly k: number) {}

  offer(row: number, score: number): void {
    const top = this.hits;
    if (top.length >= this.k && (this.k <= 0 || score <= this.floor)) return;
    // Insertion into a short sorted list: k is small (tens to a few hundred), so this beats a heap.
    let at = top.length;
    while (at > 0 && top[at - 1]!.score < score) at--;
    top.splice(at, 0, { row, score });
    if (top.length > this.k) top.pop();
    this.floor = top[top.length - 1]!.score;
  }
}
