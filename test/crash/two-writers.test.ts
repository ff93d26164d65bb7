import { spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine.ts';
import { UserError } from '../../src/errors.ts';
import { acquireBuildLock, IndexBusyError } from '../../src/store/build-lock.ts';
import { createWorkspace, type Workspace } from '../support/engine-fixture.ts';
import { runEntry, startEntry } from './support/run-entry.ts';

const CHANGED = '002-captured-north-korean-soldier-dies-in-custody.md';
const LOCK = 'build.lock';
const OWNER = 'build.lock.owner.json';
const BUSY = /Another reindex of .+ is already running(?: \(process (\d+) on .+, since .+\))?; wait for it to finish and try again\./;

const versions = async (indexDir: string) => (await readdir(indexDir)).filter((e) => /^v\d{6}$/.test(e)).sort();
const secondsAgo = (s: number) => new Date(Date.now() - s * 1000);

describe('two writers', () => {
  let workspace: Workspace;

  beforeEach(async () => {
    workspace = await createWorkspace();
    // An index to start from (v000001), and an article changed since.
    const engine = await Engine.open(workspace.config, { bulkEmbedding: 'inline' });
    await engine.close();
    const file = path.join(workspace.articlesDir, CHANGED);
    await writeFile(file, `${await readFile(file, 'utf8')}\nA later paragraph about prisoner exchanges.\n`);
  });
  afterEach(async () => {
    await workspace?.cleanup();
  });

  it('two `npm run index` started at once make one build; the other exits 1 naming the running one', async () => {
    // Whichever takes the lock first stops itself while holding it (INDEX_STOP_AT), so the two always overlap.
    const env = { ...workspace.env, INDEX_STOP_AT: 'lock-owned' };
    const runs = [startEntry('index-articles.ts', [], env), startEntry('index-articles.ts', [], env)];
    let loser, winner, won;
    try {
      const [first] = await Promise.race(runs.map((run, i) => run.done.then((result) => [{ i, result }] as const)));
      loser = first.result;
      winner = runs[1 - first.i]!;
      winner.child.kill('SIGCONT');
      won = await winner.done;
    } finally {
      for (const run of runs) if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
    }

    expect(loser.code, loser.stderr).toBe(1);
    expect(loser.stderr).toMatch(BUSY);
    // Names the holder, unless it asked in the microseconds between the lock and its owner record.
    const holder = BUSY.exec(loser.stderr)![1];
    if (holder !== undefined) expect(Number(holder)).toBe(winner.child.pid);
    expect(won.code, won.stderr).toBe(0);
    expect(won.stderr).toMatch(/~1 changed/);
    expect(await versions(workspace.indexDir)).toEqual(['v000001', 'v000002']);
    expect((await readdir(workspace.indexDir)).filter((e) => !/^v\d{6}$/.test(e))).toEqual([]); // lock released
  });

  it('a build killed while holding the lock does not block the next one', async () => {
    const killed = await runEntry('index-articles.ts', [], { ...workspace.env, INDEX_CRASH_AT: 'lock-owned' });
    expect(killed.signal).toBe('SIGKILL');
    const owner = JSON.parse(await readFile(path.join(workspace.indexDir, OWNER), 'utf8')) as { pid: number };
    expect(owner.pid).toBeGreaterThan(0);

    const next = await runEntry('index-articles.ts', [], workspace.env);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toMatch(/~1 changed/);
    expect((await readdir(workspace.indexDir)).sort()).toEqual(['v000001', 'v000002']);
  });

  it('a reindex in this process while another holds the lock is refused and the index stays', async () => {
    const release = await acquireBuildLock(workspace.indexDir);
    const engine = await Engine.open(workspace.config, { bulkEmbedding: 'inline' });
    try {
      const builtAt = engine.index!.manifest.builtAt;
      const error = await engine.reindex().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(IndexBusyError);
      expect((error as IndexBusyError).owner).toMatchObject({ pid: process.pid, host: os.hostname() });
      // The same condition as a second reindex in one process, so the CLI and Discord each map one id.
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).id).toBe('reindex-running');
      expect((error as Error).message).toContain(`process ${process.pid} on ${os.hostname()}`);
      expect(engine.index!.manifest.builtAt).toBe(builtAt);
      expect((await engine.ask('When did the soldier die?')).answered).toBe(true);
    } finally {
      await release();
      await engine.close();
    }
    expect(await readdir(workspace.indexDir)).toEqual(['v000001']);
  });

  describe('stale locks', () => {
    const lockDir = () => path.join(workspace.indexDir, LOCK);
    const ownerFile = () => path.join(workspace.indexDir, OWNER);

    it('takes over a lock whose owner process on this machine has exited', async () => {
      // A pid that existed and is gone: a child that already exited.
      const gone = spawnSync(process.execPath, ['-e', '']).pid;
      await mkdir(lockDir());
      await writeFile(ownerFile(), JSON.stringify({ pid: gone, host: os.hostname(), since: new Date().toISOString() }));
      const release = await acquireBuildLock(workspace.indexDir);
      const owner = JSON.parse(await readFile(ownerFile(), 'utf8')) as { pid: number };
      expect(owner.pid).toBe(process.pid);
      await release();
      expect(await readdir(workspace.indexDir)).toEqual(['v000001']);
    });

    it('waits while a lock has no owner record yet, and reports the owner once it appears', async () => {
      await mkdir(lockDir());
      const attempt = acquireBuildLock(workspace.indexDir);
      // The lock's owner finishes taking it: its record appears during the grace period.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await writeFile(ownerFile(), JSON.stringify({ pid: process.pid, host: os.hostname(), since: 'just now' }));
      await expect(attempt).rejects.toThrow(new RegExp(`process ${process.pid} on ${os.hostname()}`));
    });

    it('takes over a lock that stays without an owner record through the grace period', async () => {
      await mkdir(lockDir());
      const release = await acquireBuildLock(workspace.indexDir);
      await release();
    });

    it('treats a torn owner record like none', async () => {
      await mkdir(lockDir());
      await writeFile(ownerFile(), '{"pid": 12');
      const release = await acquireBuildLock(workspace.indexDir);
      await release();
      expect(await readdir(workspace.indexDir)).toEqual(['v000001']);
    });

    it('never breaks a lock held by a live process, and leaves one held from another machine to the 15 s staleness check', async () => {
      await mkdir(lockDir());
      await writeFile(ownerFile(), JSON.stringify({ pid: process.pid, host: os.hostname(), since: 'earlier' }));
      await utimes(lockDir(), secondsAgo(10), secondsAgo(10));
      await expect(acquireBuildLock(workspace.indexDir)).rejects.toThrow(new RegExp(`process ${process.pid} on ${os.hostname()}`));

      await writeFile(ownerFile(), JSON.stringify({ pid: 1, host: 'another-machine', since: 'earlier' }));
      await expect(acquireBuildLock(workspace.indexDir)).rejects.toThrow(/process 1 on another-machine/);
      await utimes(lockDir(), secondsAgo(20), secondsAgo(20));
      const release = await acquireBuildLock(workspace.indexDir);
      await release();
    });
  });
});
