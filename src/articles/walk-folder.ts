import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { ArticleFolderError } from './article-folder-error.ts';
import { compareCodeUnits } from './compare-code-units.ts';
import { describeError, errorCode } from './describe-error.ts';
import type { ArticleProblem } from './types.ts';

/** The top-level folder of an articles folder that holds per-server collections (`guilds/<guild id>/`). */
export const GUILDS_FOLDER = 'guilds';

/** An article file found by {@link walkFolder}. */
export interface ArticleFile {
  /** Path relative to the folder, POSIX separators: the document id. */
  id: string;
  /** Absolute, symlink-free path that is inside the folder: the only path that is ever opened. */
  realPath: string;
  /** True when `id` names a symbolic link (to a file inside the folder). */
  viaLink: boolean;
}

/** What {@link walkFolder} found: article files sorted by id, and entries it refused. */
export interface WalkResult {
  files: ArticleFile[];
  problems: ArticleProblem[];
}

/**
 * Lists the article files under `dir`, recursively and in a deterministic (code-unit sorted) order.
 *
 * Safety rules, because the folder may hold links an operator did not mean to publish:
 * - hidden entries (name starting with '.') are ignored, files and folders alike;
 * - a symbolic link is resolved with `realpath` and refused unless its target is inside the folder;
 *   refused links are reported and never opened;
 * - links to folders are never followed, even inside: the folder's files are found at their real
 *   location anyway, and not following them is what makes a link loop harmless;
 * - two names for the same file (a link and its target) yield the file once; the other name is reported;
 * - the top-level `guilds/` folder is skipped: it holds each server's own collection, and no server's
 *   uploads may ever reach this collection (or seed another server's).
 *
 * @param extensions - lower-case extensions with a leading dot
 * @throws {ArticleFolderError} when `dir` does not exist, is not a folder or cannot be listed
 */
export async function walkFolder(dir: string, extensions: readonly string[]): Promise<WalkResult> {
  const root = await resolveRoot(dir);
  const isArticleName = (name: string): boolean => extensions.includes(path.extname(name).toLowerCase());
  const files: ArticleFile[] = [];
  const problems: ArticleProblem[] = [];
  const refuse = (id: string, reason: string): void => {
    problems.push({ path: id, reason, skipped: true });
  };

  // An explicit stack rather than recursion: depth is bounded only by the file system.
  const pending: Array<{ realDir: string; relDir: string }> = [{ realDir: root, relDir: '' }];
  while (pending.length > 0) {
    const { realDir, relDir } = pending.pop()!;
    let entries: Dirent[];
    try {
      entries = await readdir(realDir, { withFileTypes: true });
    } catch (error) {
      if (relDir === '') throw folderError(dir, error);
      refuse(`${relDir}/`, `folder cannot be read (${describeError(error)}); check its permissions`);
      continue;
    }
    const subfolders: Array<{ realDir: string; relDir: string }> = [];
    for (const entry of entries.sort(byName)) {
      const name = entry.name;
      if (name.startsWith('.')) continue;
      const id = relDir === '' ? name : `${relDir}/${name}`;
      const realPath = path.join(realDir, name);

      if (entry.isDirectory()) {
        // Per-server collections live under the folder's own guilds/ (COLLECTIONS=per-guild); they are never part of this one.
        if (relDir === '' && name === GUILDS_FOLDER) continue;
        subfolders.push({ realDir: realPath, relDir: id });
      } else if (entry.isFile()) {
        if (isArticleName(name)) files.push({ id, realPath, viaLink: false });
      } else if (entry.isSymbolicLink()) {
        const link = await inspectLink(realPath, root);
        if (link.kind === 'folder') {
          refuse(
            `${id}/`,
            link.inside
              ? 'is a symbolic link to a folder; links to folders are not followed (the files are read where they really are)'
              : 'is a symbolic link to a folder outside the articles folder; it was not followed. Move the articles into the folder instead',
          );
        } else if (!isArticleName(name)) {
          // Not an article name: ignored like any other file, and never opened.
        } else if (link.kind === 'broken') {
          refuse(id, `is a symbolic link that cannot be resolved (${link.detail}); fix or delete the link`);
        } else if (!link.inside) {
          refuse(id, 'is a symbolic link to a file outside the articles folder; it was not read. Copy the file into the folder instead');
        } else if (link.kind === 'file') {
          files.push({ id, realPath: link.target, viaLink: true });
        } else {
          refuse(id, 'is a symbolic link to something that is not a regular file (a device, socket or pipe); it was not read');
        }
      } else if (isArticleName(name)) {
        refuse(id, 'is not a regular file (a device, socket or pipe); it was not read');
      }
    }
    // Reversed so that popping visits subfolders in sorted order.
    pending.push(...subfolders.reverse());
  }

  const unique = onePerRealFile(files, problems);
  return { files: unique.sort(byId), problems };
}

type LinkInfo =
  | { kind: 'broken'; detail: string }
  | { kind: 'file' | 'folder' | 'other'; target: string; inside: boolean };

/** Resolves a link and classifies its target, using only metadata calls (nothing is opened). */
async function inspectLink(linkPath: string, root: string): Promise<LinkInfo> {
  try {
    const target = await realpath(linkPath);
    const inside = isInside(root, target);
    const info = await stat(target);
    const kind = info.isFile() ? 'file' : info.isDirectory() ? 'folder' : 'other';
    return { kind, target, inside };
  } catch (error) {
    return { kind: 'broken', detail: describeError(error) };
  }
}

/** True when `target` is `root` itself or below it; both must already be real paths. */
function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!path.isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${path.sep}`));
}

/**
 * Keeps one name per real file. The file's own name wins over a link to it; between links,
 * the first id in sorted order wins. Every dropped name is reported so nothing vanishes silently.
 */
function onePerRealFile(files: ArticleFile[], problems: ArticleProblem[]): ArticleFile[] {
  const byRealPath = new Map<string, ArticleFile>();
  for (const file of [...files].sort((a, b) => Number(a.viaLink) - Number(b.viaLink) || byId(a, b))) {
    const kept = byRealPath.get(file.realPath);
    if (kept === undefined) {
      byRealPath.set(file.realPath, file);
    } else {
      problems.push({
        path: file.id,
        reason: `is a symbolic link to "${kept.id}", which is indexed once under that name`,
        skipped: true,
      });
    }
  }
  return [...byRealPath.values()];
}

async function resolveRoot(dir: string): Promise<string> {
  let root: string;
  try {
    root = await realpath(dir);
  } catch (error) {
    throw folderError(dir, error);
  }
  const info = await stat(root).catch((error: unknown) => {
    throw folderError(dir, error);
  });
  if (!info.isDirectory()) {
    throw new ArticleFolderError(dir, 'ENOTDIR', 'not a folder; point the bot at the folder that holds the articles');
  }
  return root;
}

function folderError(dir: string, error: unknown): ArticleFolderError {
  const code = errorCode(error) ?? 'UNKNOWN';
  return new ArticleFolderError(dir, code, describeError(error), { cause: error });
}

function byName(a: Dirent, b: Dirent): number {
  return compareCodeUnits(a.name, b.name);
}

function byId(a: { id: string }, b: { id: string }): number {
  return compareCodeUnits(a.id, b.id);
}
