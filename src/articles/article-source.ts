import type { ArticleProblem, Outcome } from './types.ts';

/** One article file of a collection, as {@link ArticleSource.list} finds it. */
export interface ArticleEntry {
  /** Path relative to the collection, POSIX separators: the document id. */
  id: string;
  /** Reads the whole file if it is at most `maxBytes` bytes (never throws for a file problem: the reason instead). */
  read(maxBytes: number): Promise<Outcome<Uint8Array>>;
}

/** What {@link ArticleSource.list} found: files sorted by id, and entries it refused (unsafe links, unreadable folders). */
export interface ArticleListing {
  files: ArticleEntry[];
  problems: ArticleProblem[];
}

/**
 * Where one collection's article files live: a folder on disk (ARTICLES_DIR,
 * or a server's `guilds/<id>/`), or PostgreSQL's `article_files` when
 * DATABASE_URL is set. Index builds, `/article add|remove`, `npm run add` and
 * `/sources` go through this, so none of them knows which it uses.
 */
export interface ArticleSource {
  /** Identifies the collection's storage within the process: one add at a time per key. */
  readonly key: string;
  /** Lists the collection's article files (deterministic order). */
  list(): Promise<ArticleListing>;
  /** One file's bytes by id, if at most `maxBytes`; `{ ok: false }` with the reason when absent or unreadable. */
  read(id: string, maxBytes: number): Promise<Outcome<Uint8Array>>;
  /** Stores a file whole or not at all (replacing one of that id). */
  write(id: string, bytes: Uint8Array): Promise<void>;
  /** Deletes a file (no error if it is already gone). */
  remove(id: string): Promise<void>;
  /** Whether the collection has been started (a per-server one exists once its first article is added). */
  exists(): Promise<boolean>;
  /** Starts an empty collection, or one holding a copy of `seed`'s articles. */
  create(seed?: ArticleSource): Promise<void>;
  /** Removes a collection that {@link create} started and that nothing was indexed from (a refused first add). */
  destroy(): Promise<void>;
  /** Where a file is kept, as a person would look for it: a path, or the database collection it is in. */
  describe(id: string): string;
}

/** No limit: a seed copy takes every file as it is, as copying a folder would. */
const ANY_SIZE = Number.MAX_SAFE_INTEGER;

/** Copies every article of `from` into `to`, file by file (each write whole or not at all). */
export async function copyArticles(from: ArticleSource, to: ArticleSource): Promise<void> {
  const { files } = await from.list();
  for (const file of files) {
    const read = await file.read(ANY_SIZE);
    if (read.ok) await to.write(file.id, read.value);
  }
}
