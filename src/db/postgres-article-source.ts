import { createHash } from 'node:crypto';
import type pg from 'pg';
import { copyArticles, FolderArticleSource, type ArticleListing, type ArticleProblem, type ArticleSource } from '../articles/index.ts';
import { compareCodeUnits } from '../articles/compare-code-units.ts';
import { formatBytes } from '../articles/format-bytes.ts';
import type { Outcome } from '../articles/types.ts';
import { inTransaction, type Database } from './connect.ts';

/** What {@link PostgresArticleSource.copyFolder} changed, by document id. */
export interface FolderCopy {
  /** The folder that was copied. */
  folder: string;
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: number;
  /** Files of the folder that were not copied (unreadable, too large, unsafe links), with reasons. */
  problems: ArticleProblem[];
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * One collection's article files in PostgreSQL (`article_files`, migration 4):
 * what index builds read, and where `/article add|remove` and `npm run add`
 * write, when DATABASE_URL is set. Every statement names the collection.
 *
 * The collection's folder on this machine (ARTICLES_DIR, or its
 * `guilds/<id>/`) is read twice only: by {@link copyFolder} (`npm run index`,
 * `npm run db:import`), and once, the first time a collection whose folder
 * was never copied (one from before migration 4) is used, so an upgrade loses
 * no article.
 */
export class PostgresArticleSource implements ArticleSource {
  private copied: Promise<void> | null = null;

  constructor(
    private readonly db: Database,
    readonly collectionId: string,
    /** The collection's folder on this machine. */
    readonly folder: string,
    /** MAX_FILE_MB in bytes: a folder's larger files are not copied in (a build would skip them). */
    private readonly maxFileBytes: number,
  ) {}

  get key(): string {
    return `postgres:${this.db.server}:${this.collectionId}`;
  }

  /**
   * The collection's files; their contents are fetched {@link READ_BATCH} at a time as the entries
   * are read in order (one query each, not one per file), and let go once every entry of a batch has been read.
   */
  async list(): Promise<ArticleListing> {
    await this.ensureCopied();
    const rows = await this.db.query<{ name: string }>('SELECT name FROM article_files WHERE collection_id = $1', [this.collectionId]);
    const names = rows.rows.map((r) => r.name).sort(compareCodeUnits);
    const batches = new Map<number, { rows: Promise<Map<string, StoredFile>>; unread: number }>();
    const readEntry = async (index: number, maxBytes: number): Promise<Outcome<Uint8Array>> => {
      const at = Math.floor(index / READ_BATCH);
      let batch = batches.get(at);
      if (!batch) {
        const slice = names.slice(at * READ_BATCH, (at + 1) * READ_BATCH);
        batch = { rows: this.readRows(slice), unread: slice.length };
        batches.set(at, batch);
      }
      const stored = (await batch.rows).get(names[index]!);
      if (--batch.unread === 0) batches.delete(at);
      // Fetched only up to this source's own limit: a reader allowing more asks for that file alone.
      if (stored && stored.content === null && stored.size <= maxBytes) return this.readRow(names[index]!, maxBytes);
      return outcomeOf(stored, maxBytes);
    };
    return { files: names.map((id, index) => ({ id, read: (maxBytes: number) => readEntry(index, maxBytes) })), problems: [] };
  }

  async read(id: string, maxBytes: number): Promise<Outcome<Uint8Array>> {
    await this.ensureCopied();
    return this.readRow(id, maxBytes);
  }

  async write(id: string, bytes: Uint8Array): Promise<void> {
    checkName(id);
    await this.ensureCopied();
    await this.db.query(
      `INSERT INTO article_files (collection_id, name, content, size, sha256, origin) VALUES ($1, $2, $3, $4, $5, 'added')
       ON CONFLICT (collection_id, name) DO UPDATE SET content = EXCLUDED.content, size = EXCLUDED.size, sha256 = EXCLUDED.sha256, origin = 'added', modified_at = now()`,
      [this.collectionId, id, Buffer.from(bytes), bytes.length, sha256(bytes)],
    );
  }

  async remove(id: string): Promise<void> {
    await this.ensureCopied();
    await this.db.query('DELETE FROM article_files WHERE collection_id = $1 AND name = $2', [this.collectionId, id]);
  }

  /** Started in the database (its folder copied in, or an index built), or a folder of its own on this machine not yet copied. */
  async exists(): Promise<boolean> {
    const row = await this.db.query<{ started: boolean }>(
      'SELECT articles_copied_at IS NOT NULL OR active_version IS NOT NULL AS started FROM collections WHERE id = $1',
      [this.collectionId],
    );
    return row.rows[0]?.started === true || new FolderArticleSource(this.folder).exists();
  }

