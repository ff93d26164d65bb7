import type { ChunkRecord, DocumentRecord } from '../records/index.ts';
import { analyze } from '../search/analyze-text.ts';
import type { Database } from './connect.ts';
import { postingsPartitionName, vectorLiteral, vectorType } from './chunk-partition.ts';
import type { VersionManifest } from './version-writer.ts';

/**
 * The reads questions and /sources make, each for one version of one
 * collection: every statement filters by `collection_id` as well as
 * `version_id`, so a version id from another collection finds nothing.
 */

/** The version a collection answers from. */
export interface ActiveVersion {
  collectionId: string;
  /** The version's id (bigint, as text). */
  id: string;
  dimensions: number;
  manifest: VersionManifest;
  /** Passages in the version (as its manifest counted them when built). */
  size: number;
  /** Whether the version has BM25 postings (built since migration 3); older versions are searched by full text. */
  keywordPostings: boolean;
}

/**
 * How many postings of each question term the keyword search reads to find
 * candidates, best weight first. A term held by fewer passages is read
 * whole; of a commoner term (small idf) only the passages where it weighs
 * most. Bounds a question's work whatever the corpus size.
 */
export const POSTINGS_PER_TERM = 2_000;

/**
 * How many of the best candidates (by the weights read) are scored exactly,
 * from every question term they hold, before the best `k` are kept: a
 * passage low in a common term's postings, or missing from them, still gets
 * that term's weight and counts it among the terms it matches. The bench
 * measures how much of exact BM25's top 40 this keeps.
 */
export const EXACT_CANDIDATES = 400;

/** A passage found by one ranking; `row` is its 0-based position in the version. */
export interface StoredHit {
  row: number;
  score: number;
  chunk: ChunkRecord;
}

interface ChunkRow {
  position: number;
  document_id: string;
  chunk_index: number;
  start_offset: number;
  end_offset: number;
  text: string;
  sentences: [number, number][];
}

const CHUNK_COLUMNS = 'c.position, c.document_id, c.chunk_index, c.start_offset, c.end_offset, c.text, c.sentences';

const toChunk = (r: ChunkRow): ChunkRecord => ({
  documentId: r.document_id,
  index: r.chunk_index,
  start: r.start_offset,
  end: r.end_offset,
  text: r.text,
  sentences: r.sentences,
});

/** The collection's active version; null when it has none (never built, or only killed builds). */
export async function activeVersion(db: Database, collectionId: string): Promise<ActiveVersion | null> {
  const result = await db.query<{ id: string; dimensions: number; manifest: VersionManifest; keyword_postings: boolean }>(
    `SELECT v.id::text AS id, v.dimensions, v.manifest, v.keyword_postings
     FROM collections c JOIN versions v ON v.id = c.active_version AND v.collection_id = c.id
     WHERE c.id = $1 AND v.status = 'ready'`,
    [collectionId],
  );
  const row = result.rows[0];
  return row
    ? { collectionId, id: row.id, dimensions: row.dimensions, manifest: row.manifest, size: row.manifest.chunks, keywordPostings: row.keyword_postings }
    : null;
}

/**
 * The `k` passages nearest to `vector` by cosine distance, best first, score
 * = cosine similarity. The version id is a bound value the planner sees
 * (pg's unnamed statements are planned with their parameters), so it prunes
 * to the version's partition and walks its HNSW index. The ORDER BY must be
 * the distance alone: with a tie-breaking second key (checked with EXPLAIN
 * on 5,000 rows) the planner sorts a sequential scan instead, so equal
 * distances are put lower row first here, among the `k` returned.
 */
export async function denseSearch(db: Database, version: ActiveVersion, vector: Float32Array, k: number): Promise<StoredHit[]> {
  if (vector.length !== version.dimensions) {
    throw new Error(`denseSearch: the question's vector has ${vector.length} dimensions, the version's passages ${version.dimensions}`);
  }
  const type = vectorType(version.dimensions);
  const result = await db.query<ChunkRow & { distance: number }>(
    `SELECT ${CHUNK_COLUMNS}, c.embedding::${type} <=> $3::${type} AS distance
     FROM chunks c
     WHERE c.collection_id = $1 AND c.version_id = $2
     ORDER BY c.embedding::${type} <=> $3::${type}
     LIMIT $4`,
    [version.collectionId, version.id, vectorLiteral(vector), k],
  );
  const rows = result.rows.sort((a, b) => a.distance - b.distance || a.position - b.position);
  return rows.map((r) => ({ row: r.position, score: 1 - r.distance, chunk: toChunk(r) }));
}

/**
 * The `k` passages that best match the question's words: by BM25 over the
 * version's postings (see {@link bm25Search}), or for a version built before
 * it had postings by full-text search ({@link fullTextSearch}). [] when the
 * question has no content words.
 */
export function keywordSearch(db: Database, version: ActiveVersion, question: string, k: number): Promise<StoredHit[]> {
  return version.keywordPostings ? bm25Search(db, version, [...new Set(analyze(question))], k) : fullTextSearch(db, version, question, k);
}

/**
 * The `k` passages with the highest BM25+ score for `terms` (analysed, as
 * `analyze` gives them), the in-memory index's score: the sum of each
 * term's stored weight in the passage, times how many of the terms it holds.
 * In one statement: each term contributes its {@link POSTINGS_PER_TERM}
 * best postings, read from the front of the version's (term, impact DESC)
 * index; the {@link EXACT_CANDIDATES} passages with the best sums are then
 * scored exactly from their own term and weight arrays (`chunks.keyword_terms`,
 * `keyword_impacts`), and only the best `k` come back, with their text. Ties
 * go to the lower row. Exact whenever every question term is held by at
 * most POSTINGS_PER_TERM passages.
 *
 * The version's postings partition is named rather than filtered by
 * `version_id`, which its index does not hold: the planner keeps that filter
 * even on the pruned partition and then reads each posting's row from the
 * table instead of the index alone. Passages are read filtered by collection
 * and version. Each candidate is scored by a subquery of its own (one
 * primary-key lookup each): written as a join, the planner scored every
 * passage of the version and then kept the candidates (1.6 s at 50,000).
 */
