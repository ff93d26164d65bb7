import { mkdir, readFile, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { UserError } from '../errors.ts';
import { crashPoint } from './crash-point.ts';

const LOCK_NAME = 'build.lock';
/** Who holds the lock: written right after taking it, removed right before releasing it. */
const OWNER_NAME = 'build.lock.owner.json';
/** Lock without an owner record this old: its owner died between taking it and writing the record (a few microseconds). */
const OWNERLESS_GRACE_MS = 2_000;

/** The process holding the build lock, as recorded next to it. */
export interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

/**
 * Another process (or this one) is already rebuilding the index: the same
 * `reindex-running` condition as a second reindex in one process, with the
 * lock holder named so the CLI can say who to wait for.
 */
export class IndexBusyError extends UserError {
  override readonly name = 'IndexBusyError';
  constructor(
    readonly indexDir: string,
    readonly owner: LockOwner | null = null,
  ) {
    const who = owner ? ` (process ${owner.pid} on ${owner.host}, since ${owner.since})` : '';
    super('reindex-running', `Another reindex of ${indexDir} is already running${who}; wait for it to finish and try again.`);
  }
}

/**
 * Takes the index's build lock and returns the release function. The lock is
 * proper-lockfile's (a lock directory refreshed every few seconds, stale when
 * its owner stops refreshing it for 15 s), plus an owner record (pid, host) so
 * that a lock left by a killed build on this machine is taken over at once
 * instead of blocking every reindex for 15 s.
 *
 * @throws {IndexBusyError} when a live process holds the lock. Waits only for a lock that has
 * no owner record yet, and then at most the ~2 s grace period.
 */
export async function acquireBuildLock(indexDir: string, onCompromised?: (error: Error) => void): Promise<() => Promise<void>> {
  await mkdir(indexDir, { recursive: true });
  try {
    return await lockOnce(indexDir, onCompromised);
  } catch (error) {
    if (!isLocked(error)) throw error;
  }
  let holder = await readOwner(indexDir);
  // A lock without an owner record is either being taken right now or was left by a build killed
  // mid-take: wait out the grace period (about 2 s at most) to tell which, rather than fail at once.
  const deadline = Date.now() + OWNERLESS_GRACE_MS + 500;
  while (holder === null && Date.now() < deadline && !(await isAbandoned(indexDir, null))) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    holder = await readOwner(indexDir);
  }
  if (!(await isAbandoned(indexDir, holder))) throw new IndexBusyError(indexDir, holder);
  await breakLock(indexDir, holder);
  try {
    return await lockOnce(indexDir, onCompromised);
  } catch (error) {
    // Someone else took over the abandoned lock first.
    if (isLocked(error)) throw new IndexBusyError(indexDir, await readOwner(indexDir));
    throw error;
  }
}

const isLocked = (error: unknown) => (error as { code?: string }).code === 'ELOCKED';
const ownerFile = (indexDir: string) => path.join(indexDir, OWNER_NAME);

async function lockOnce(indexDir: string, onCompromised?: (error: Error) => void): Promise<() => Promise<void>> {
  const release = await lockfile.lock(indexDir, {
    lockfilePath: path.join(indexDir, LOCK_NAME),
    stale: 15_000,
    update: 5_000,
    retries: 0,
    realpath: false,
    onCompromised: onCompromised ?? ((error) => { throw error; }),
  });
  crashPoint('lock-taken');
  const owner: LockOwner = { pid: process.pid, host: os.hostname(), since: new Date().toISOString() };
  try {
    // One small write: a crash leaves the whole record or a torn one, and a torn one reads as "no owner".
    await writeFile(ownerFile(indexDir), JSON.stringify(owner));
  } catch (error) {
    await release().catch(() => {});
    throw error;
  }
  crashPoint('lock-owned');
  return async () => {
    // Only our own record: if the lock was taken over, the record is the new owner's.
    if (sameOwner(await readOwner(indexDir), owner)) await rm(ownerFile(indexDir), { force: true });
    await release();
  };
}

async function readOwner(indexDir: string): Promise<LockOwner | null> {
  try {
    const data = JSON.parse(await readFile(ownerFile(indexDir), 'utf8')) as Partial<LockOwner>;
    if (typeof data.pid === 'number' && typeof data.host === 'string' && typeof data.since === 'string') {
      return { pid: data.pid, host: data.host, since: data.since };
    }
  } catch {
    // Missing or torn: treated as no owner record.
  }
  return null;
}

const sameOwner = (a: LockOwner | null, b: LockOwner | null) =>
  a !== null && b !== null && a.pid === b.pid && a.host === b.host && a.since === b.since;

/** True when the process named by `pid` exists (on this machine). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

/**
 * Whether a held lock has no living owner: its recorded owner is a process of
 * this machine that no longer exists, or it has had no owner record for
 * longer than the grace period. A lock held from another machine is left to
 * proper-lockfile's staleness check.
 */
async function isAbandoned(indexDir: string, holder: LockOwner | null): Promise<boolean> {
  if (holder) return holder.host === os.hostname() && !isAlive(holder.pid);
  try {
    const lock = await stat(path.join(indexDir, LOCK_NAME));
    return Date.now() - lock.mtimeMs > OWNERLESS_GRACE_MS;
  } catch {
    return true; // released meanwhile
  }
}

/** Removes an abandoned lock, unless its owner record changed since it was judged abandoned. */
async function breakLock(indexDir: string, judged: LockOwner | null): Promise<void> {
  const now = await readOwner(indexDir);
  if (judged ? !sameOwner(now, judged) : now !== null) return;
  if (judged) await rm(ownerFile(indexDir), { force: true });
  await rmdir(path.join(indexDir, LOCK_NAME)).catch((error: { code?: string }) => {
    if (error.code !== 'ENOENT') throw error;
  });
}
