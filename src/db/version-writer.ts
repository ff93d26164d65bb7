import type pg from 'pg';
import type { ChunkRecord, DocumentRecord, Manifest } from '../records/index.ts';
import type { Database } from './connect.ts';
import { HNSW_MAX_DIMENSIONS, partitionName, postingsPartitionName, vectorLiteral, vectorType } from './chunk-partition.ts';
import { lockCollection, unlockCollection } from './collection-lock.ts';
import { INDEX_CHANGES_CHANNEL } from './index-changes.ts';
import { passagePostings, type KeywordStatistics, type Postings } from './passage-postings.ts';

/** Rows per INSERT: one round trip carries ~1.5 MB of 384-dimension vectors as text. */
export const WRITE_BATCH_ROWS = 500;

/** A manifest as a database version keeps it: the file list is the file store's own. */
export type VersionManifest = Omit<Manifest, 'files'>;

/**
 * One index build of a collection in progress: a version row in state
 * `building` and its own partition of `chunks`, written in batches outside
 * any transaction (a build of a million passages must not hold one open),
 * made current by {@link VersionBuild.finish} in one transaction. Holds the
 * collection's advisory lock, on its own connection, from
 * {@link beginVersionBuild} until `finish` or `abandon`.
 */
export class VersionBuild {
  private nextRow = 0;
  private documentsWritten = 0;
  private done = false;
  /** The last batch's INSERTs, still running while the next batch is prepared (see writeChunks). */
  private inFlight: Promise<void> | null = null;

  /** @internal Built by {@link beginVersionBuild}. */
  constructor(
    private readonly client: pg.PoolClient,
    private readonly db: Database,
    readonly collectionId: string,
    /** The version's id (a bigint, as text). */
    readonly versionId: string,
    readonly dimensions: number,
    /** The whole version's keyword statistics, from which each passage's BM25 weights are computed as it is written. */
    private readonly keywords: KeywordStatistics,
    /** Versions of this collection the build removed before starting: killed builds' leftovers and superseded versions. */
    readonly removedVersions: readonly string[],
  ) {}

  /** Writes article records, in the order given, in batches. */
  async writeDocuments(documents: readonly DocumentRecord[]): Promise<void> {
    for (let from = 0; from < documents.length; from += WRITE_BATCH_ROWS) {
      const batch = documents.slice(from, from + WRITE_BATCH_ROWS);
      const position0 = this.documentsWritten;
      await this.run(
        `INSERT INTO documents (version_id, collection_id, id, position, title, outlet, date, byline, url, hash, bytes, chunks)
         SELECT $1, $2, u.id, $3::integer + u.n - 1, u.title, u.outlet, u.date, u.byline, u.url, u.hash, u.bytes, u.chunks
         FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::bigint[], $12::integer[])
              WITH ORDINALITY AS u(id, title, outlet, date, byline, url, hash, bytes, chunks, n)`,
        [
          this.versionId,
          this.collectionId,
          position0,
          batch.map((d) => d.id),
          batch.map((d) => d.title),
          batch.map((d) => d.outlet),
          batch.map((d) => d.date),
          batch.map((d) => d.byline),
          batch.map((d) => d.url),
          batch.map((d) => d.hash),
          batch.map((d) => d.bytes),
          batch.map((d) => d.chunks),
        ],
      );
      this.documentsWritten += batch.length;
    }
  }

  /**
   * Writes passages with their vectors (`vectors` holds `chunks.length *
   * dimensions` floats, row i for chunk i) and their BM25 postings, numbered
   * on from the passages already written: the order given is the order
   * fusion breaks ties by. Their articles must have been written first.
   *
   * Returns once the last batch is sent, not written: its INSERTs run on the
   * server while the caller prepares the next passages (analysing their
   * terms and formatting their vectors is as much work as the server's, and
   * the two then share the machine's cores instead of taking turns). Its
   * failure is thrown by the next call or by {@link VersionBuild.finish}.
   */
  async writeChunks(chunks: readonly ChunkRecord[], vectors: Float32Array): Promise<void> {
    const d = this.dimensions;
    if (vectors.length !== chunks.length * d) {
      throw new Error(`writeChunks: ${chunks.length} passages need ${chunks.length * d} floats (${d} each), got ${vectors.length}`);
    }
    for (let from = 0; from < chunks.length; from += WRITE_BATCH_ROWS) {
      const batch = chunks.slice(from, from + WRITE_BATCH_ROWS);
      const row0 = this.nextRow;
      const postings = passagePostings(batch.map((c) => c.text), row0, this.keywords);
      const vectorTexts = batch.map((_, i) => vectorLiteral(vectors.subarray((from + i) * d, (from + i + 1) * d)));
      // The previous batch's statements ran while this one was prepared: only now is the connection needed.
      await this.settle();
      this.inFlight = this.sendChunks(batch, row0, vectorTexts, postings);
      // Handled here so that a failure while the caller prepares the next batch is not an unhandled
      // rejection; it is still thrown by settle(), at the next batch or in finish().
      this.inFlight.catch(() => {});
      this.nextRow += batch.length;
    }
  }

