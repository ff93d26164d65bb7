import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';

/** Another process (or this one) is already rebuilding the index. */
export class IndexBusyError extends Error {
  override readonly name = 'IndexBusyError';
  constructor(readonly indexDir: string) {
    super(`Another reindex of ${indexDir} is already running; wait for it to finish and try again.`);
  }
}

/**
 * Takes the index's build lock (proper-lockfile: a lock directory refreshed
 * every few seconds, treated as stale when its owner stops refreshing it, so a
 * killed build never blocks the next one for long). Returns the release function.
 */
export async function acquireBuildLock(indexDir: string, onCompromised?: (error: Error) => void): Promise<() => Promise<void>> {
  await mkdir(indexDir, { recursive: true });
  try {
    return await lockfile.lock(indexDir, {
      lockfilePath: path.join(indexDir, 'build.lock'),
      stale: 15_000,
      update: 5_000,
      retries: 0,
      realpath: false,
      onCompromised: onCompromised ?? ((error) => { throw error; }),
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'ELOCKED') throw new IndexBusyError(indexDir);
    throw error;
  }
}