  /** Starts the collection in the database, empty or with a copy of `seed`'s files (in one statement when both are here). */
  async create(seed?: ArticleSource): Promise<void> {
    if (seed instanceof PostgresArticleSource) await seed.ensureCopied();
    await inTransaction(this.db, async (client) => {
      await lockedCollection(client, this.collectionId);
      // A new collection has no folder to copy: it is made here.
      await client.query('UPDATE collections SET articles_copied_at = now() WHERE id = $1', [this.collectionId]);
      if (seed instanceof PostgresArticleSource && seed.db === this.db) {
        await client.query(
          `INSERT INTO article_files (collection_id, name, content, size, sha256, origin)
           SELECT $1, name, content, size, sha256, 'added' FROM article_files WHERE collection_id = $2
           ON CONFLICT (collection_id, name) DO NOTHING`,
          [this.collectionId, seed.collectionId],
        );
      }
    });
    this.copied = Promise.resolve();
    if (seed && !(seed instanceof PostgresArticleSource && seed.db === this.db)) await copyArticles(seed, this);
  }

  /** Removes the collection's files, and the collection itself when no index version was ever made for it. */
  async destroy(): Promise<void> {
    await inTransaction(this.db, async (client) => {
      await client.query('DELETE FROM article_files WHERE collection_id = $1', [this.collectionId]);
      await client.query('UPDATE collections SET articles_copied_at = NULL WHERE id = $1', [this.collectionId]);
      await client.query('DELETE FROM collections c WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM versions v WHERE v.collection_id = c.id)', [this.collectionId]);
    });
    this.copied = null;
  }

  describe(id: string): string {
    return `${id} in collection "${this.collectionId}" of the database at ${this.db.server}`;
  }

  /**
   * Makes the collection's `folder` rows what the folder holds now, in one
   * transaction: new and changed files are written, files gone from the folder
   * (or no longer readable) are removed. Files added from Discord or with
   * `npm run add` (`added`) are kept. What `npm run index` does before it builds.
   *
   * @throws {ArticleFolderError} when the folder itself cannot be read (nothing is changed)
   */
  async copyFolder(): Promise<FolderCopy> {
    const listing = await new FolderArticleSource(this.folder).list();
    const copy: FolderCopy = { folder: this.folder, added: [], changed: [], removed: [], unchanged: 0, problems: [...listing.problems] };
    await inTransaction(this.db, async (client) => {
      await lockedCollection(client, this.collectionId);
      const stored = await client.query<{ name: string; sha256: string; origin: string }>(
        'SELECT name, sha256, origin FROM article_files WHERE collection_id = $1',
        [this.collectionId],
      );
      const before = new Map(stored.rows.map((r) => [r.name, r]));
      const copied = await copyEntries(client, this.collectionId, listing, this.maxFileBytes, {
        unchanged: (id, hash) => before.get(id)?.sha256 === hash,
        onProblem: (problem) => copy.problems.push(problem),
      });
      for (const [id, status] of copied) {
        if (status === 'unchanged') copy.unchanged++;
        else (before.has(id) ? copy.changed : copy.added).push(id);
      }
      for (const row of stored.rows) {
        if (row.origin !== 'folder' || copied.has(row.name)) continue;
        await client.query('DELETE FROM article_files WHERE collection_id = $1 AND name = $2', [this.collectionId, row.name]);
        copy.removed.push(row.name);
      }
      await client.query('UPDATE collections SET articles_copied_at = now() WHERE id = $1', [this.collectionId]);
    });
    this.copied = Promise.resolve();
    for (const list of [copy.added, copy.changed, copy.removed]) list.sort(compareCodeUnits);
    copy.problems.sort((a, b) => compareCodeUnits(a.path, b.path));
    return copy;
  }

  /** Copies the folder in the first time the collection is used, if it never was (a collection from before migration 4). */
  private ensureCopied(): Promise<void> {
    this.copied ??= this.copyOnce().catch((error: unknown) => {
      this.copied = null;
      throw error;
    });
    return this.copied;
  }

  private async copyOnce(): Promise<void> {
    const started = await this.db.query<{ copied: boolean }>('SELECT articles_copied_at IS NOT NULL AS copied FROM collections WHERE id = $1', [this.collectionId]);
    if (started.rows[0]?.copied === true) return;
    // A folder that is not there is an empty one: a second machine's bot may have none.
    const folder = new FolderArticleSource(this.folder);
    const listing = (await folder.exists()) ? await folder.list() : { files: [], problems: [] };
    await inTransaction(this.db, async (client) => {
      const copied = await lockedCollection(client, this.collectionId);
      if (copied) return; // another process copied it meanwhile
      // Files that cannot be copied are left out, as a build would skip them; `npm run index` names them.
      await copyEntries(client, this.collectionId, listing, this.maxFileBytes, { unchanged: () => false, onProblem: () => undefined });
      await client.query('UPDATE collections SET articles_copied_at = now() WHERE id = $1', [this.collectionId]);
    });
  }

