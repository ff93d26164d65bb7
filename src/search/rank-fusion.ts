import type { Hit } from './top-k.ts';

/** The constant of reciprocal rank fusion (Cormack et al. 2009); 60 is the usual choice. */
export const RRF_K = 60;

export interface FusedHit {
  row: number;
  /** Sum over lists of 1 / (RRF_K + rank), rank starting at 1. */
  score: number;
  dense?: { rank: number; score: number };
  keyword?: { rank: number; score: number };
}

/** Merges dense and keyword rankings by reciprocal rank fusion, best first. */
export function fuseRanks(dense: readonly Hit[], keyword: readonly Hit[]): FusedHit[] {
  const fused = new Map<number, FusedHit>();
  const add = (hits: readonly Hit[], key: 'dense' | 'keyword') => {
    hits.forEach((hit, i) => {
      const entry = fused.get(hit.row) ?? { row: hit.row, score: 0 };
      entry.score += 1 / (RRF_K + i + 1);
      entry[key] = { rank: i + 1, score: hit.score };
      fused.set(hit.row, entry);
    });
  };
  add(dense, 'dense');
  add(keyword, 'keyword');
  return [...fused.values()].sort((a, b) => b.score - a.score || a.row - b.row);
}