  /** Waits for the batch in flight, if any, and throws its failure. */
  private async settle(): Promise<void> {
    const inFlight = this.inFlight;
    this.inFlight = null;
    await inFlight;
  }

  /** A batch's two INSERTs, one after the other on the build's connection. */
  private async sendChunks(batch: readonly ChunkRecord[], row0: number, vectorTexts: string[], postings: Postings): Promise<void> {
    await this.run(
      // Into the version's own table: it is not yet a partition of `chunks` (see beginVersionBuild).
      `INSERT INTO ${partitionName(this.versionId)} (version_id, collection_id, position, document_id, chunk_index, start_offset, end_offset, text, sentences, embedding, keyword_terms, keyword_impacts)
       SELECT $1, $2, $3::integer + u.n - 1, u.document_id, u.chunk_index, u.start_offset, u.end_offset, u.text, u.sentences::jsonb, u.embedding::vector,
              u.keyword_terms::text[], u.keyword_impacts::real[]
       FROM unnest($4::text[], $5::integer[], $6::integer[], $7::integer[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
            WITH ORDINALITY AS u(document_id, chunk_index, start_offset, end_offset, text, sentences, embedding, keyword_terms, keyword_impacts, n)`,
      [
        this.versionId,
        this.collectionId,
        row0,
        batch.map((c) => c.documentId),
        batch.map((c) => c.index),
        batch.map((c) => c.start),
        batch.map((c) => c.end),
        batch.map((c) => c.text),
        batch.map((c) => JSON.stringify(c.sentences)),
        vectorTexts,
        postings.passageTerms,
        postings.passageImpacts,
      ],
    );
    await this.run(
      `INSERT INTO ${postingsPartitionName(this.versionId)} (version_id, term, position, impact)
       SELECT $1, u.term, u.position, u.impact FROM unnest($2::text[], $3::integer[], $4::real[]) AS u(term, position, impact)`,
      [this.versionId, postings.terms, postings.rows, postings.impacts],
    );
  }

  /**
   * Indexes the version's vectors (HNSW, cosine) and its postings (by term,
   * best weight first, vacuumed so a question reads the index alone), then marks it ready and
   * makes it the collection's active version in one transaction: questions
   * see the old version or the new one, never a mix, and a NOTIFY on
   * {@link INDEX_CHANGES_CHANNEL} tells every other process on commit. Releases the lock.
   */
  async finish(): Promise<void> {
    await this.settle();
    const partition = partitionName(this.versionId);
    // Indexing a large version takes minutes, far beyond DATABASE_STATEMENT_TIMEOUT_MS,
    // which is meant for questions: lifted for these statements on this session only.
    await this.run('SET statement_timeout = 0');
    // An HNSW graph that outgrows maintenance_work_mem is built on from disk, much slower (PostgreSQL's
    // default, 64 MB, holds a 384-dimension graph of ~30,000 passages); the operator may raise it.
    if (this.db.buildMemoryMb !== undefined) await this.run(`SET maintenance_work_mem = '${Number(this.db.buildMemoryMb)}MB'`);
    // The parent's indexes (migration 1), each built in one pass over the loaded rows; ATTACH PARTITION
    // adopts them instead of building its own while it holds the parent's lock.
    await this.run(`ALTER TABLE ${partition} ADD PRIMARY KEY (version_id, position)`);
    await this.run(`CREATE INDEX ON ${partition} (version_id, document_id, chunk_index)`);
    await this.run(`CREATE INDEX ON ${partition} USING gin (search)`);
    if (this.dimensions <= HNSW_MAX_DIMENSIONS) {
      await this.run(`CREATE INDEX ON ${partition} USING hnsw ((embedding::${vectorType(this.dimensions)}) vector_cosine_ops)`);
    }
    // Checks the passages' foreign keys (to the version and to their articles) in one query each.
    await this.run(`ALTER TABLE chunks ATTACH PARTITION ${partition} FOR VALUES IN (${this.versionId})`);
    await this.run(`ANALYZE ${partition}`);
    const postings = postingsPartitionName(this.versionId);
    await this.run(`CREATE INDEX ON ${postings} (term, impact DESC, position)`);
    // Sets the visibility map too: without it each posting read fetches its row from the table.
    await this.run(`VACUUM (ANALYZE) ${postings}`);
    // Back to the connection's own settings before it returns to the pool, and the switch below committed durably.
    await this.run('RESET statement_timeout');
    await this.run('RESET maintenance_work_mem');
    await this.run('RESET synchronous_commit');
    await this.run('BEGIN');
    try {
      await this.run(`UPDATE versions SET status = 'ready', ready_at = now() WHERE id = $1 AND collection_id = $2`, [this.versionId, this.collectionId]);
      await this.run('UPDATE collections SET active_version = $1 WHERE id = $2', [this.versionId, this.collectionId]);
      // Inside the transaction, so other processes hear of the switch only once it is committed.
      await this.run(`SELECT pg_notify('${INDEX_CHANGES_CHANNEL}', current_schema() || ':' || $1)`, [this.collectionId]);
      await this.run('COMMIT');
    } catch (error) {
      await this.client.query('ROLLBACK').catch(() => {});
      throw error;
    }
    await this.release(false);
  }

