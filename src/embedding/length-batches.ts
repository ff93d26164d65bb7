/** Rows per inference call: large enough for efficient matrix products, small enough to bound memory (32 x 512 tokens x 384 floats = 25 MB). */
export const MAX_BATCH_ROWS = 32;

/**
 * What one model call costs beyond its token positions (session overhead, thread hand-offs), counted in token
 * positions: it keeps the grouping from splitting into many tiny batches to save a few padded positions.
 */
const CALL_COST_POSITIONS = 64;

/**
 * Groups texts of similar token length into batches: every row of a batch is
 * padded to the batch's longest, so mixing a 20-token headline with
 * 200-token passages makes the model compute 180 wasted positions per row.
 * The texts are sorted longest first and cut where the total cost (token
 * positions computed plus a fixed cost per call) is least, so a few long
 * passages are never padded onto a batch of short ones. Returns indices into
 * `lengths`, each exactly once, the slowest batch first (the time estimate
 * starts pessimistic).
 */
export function lengthBatches(lengths: readonly number[], maxRows = MAX_BATCH_ROWS): number[][] {
  if (!Number.isInteger(maxRows) || maxRows < 1) throw new RangeError(`maxRows must be a whole number from 1, got ${maxRows}`);
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[b]! - lengths[a]! || a - b);
  const n = order.length;
  // cost[i]: least cost of batching the i longest texts; cut[i]: where its last batch starts. Sorted longest
  // first, a batch of order[j..i) is padded to lengths[order[j]].
  const cost = new Float64Array(n + 1).fill(Number.POSITIVE_INFINITY);
  const cut = new Int32Array(n + 1);
  cost[0] = 0;
  for (let i = 1; i <= n; i++) {
    for (let j = Math.max(0, i - maxRows); j < i; j++) {
      const total = cost[j]! + (i - j) * lengths[order[j]!]! + CALL_COST_POSITIONS;
      if (total < cost[i]!) {
        cost[i] = total;
        cut[i] = j;
      }
    }
  }
  const batches: number[][] = [];
  for (let i = n; i > 0; i = cut[i]!) batches.push(order.slice(cut[i]!, i));
  return batches.reverse();
}

/** Batches of consecutive texts, in the order given: how texts were batched before length grouping. */
export function inOrderBatches(count: number, rows: number): number[][] {
  const batches: number[][] = [];
  for (let at = 0; at < count; at += rows) batches.push(Array.from({ length: Math.min(rows, count - at) }, (_, j) => at + j));
  return batches;
}

/** Token positions computed and how many of them are padding, for `batches` of texts with `lengths` tokens. */
export function paddingOf(batches: readonly (readonly number[])[], lengths: readonly number[]): { positions: number; padding: number } {
  let positions = 0;
  let real = 0;
  for (const batch of batches) {
    let longest = 0;
    for (const i of batch) {
      longest = Math.max(longest, lengths[i]!);
      real += lengths[i]!;
    }
    positions += longest * batch.length;
  }
  return { positions, padding: positions - real };
}

/** Share of computed token positions that are padding (0 when nothing was computed). */
export const paddingShare = (p: { positions: number; padding: number }): number => (p.positions === 0 ? 0 : p.padding / p.positions);