export async function bm25Search(db: Database, version: ActiveVersion, terms: readonly string[], k: number): Promise<StoredHit[]> {
  if (terms.length === 0) return [];
  const result = await db.query<ChunkRow & { score: number }>(
    `WITH candidates AS (
       SELECT p.position
       FROM unnest($3::text[]) AS q(term)
       CROSS JOIN LATERAL (
         SELECT pp.position, pp.impact FROM ${postingsPartitionName(version.id)} pp
         WHERE pp.term = q.term
         ORDER BY pp.impact DESC, pp.position
         LIMIT $5) p
       GROUP BY p.position
       ORDER BY sum(p.impact::float8) * count(*) DESC, p.position
       LIMIT $6),
     scored AS (
       SELECT m.position, (
         SELECT sum(t.impact::float8) * count(*)
         FROM chunks c, unnest(c.keyword_terms, c.keyword_impacts) AS t(term, impact)
         WHERE c.collection_id = $1 AND c.version_id = $2 AND c.position = m.position AND t.term = ANY($3::text[])) AS score
       FROM candidates m
       ORDER BY score DESC, m.position
       LIMIT $4)
     SELECT ${CHUNK_COLUMNS}, s.score FROM scored s
     JOIN chunks c ON c.collection_id = $1 AND c.version_id = $2 AND c.position = s.position
     ORDER BY s.score DESC, c.position`,
    [version.collectionId, version.id, terms, k, POSTINGS_PER_TERM, Math.max(k, EXACT_CANDIDATES)],
  );
  return result.rows.map((r) => ({ row: r.position, score: r.score, chunk: toChunk(r) }));
}

/**
 * The `k` passages that best match the question's words, by full-text
 * search, for versions built before migration 3: the question's lexemes (English stemming, stop words dropped) are
 * OR-ed into one tsquery, so a passage matching any of them is found and
 * ranked by `ts_rank` (more and rarer matches score higher). A query built
 * with websearch_to_tsquery would require every word, and natural questions
 * ("when did the soldier die?") rarely have every word in one passage.
 * Returns [] when the question has no lexemes.
 */
export async function fullTextSearch(db: Database, version: ActiveVersion, question: string, k: number): Promise<StoredHit[]> {
  // Built first, in a statement of its own, so that the search below is planned with
  // the query as a constant: the planner then estimates from the column's statistics
  // how many passages match (the GIN index for rare words, a scan for common ones).
  // Built inside the search, the query is unknown when planning and the planner
  // works from a fixed guess.
  const built = await db.query<{ query: string | null }>(
    `SELECT NULLIF(array_to_string(ARRAY(
       SELECT '''' || replace(replace(lexeme, '\\', '\\\\'), '''', '''''') || ''''
       FROM unnest(tsvector_to_array(to_tsvector('english', $1::text))) AS lexeme), ' | '), '') AS query`,
    [question],
  );
  const query = built.rows[0]?.query;
  if (!query) return [];
  const result = await db.query<ChunkRow & { rank: number }>(
    `SELECT ${CHUNK_COLUMNS}, ts_rank(c.search, $3::tsquery) AS rank
     FROM chunks c
     WHERE c.collection_id = $1 AND c.version_id = $2 AND c.search @@ $3::tsquery
     ORDER BY rank DESC, c.position
     LIMIT $4`,
    [version.collectionId, version.id, query, k],
  );
  return result.rows.map((r) => ({ row: r.position, score: r.rank, chunk: toChunk(r) }));
}

/**
 * The version's passages from row `from` on, at most `limit`, in row order,
 * each with its vector in pgvector's text form: an incremental build reads
 * the previous version whole, batch by batch, to reuse its embeddings.
 */
export async function chunkBatch(db: Database, version: ActiveVersion, from: number, limit: number): Promise<{ chunk: ChunkRecord; embedding: string }[]> {
  const result = await db.query<ChunkRow & { embedding: string }>(
    `SELECT ${CHUNK_COLUMNS}, c.embedding::text AS embedding FROM chunks c
     WHERE c.collection_id = $1 AND c.version_id = $2 AND c.position >= $3 ORDER BY c.position LIMIT $4`,
    [version.collectionId, version.id, from, limit],
  );
  return result.rows.map((r) => ({ chunk: toChunk(r), embedding: r.embedding }));
}

/** An article's passages in order ([] for an article the version lacks). */
export async function passagesOf(db: Database, version: ActiveVersion, documentId: string): Promise<ChunkRecord[]> {
  const result = await db.query<ChunkRow>(
    `SELECT ${CHUNK_COLUMNS} FROM chunks c
     WHERE c.collection_id = $1 AND c.version_id = $2 AND c.document_id = $3 ORDER BY c.chunk_index`,
    [version.collectionId, version.id, documentId],
  );
  return result.rows.map(toChunk);
}

/** The version's articles, in the order the build wrote them. */
export async function listDocuments(db: Database, version: ActiveVersion): Promise<DocumentRecord[]> {
  const result = await db.query<DocumentRecord & { bytes: string }>(
    `SELECT id, title, outlet, date, byline, url, hash, bytes::text AS bytes, chunks
     FROM documents WHERE collection_id = $1 AND version_id = $2 ORDER BY position`,
    [version.collectionId, version.id],
  );
  return result.rows.map((r) => ({ ...r, bytes: Number(r.bytes) }));
}