  /**
   * Gives up the build, for one that failed (perhaps because the connection
   * itself broke): the rows written stay, as a killed build's would, until
   * the next build of the collection removes them, and the connection is
   * closed. The lock is released first when the connection still answers:
   * the server notices a closed connection only a moment later, and a build
   * started at once would be refused meanwhile.
   */
  async abandon(): Promise<void> {
    await this.inFlight?.catch(() => {});
    await this.release(true);
  }

  private async release(closeConnection: boolean): Promise<void> {
    if (this.done) return;
    this.done = true;
    try {
      await unlockCollection(this.client, this.collectionId);
    } catch {
      closeConnection = true; // ending the session releases the lock anyway
    }
    this.client.release(closeConnection);
  }

  private async run(text: string, values?: unknown[]): Promise<pg.QueryResult> {
    if (this.done) throw new Error(`the build of version ${this.versionId} is already finished or abandoned`);
    try {
      return await this.client.query(text, values);
    } catch (error) {
      throw this.db.explain(error);
    }
  }
}

/**
 * Starts a new version of `collectionId`: takes the collection's advisory
 * lock (a second builder gets {@link CollectionBusyError}: "a reindex is
 * running"), removes every version but the active one (what killed builds
 * left, and the version the active one replaced), then creates the new
 * version's row and partition.
 */
export async function beginVersionBuild(db: Database, collectionId: string, manifest: VersionManifest, keywords: KeywordStatistics): Promise<VersionBuild> {
  const client = await db.connect();
  try {
    await lockCollection(client, collectionId);
  } catch (error) {
    client.release();
    throw db.explain(error);
  }
  try {
    await client.query('INSERT INTO collections (id) VALUES ($1) ON CONFLICT (id) DO NOTHING', [collectionId]);
    const removed = await removeInactiveVersions(client, collectionId);
    const dimensions = manifest.model.dimensions;
    vectorType(dimensions); // refuse a bad dimension before creating anything
    const inserted = await client.query<{ id: string }>(
      `INSERT INTO versions (collection_id, status, manifest, model_id, dimensions, keyword_postings)
       VALUES ($1, 'building', $2, $3, $4, true) RETURNING id::text AS id`,
      [collectionId, JSON.stringify(manifest), manifest.model.id, dimensions],
    );
    const versionId = inserted.rows[0]!.id;
    // The build's rows are written in many statements, each its own transaction: none need wait for
    // its commit to reach the disk (a crash loses at most the last few, of a version not switched to
    // and removed by the next build anyway). finish() sets it back before the switch.
    await client.query('SET synchronous_commit = off');
    // A table of its own until finish() attaches it to `chunks`: an attached partition would get the
    // parent's indexes and foreign keys at once and maintain them row by row as passages are written.
    // The CHECK lets ATTACH PARTITION trust the rows' version instead of scanning them.
    await client.query(
      `CREATE TABLE ${partitionName(versionId)} (LIKE chunks INCLUDING DEFAULTS INCLUDING GENERATED, CHECK (version_id = ${versionId}))`,
    );
    await client.query(`CREATE TABLE ${postingsPartitionName(versionId)} PARTITION OF passage_postings FOR VALUES IN (${versionId})`);
    return new VersionBuild(client, db, collectionId, versionId, dimensions, keywords, removed);
  } catch (error) {
    // Closing the session releases the lock; anything half made is a leftover for the next build.
    client.release(true);
    throw db.explain(error);
  }
}

/**
 * Deletes the collection's versions other than the active one: their
 * partitions are dropped first (instant, whatever its size), then the version
 * row, whose documents go with it. Call only while holding the collection's
 * lock, so that no version being built is among them.
 *
 * @returns the ids removed.
 */
async function removeInactiveVersions(client: pg.PoolClient, collectionId: string): Promise<string[]> {
  const stale = await client.query<{ id: string }>(
    `SELECT v.id::text AS id FROM versions v JOIN collections c ON c.id = v.collection_id
     WHERE v.collection_id = $1 AND v.id IS DISTINCT FROM c.active_version ORDER BY v.id`,
    [collectionId],
  );
  for (const { id } of stale.rows) {
    await client.query(`DROP TABLE IF EXISTS ${partitionName(id)}`);
    await client.query(`DROP TABLE IF EXISTS ${postingsPartitionName(id)}`);
    await client.query('DELETE FROM versions WHERE id = $1 AND collection_id = $2', [id, collectionId]);
  }
  return stale.rows.map((r) => r.id);
}
