import { mkdir, realpath, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../fs/atomic-file.ts';
import { copyArticles, type ArticleListing, type ArticleSource } from './article-source.ts';
import { readFileBytes } from './read-file-bytes.ts';
import { DEFAULT_EXTENSIONS, type Outcome } from './types.ts';
import { walkFolder } from './walk-folder.ts';

/**
 * A collection's articles as a folder on disk (ARTICLES_DIR, or a server's
 * `guilds/<id>/`): the store without DATABASE_URL, and what the operator edits.
 * Listing follows {@link walkFolder}'s safety rules (no links out of the folder,
 * hidden files and the top-level `guilds/` skipped); a file is only ever opened
 * at the checked real path; writes are atomic (written beside, then renamed).
 */
export class FolderArticleSource implements ArticleSource {
  readonly dir: string;
  private readonly extensions: string[];

  /** @param extensions - read case-insensitively, with or without the leading dot (default {@link DEFAULT_EXTENSIONS}) */
  constructor(dir: string, extensions: readonly string[] = DEFAULT_EXTENSIONS) {
    this.dir = path.resolve(dir);
    this.extensions = extensions.map((ext) => (ext.startsWith('.') ? ext : `.${ext}`).toLowerCase());
  }

  get key(): string {
    return `folder:${this.dir}`;
  }

  /** @throws {ArticleFolderError} when the folder itself does not exist or cannot be read */
  async list(): Promise<ArticleListing> {
    const walk = await walkFolder(this.dir, this.extensions);
    return {
      files: walk.files.map((file) => ({ id: file.id, read: (maxBytes: number) => readFileBytes(file.realPath, maxBytes) })),
      problems: walk.problems,
    };
  }

  /** Reads `id`, following a link only to a file inside the folder (as the walk does). */
  async read(id: string, maxBytes: number): Promise<Outcome<Uint8Array>> {
    const real = await realpath(this.pathOf(id)).catch(() => null);
    const root = await realpath(this.dir).catch(() => this.dir);
    const rel = real === null ? '..' : path.relative(root, real);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return { ok: false, reason: 'is not in the articles folder' };
    return readFileBytes(real!, maxBytes);
  }

  async write(id: string, bytes: Uint8Array): Promise<void> {
    const file = this.pathOf(id);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, bytes);
  }

  async remove(id: string): Promise<void> {
    await rm(this.pathOf(id), { force: true });
  }

  exists(): Promise<boolean> {
    return stat(this.dir).then(
      () => true,
      () => false,
    );
  }

  async create(seed?: ArticleSource): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    if (seed) await copyArticles(seed, this);
  }

  /** Removes the folder, and its parent (`guilds/`) too if that leaves it empty. */
  async destroy(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
    await rmdir(path.dirname(this.dir)).catch(() => undefined);
  }

  describe(id: string): string {
    return this.pathOf(id);
  }

  /** The file of document `id`; an id that would lead outside the folder is a bug, never a path to open. */
  private pathOf(id: string): string {
    const file = path.resolve(this.dir, id);
    const rel = path.relative(this.dir, file);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) throw new Error(`document id ${JSON.stringify(id)} is outside the articles folder`);
    return file;
  }
}
