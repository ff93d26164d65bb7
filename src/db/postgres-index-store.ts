import type { ChunkRecord, Manifest } from '../records/index.ts';
import { crashPoint } from '../store/crash-point.ts';
import type { IndexStore, OpenedIndex } from '../store/index-store.ts';
import type { IndexSnapshot, SnapshotToWrite } from '../store/snapshot.ts';
import type { Database } from './connect.ts';
import { activeVersion, chunkBatch, listDocuments, type ActiveVersion } from './passage-queries.ts';
import { keywordStatistics } from './passage-postings.ts';
import { writeDocumentFrequencies } from './passage-terms.ts';
import { PostgresPassageIndex } from './postgres-passage-index.ts';
import { beginVersionBuild, WRITE_BATCH_ROWS } from './version-writer.ts';

/** Passages per read when a build loads the previous version whole. */
const LOAD_BATCH_ROWS = 5_000;

/** The collection every server shares (COLLECTIONS=shared), as the database names it. */
export const SHARED_COLLECTION_ID = 'shared';

/**
 * One collection's index versions in PostgreSQL, behind the same
 * {@link IndexStore} contract as the file store. `open` answers from the
 * collection's active version without loading its passages; `save` writes a
 * new version under the collection's advisory lock and switches to it in one
 * transaction (version-writer.ts), so a killed build leaves the previous
 * version answering and its rows are removed by the next build.
 *
 * The {@link Database} is shared by every collection of the process;
 * closing a store leaves it open (its owner closes it).
 *
 * Crash points of a save (INDEX_CRASH_AT, see store/crash-point.ts), in order:
 * `db-version-begun`, `db-documents-written`, `db-chunk-batch:<batch>`,
 * `db-terms-written`, `db-switched`.
 */
export class PostgresIndexStore implements IndexStore {
  constructor(
    private readonly db: Database,
    readonly collectionId: string,
    /** Told when the store is closed (whoever shares the database counts its users). */
    private readonly onClose?: () => Promise<void>,
  ) {}

  async open(): Promise<OpenedIndex | null> {
    const version = await activeVersion(this.db, this.collectionId);
    if (!version) return null;
    return this.opened(version, await listDocuments(this.db, version));
  }

  /** The active version whole, vectors included, for an incremental build to reuse embeddings (read in batches). */
  async load(): Promise<IndexSnapshot | null> {
    const version = await activeVersion(this.db, this.collectionId);
    if (!version) return null;
    const documents = await listDocuments(this.db, version);
    const { dimensions } = version;
    const chunks: ChunkRecord[] = [];
    const floats: Float32Array[] = [];
    for (;;) {
      const rows = await chunkBatch(this.db, version, chunks.length, LOAD_BATCH_ROWS);
      if (rows.length === 0) break;
      for (const r of rows) chunks.push(r.chunk);
      const batch = new Float32Array(rows.length * dimensions);
      rows.forEach((r, i) => batch.set(parseVector(r.embedding, dimensions), i * dimensions));
      floats.push(batch);
      if (rows.length < LOAD_BATCH_ROWS) break;
    }
    const vectors = new Float32Array(chunks.length * dimensions);
    let at = 0;
    for (const batch of floats) {
      vectors.set(batch, at);
      at += batch.length;
    }
    return { manifest: manifestOf(version), documents, chunks, vectors };
  }

  async save(snapshot: SnapshotToWrite, options: { signal?: AbortSignal; onStage?: (stage: 'write' | 'swap') => void } = {}): Promise<OpenedIndex> {
    const { signal } = options;
    signal?.throwIfAborted();
    const { chunks, vectors, documents } = snapshot;
    const dimensions = snapshot.manifest.model.dimensions;
    // The manifest's own counts, whatever the caller put there: they are what `size` reports.
    const manifest = { ...snapshot.manifest, documents: documents.length, chunks: chunks.length };
    // Every passage's BM25 weights depend on the whole version's statistics: counted before anything is written.
    const keywords = keywordStatistics(chunks.map((c) => c.text));
    const build = await beginVersionBuild(this.db, this.collectionId, manifest, keywords);
    crashPoint('db-version-begun');
    try {
      options.onStage?.('write');
      await build.writeDocuments(documents);
      crashPoint('db-documents-written');
      for (let from = 0; from < chunks.length; from += WRITE_BATCH_ROWS) {
        signal?.throwIfAborted();
        const to = Math.min(chunks.length, from + WRITE_BATCH_ROWS);
        await build.writeChunks(chunks.slice(from, to), vectors.subarray(from * dimensions, to * dimensions));
        crashPoint('db-chunk-batch', from / WRITE_BATCH_ROWS);
      }
      await writeDocumentFrequencies(this.db, this.collectionId, build.versionId, keywords.df);
      crashPoint('db-terms-written');
      signal?.throwIfAborted();
      options.onStage?.('swap');
      await build.finish();
      crashPoint('db-switched');
    } catch (error) {
      // Its rows stay until the next build of the collection removes them, as a killed build's would.
      await build.abandon();
      throw error;
    }
    const version: ActiveVersion = { collectionId: this.collectionId, id: build.versionId, dimensions, manifest, size: chunks.length, keywordPostings: true };
    return this.opened(version, documents);
  }

  /** The database is shared by the process's collections: its owner closes it (`onClose` tells it this store is done). */
  async close(): Promise<void> {
    await this.onClose?.();
  }

  private opened(version: ActiveVersion, documents: OpenedIndex['documents']): OpenedIndex {
    return { manifest: manifestOf(version), documents, passages: new PostgresPassageIndex(this.db, version) };
  }
}

/** A version's manifest as the engine reads it: the file list is the file store's own, empty here. */
const manifestOf = (version: ActiveVersion): Manifest => ({ ...version.manifest, files: {} });

/** pgvector's text output, `[0.1,0.2,…]`, as floats (checked against the version's dimension). */
function parseVector(text: string, dimensions: number): Float32Array {
  const parts = text.slice(1, -1).split(',');
  if (parts.length !== dimensions) throw new Error(`a stored vector has ${parts.length} dimensions, the version ${dimensions}`);
  return Float32Array.from(parts, Number);
}
