import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A scratch folder for generated fixtures, removed by `cleanup`. */
export interface TempFolder {
  /** Absolute path of the folder. */
  root: string;
  /** Writes a file (creating parent folders) and returns its absolute path. */
  write(relPath: string, content: string | Uint8Array): Promise<string>;
  /** Creates a symbolic link at `relPath` whose target is `target`, verbatim (relative or absolute). */
  link(relPath: string, target: string): Promise<void>;
  cleanup(): Promise<void>;
}

/** Creates an empty temporary folder. Hostile fixtures are generated here, never committed. */
export async function createTempFolder(prefix = 'articles-test-'): Promise<TempFolder> {
  const root = await mkdtemp(path.join(tmpdir(), prefix));
  const ensureParent = (file: string): Promise<string | undefined> => mkdir(path.dirname(file), { recursive: true });
  return {
    root,
    async write(relPath, content) {
      const file = path.join(root, relPath);
      await ensureParent(file);
      await writeFile(file, content);
      return file;
    },
    async link(relPath, target) {
      const file = path.join(root, relPath);
      await ensureParent(file);
      await symlink(target, file);
    },
    async cleanup() {
      await rm(root, { recursive: true, force: true });
    },
  };
}
