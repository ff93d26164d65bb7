import type { ChunkRecord } from '../records/index.ts';
import { KeywordIndex } from './keyword-index.ts';
import { fuseRanks, type FusedHit } from './rank-fusion.ts';
import { VectorIndex } from './vector-index.ts';

export type RetrievalMode = 'hybrid' | 'dense' | 'keyword';

/** How many chunks each ranking contributes before fusion. */
export const RESULTS_PER_LIST = 40;

/** What retrieval needs of a loaded index (the store's snapshot has this shape). */
export interface SearchableIndex {
  manifest: { model: { dimensions: number } };
  chunks: readonly ChunkRecord[];
  vectors: Float32Array;
  /** The saved keyword index over `chunks`; built here when absent. */
  keywords?: KeywordIndex;
}

/**
 * Dense + keyword retrieval over one loaded index snapshot, fused by rank.
 * Build once per load: it quantises the vectors for the SIMD first pass
 * (~0.1 s at 50k chunks) and uses the snapshot's saved keyword index
 * (building one only for index versions saved without it).
 */
export class Retriever {
  readonly keyword: KeywordIndex;
  readonly vectors: VectorIndex;

  constructor(readonly snapshot: SearchableIndex) {
    this.keyword = snapshot.keywords ?? KeywordIndex.build(snapshot.chunks.map((c) => c.text));
    this.vectors = new VectorIndex(snapshot.vectors, snapshot.manifest.model.dimensions);
  }

  /** Candidate chunks for a question, best first. `queryVector` is the embedded question (unused in keyword mode). */
  retrieve(question: string, queryVector: Float32Array | null, limit: number, mode: RetrievalMode = 'hybrid'): FusedHit[] {
    const dense = mode !== 'keyword' && queryVector ? this.vectors.search(queryVector, RESULTS_PER_LIST) : [];
    const keyword = mode !== 'dense' ? this.keyword.search(question, RESULTS_PER_LIST) : [];
    return fuseRanks(dense, keyword).slice(0, limit);
  }
}
