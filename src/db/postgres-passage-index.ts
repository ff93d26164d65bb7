import type { ChunkRecord } from '../records/index.ts';
import { idfWeight } from '../search/keyword-index.ts';
import type { PassageHit, PassageIndex, RetrievalQuery, RetrievedChunk } from '../search/passage-index.ts';
import { retrieveFused } from '../search/retriever.ts';
import type { Database } from './connect.ts';
import { readDocumentFrequencies } from './passage-terms.ts';
import { denseSearch, keywordSearch, passagesOf, type ActiveVersion } from './passage-queries.ts';

/**
 * Articles whose passages are kept after `passagesOf`: answer building asks
 * for the few articles an answer cites (to date relative words), and the
 * same articles come back question after question. Small, so memory does not
 * grow with the corpus.
 */
const PASSAGES_CACHE_ARTICLES = 64;

/**
 * One version of one collection, searched in PostgreSQL: dense search by the
 * version's HNSW index (cosine), keyword search by full-text search (the
 * question's lexemes OR-ed, ranked by ts_rank), fused in this process by the
 * same `retrieveFused` as the in-memory index. Nothing of the corpus is held
 * here but the passages of a few recently cited articles. Every statement
 * filters by the collection and the version (see passage-queries.ts).
 */
export class PostgresPassageIndex implements PassageIndex {
  private readonly articles = new Map<string, Promise<readonly ChunkRecord[]>>();

  constructor(
    private readonly db: Database,
    readonly version: ActiveVersion,
  ) {}

  get size(): number {
    return this.version.size;
  }

  async denseSearch(vector: Float32Array, k: number): Promise<PassageHit[]> {
    if (this.size === 0 || k <= 0) return [];
    return denseSearch(this.db, this.version, vector, k);
  }

  async keywordSearch(text: string, k: number): Promise<PassageHit[]> {
    if (this.size === 0 || k <= 0) return [];
    return keywordSearch(this.db, this.version, text, k);
  }

  retrieve(query: RetrievalQuery): Promise<RetrievedChunk[]> {
    return retrieveFused(this, query);
  }

  /** From the document frequencies counted at build time over the same `analyze()` terms as the in-memory index. */
  async idf(terms: readonly string[]): Promise<ReadonlyMap<string, number>> {
    const weights = new Map<string, number>();
    if (terms.length === 0) return weights;
    const df = this.size === 0 ? new Map<string, number>() : await readDocumentFrequencies(this.db, this.version, terms);
    for (const term of terms) weights.set(term, idfWeight(df.get(term) ?? 0, this.size));
    return weights;
  }

  passagesOf(documentId: string): Promise<readonly ChunkRecord[]> {
    const cached = this.articles.get(documentId);
    if (cached) {
      // Most recently used last: the first key is the one to forget.
      this.articles.delete(documentId);
      this.articles.set(documentId, cached);
      return cached;
    }
    const reading = passagesOf(this.db, this.version, documentId);
    this.articles.set(documentId, reading);
    // A failed read (the database away for a moment) is not remembered.
    reading.catch(() => this.articles.get(documentId) === reading && this.articles.delete(documentId));
    if (this.articles.size > PASSAGES_CACHE_ARTICLES) this.articles.delete(this.articles.keys().next().value!);
    return reading;
  }
}