  private async readRow(id: string, maxBytes: number): Promise<Outcome<Uint8Array>> {
    const result = await this.db.query<{ size: string; content: Buffer | null }>(
      'SELECT size::text AS size, CASE WHEN size <= $3 THEN content END AS content FROM article_files WHERE collection_id = $1 AND name = $2',
      [this.collectionId, id, maxBytes],
    );
    const row = result.rows[0];
    return outcomeOf(row && { size: Number(row.size), content: row.content }, maxBytes);
  }

  /** Several files at once, each with its content when it is within this source's MAX_FILE_MB. */
  private async readRows(names: readonly string[]): Promise<Map<string, StoredFile>> {
    const result = await this.db.query<{ name: string; size: string; content: Buffer | null }>(
      'SELECT name, size::text AS size, CASE WHEN size <= $3 THEN content END AS content FROM article_files WHERE collection_id = $1 AND name = ANY($2::text[])',
      [this.collectionId, names, this.maxFileBytes],
    );
    return new Map(result.rows.map((r) => [r.name, { size: Number(r.size), content: r.content }]));
  }
}

/** Files per query when a build reads a collection's articles: about 1 MB of typical news articles. */
const READ_BATCH = 200;

interface StoredFile {
  size: number;
  /** null when the file is larger than the limit it was read with. */
  content: Buffer | null;
}

/** A stored file as a read's outcome: absent, too large for `maxBytes`, or its bytes. */
function outcomeOf(stored: StoredFile | undefined, maxBytes: number): Outcome<Uint8Array> {
  if (!stored) return { ok: false, reason: 'is no longer in the collection; run the reindex again' };
  if (stored.content === null || stored.size > maxBytes) {
    return { ok: false, reason: `is too large: ${formatBytes(stored.size)}, over the ${formatBytes(maxBytes)} limit; it was not read. Split it into smaller articles or raise MAX_FILE_MB` };
  }
  return { ok: true, value: new Uint8Array(stored.content.buffer, stored.content.byteOffset, stored.content.byteLength) };
}

/** Makes sure the collection's row exists and locks it for this transaction; returns whether its folder was copied before. */
async function lockedCollection(client: pg.PoolClient, collectionId: string): Promise<boolean> {
  await client.query('INSERT INTO collections (id) VALUES ($1) ON CONFLICT (id) DO NOTHING', [collectionId]);
  const row = await client.query<{ copied: boolean }>('SELECT articles_copied_at IS NOT NULL AS copied FROM collections WHERE id = $1 FOR UPDATE', [collectionId]);
  return row.rows[0]!.copied;
}

/**
 * Writes a folder's readable files into the collection as `folder` rows, one file in memory at a
 * time, skipping those `unchanged` says are stored already.
 *
 * @returns each copied file's id and whether it was written or already there (unreadable ones are absent).
 */
async function copyEntries(
  client: pg.PoolClient,
  collectionId: string,
  listing: ArticleListing,
  maxBytes: number,
  options: { unchanged: (id: string, sha256: string) => boolean; onProblem: (problem: ArticleProblem) => void },
): Promise<Map<string, 'written' | 'unchanged'>> {
  const copied = new Map<string, 'written' | 'unchanged'>();
  for (const entry of listing.files) {
    const read = await entry.read(maxBytes);
    if (!read.ok) {
      options.onProblem({ path: entry.id, reason: read.reason, skipped: true });
      continue;
    }
    const hash = sha256(read.value);
    if (options.unchanged(entry.id, hash)) {
      copied.set(entry.id, 'unchanged');
      continue;
    }
    await client.query(
      `INSERT INTO article_files (collection_id, name, content, size, sha256, origin) VALUES ($1, $2, $3, $4, $5, 'folder')
       ON CONFLICT (collection_id, name) DO UPDATE SET content = EXCLUDED.content, size = EXCLUDED.size, sha256 = EXCLUDED.sha256, origin = 'folder', modified_at = now()`,
      [collectionId, entry.id, Buffer.from(read.value), read.value.length, hash],
    );
    copied.set(entry.id, 'written');
  }
  return copied;
}

/** A document id as the folder walk makes them: relative, POSIX, no `..` or empty segment. */
function checkName(id: string): void {
  if (id === '' || id.startsWith('/') || id.split('/').some((part) => part === '' || part === '.' || part === '..')) {
    throw new Error(`not a document id: ${JSON.stringify(id)}`);
  }
}
