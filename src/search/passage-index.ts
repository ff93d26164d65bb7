import type { ChunkRecord } from '../records/index.ts';
import type { FusedHit } from './rank-fusion.ts';
import type { Hit } from './top-k.ts';

export type RetrievalMode = 'hybrid' | 'dense' | 'keyword';

/** One retrieval: the question's text (keyword side), its vector (dense side), how many fused passages to return. */
export interface RetrievalQuery {
  /** The cleaned question; the keyword side analyses it (`analyze-text.ts`). */
  text: string;
  /** The embedded question; null when only keywords are searched. */
  vector: Float32Array | null;
  /** How many passages to return after fusion. */
  topK: number;
  mode: RetrievalMode;
}

/**
 * A passage found by one ranking (dense or keyword). `row` is the passage's
 * position in its index version (0-based, the order the build wrote them):
 * fusion breaks ties by it, so every store orders equal scores alike.
 */
export interface PassageHit extends Hit {
  chunk: ChunkRecord;
}

/** A passage after rank fusion: its fused score, its place in each ranking, and the passage itself. */
export interface RetrievedChunk extends FusedHit {
  chunk: ChunkRecord;
}

/** The two rankings a store computes itself; `retrieveFused` (retriever.ts) fuses them the same way for every store. */
export interface PassageSearch {
  /** The `k` passages most similar to `vector` (cosine), best first. */
  denseSearch(vector: Float32Array, k: number): Promise<PassageHit[]>;
  /** The `k` best passages for `text` by BM25 (or the store's closest equivalent), best first; [] when it has no content terms. */
  keywordSearch(text: string, k: number): Promise<PassageHit[]>;
}

/**
 * What answering a question needs of an index version, asynchronous so a
 * database can serve it without the process holding the corpus: the fused
 * retrieval, term weights for excerpt choice and the relevance gate, and an
 * article's passages (for dates the excerpt leaves relative). The in-memory
 * implementation is `MemoryPassageIndex`; every implementation passes
 * `test/search/passage-index-contract.ts`.
 */
export interface PassageIndex extends PassageSearch {
  /** How many passages the version holds. */
  readonly size: number;
  /** Dense and keyword rankings fused by reciprocal rank (`retrieveFused`), best first, at most `query.topK`. */
  retrieve(query: RetrievalQuery): Promise<RetrievedChunk[]>;
  /**
   * Each term's inverse document frequency over the passages (`idfWeight`
   * in keyword-index.ts; `UNSEEN_TERM_WEIGHT` for a term no passage holds).
   * Terms are analysed forms (`analyze`), as answer building asks for them.
   */
  idf(terms: readonly string[]): Promise<ReadonlyMap<string, number>>;
  /** The article's passages in order ([] for an unknown article). */
  passagesOf(documentId: string): Promise<readonly ChunkRecord[]>;
}
