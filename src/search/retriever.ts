import type { ChunkRecord } from '../records/index.ts';
import type { PassageSearch, RetrievalQuery, RetrievedChunk } from './passage-index.ts';
import { fuseRanks } from './rank-fusion.ts';

/** How many chunks each ranking contributes before fusion. */
export const RESULTS_PER_LIST = 40;

/**
 * Dense + keyword retrieval fused by rank, for any store: the store ranks
 * each side ({@link PassageSearch}), this fuses them, so every store fuses
 * identically. Both sides are asked at once (a database runs them in
 * parallel; in memory each runs to completion when called).
 */
export async function retrieveFused(search: PassageSearch, query: RetrievalQuery): Promise<RetrievedChunk[]> {
  const [dense, keyword] = await Promise.all([
    query.mode !== 'keyword' && query.vector ? search.denseSearch(query.vector, RESULTS_PER_LIST) : [],
    query.mode !== 'dense' ? search.keywordSearch(query.text, RESULTS_PER_LIST) : [],
  ]);
  const chunks = new Map<number, ChunkRecord>();
  for (const hit of dense) chunks.set(hit.row, hit.chunk);
  for (const hit of keyword) chunks.set(hit.row, hit.chunk);
  return fuseRanks(dense, keyword)
    .slice(0, query.topK)
    .map((hit) => Object.assign(hit, { chunk: chunks.get(hit.row)! }));
}
