import { spawnSync } from 'node:child_process';
import { chmod } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadArticles, type LoadResult } from '../../src/articles/index.ts';
import { createTempFolder, type TempFolder } from './temp-folder.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LOADER = path.join(PROJECT_ROOT, 'src/articles/index.ts');
const NOBODY = 65534;

/**
 * Permission bits do not stop root, and tests often run as root (containers, CI). Then the loader
 * runs in a child process as user "nobody", where `chmod 000` really denies access.
 */
function loadAsUnprivilegedUser(dir: string): LoadResult {
  const script = `
    import { loadArticles } from ${JSON.stringify(LOADER)};
    process.stdout.write(JSON.stringify(await loadArticles(process.argv[1])));`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script, dir], {
    cwd: PROJECT_ROOT,
    uid: NOBODY,
    gid: NOBODY,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (child.error !== undefined) throw child.error;
  if (child.status !== 0) throw new Error(`loader child failed (status ${child.status}): ${child.stderr}`);
  return JSON.parse(child.stdout) as LoadResult;
}

/**
 * As root the test needs a user that permission bits do stop, and that user must be able to read
 * the project (a checkout inside a private folder is not). Skipped, not failed, where neither holds.
 */
function canTestPermissions(): boolean {
  if (process.platform === 'win32') return false;
  if (process.getuid?.() !== 0) return true;
  const probe = spawnSync(process.execPath, ['-e', `require('node:fs').accessSync(${JSON.stringify(LOADER)})`], {
    uid: NOBODY,
    gid: NOBODY,
    timeout: 10_000,
  });
  return probe.status === 0;
}

describe.skipIf(!canTestPermissions())('files the bot has no permission to read', () => {
  let tmp: TempFolder;
  let result: LoadResult;

  beforeAll(async () => {
    tmp = await createTempFolder();
    await tmp.write('readable.md', 'Readable.\n');
    await chmod(await tmp.write('locked.md', 'Locked.\n'), 0o000);
    await tmp.write('locked-folder/inside.md', 'Inside a locked folder.\n');
    await chmod(path.join(tmp.root, 'locked-folder'), 0o000);
    // mkdtemp makes the folder private to its owner; "nobody" must be able to list it.
    await chmod(tmp.root, 0o755);
    const runningAsRoot = process.getuid?.() === 0;
    result = runningAsRoot ? loadAsUnprivilegedUser(tmp.root) : await loadArticles(tmp.root);
  });
  afterAll(async () => {
    if (tmp === undefined) return;
    await chmod(path.join(tmp.root, 'locked-folder'), 0o755).catch(() => undefined);
    await tmp.cleanup();
  });

  it('reports a file it cannot open as skipped with the permission error, and still indexes the rest', () => {
    expect(result.documents.map((doc) => doc.id)).toEqual(['readable.md']);
    expect(result.problems).toContainEqual({
      path: 'locked.md',
      skipped: true,
      reason: expect.stringMatching(/cannot be read \(EACCES: permission denied\); give the bot's user read permission/),
    });
  });

  it('reports a subfolder it cannot list, by name with a trailing slash', () => {
    expect(result.problems).toContainEqual({
      path: 'locked-folder/',
      skipped: true,
      reason: expect.stringMatching(/folder cannot be read \(EACCES/),
    });
  });
});
