import type { ChunkRecord } from '../records/index.ts';
import { KeywordIndex } from './keyword-index.ts';
import type { PassageHit, PassageIndex, RetrievalQuery, RetrievedChunk } from './passage-index.ts';
import { retrieveFused } from './retriever.ts';
import type { Hit } from './top-k.ts';
import { VectorIndex } from './vector-index.ts';

/** What the in-memory index searches (a stored snapshot has this shape). */
export interface SearchableIndex {
  manifest: { model: { dimensions: number } };
  chunks: readonly ChunkRecord[];
  vectors: Float32Array;
  /** The saved keyword index over `chunks`; built here when absent. */
  keywords?: KeywordIndex;
}

/**
 * An index version held in this process: exact dense search (int8 SIMD first
 * pass, float re-score) and the BM25 index over the same rows. Build once
 * per load: it quantises the vectors (~0.1 s at 50k chunks) and uses the
 * snapshot's saved keyword index (building one only for index versions saved
 * without it). Searches return the snapshot's own chunk records: nothing is
 * copied per question.
 */
export class MemoryPassageIndex implements PassageIndex {
  readonly keyword: KeywordIndex;
  readonly vectors: VectorIndex;
  /** Passages by article, worked out on the first `passagesOf` (most questions never need one). */
  private byDocument: Map<string, ChunkRecord[]> | null = null;

  constructor(private readonly index: SearchableIndex) {
    this.keyword = index.keywords ?? KeywordIndex.build(index.chunks.map((c) => c.text));
    this.vectors = new VectorIndex(index.vectors, index.manifest.model.dimensions);
  }

  get size(): number {
    return this.index.chunks.length;
  }

  async denseSearch(vector: Float32Array, k: number): Promise<PassageHit[]> {
    return this.withChunks(this.vectors.search(vector, k));
  }

  async keywordSearch(text: string, k: number): Promise<PassageHit[]> {
    return this.withChunks(this.keyword.search(text, k));
  }

  retrieve(query: RetrievalQuery): Promise<RetrievedChunk[]> {
    return retrieveFused(this, query);
  }

  async idf(terms: readonly string[]): Promise<ReadonlyMap<string, number>> {
    const weights = new Map<string, number>();
    for (const term of terms) weights.set(term, this.keyword.idf(term));
    return weights;
  }

  async passagesOf(documentId: string): Promise<readonly ChunkRecord[]> {
    if (!this.byDocument) {
      this.byDocument = new Map();
      for (const chunk of this.index.chunks) {
        const list = this.byDocument.get(chunk.documentId);
        if (list) list.push(chunk);
        else this.byDocument.set(chunk.documentId, [chunk]);
      }
    }
    return this.byDocument.get(documentId) ?? [];
  }

  private withChunks(hits: readonly Hit[]): PassageHit[] {
    const { chunks } = this.index;
    return hits.map((hit) => ({ row: hit.row, score: hit.score, chunk: chunks[hit.row]! }));
  }
}
