import { readdir, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CollectionSet } from '../../src/collections/collection-set.ts';
import { TurnQueue } from '../../src/collections/turn-queue.ts';
import { createWorkspace, type Workspace } from '../support/engine-fixture.ts';

const A = '100000000000000001';
const B = '100000000000000002';
const C = '100000000000000003';

let workspace: Workspace | undefined;
let collections: CollectionSet | undefined;
afterEach(async () => {
  await collections?.close();
  await workspace?.cleanup();
  collections = workspace = undefined;
});

const open = async (overrides: { maxLoaded?: number; seedNewGuilds?: boolean; idleUnloadMs?: number } = {}) => {
  workspace = await createWorkspace();
  collections = await CollectionSet.open(workspace.config, {
    mode: 'per-guild',
    maxLoaded: overrides.maxLoaded ?? 10,
    idleUnloadMs: overrides.idleUnloadMs ?? 60_000,
    seedNewGuilds: overrides.seedNewGuilds ?? false,
    engine: { bulkEmbedding: 'inline' },
  });
  return { workspace, collections };
};

describe('per-server collections', () => {
  it('gives no collection to a DM or a server without one, and creates an empty one only when asked', async () => {
    const { collections, workspace } = await open();
    expect(await collections.forGuild(null)).toBeNull();
    expect(await collections.forGuild(A)).toBeNull();
    const engine = await collections.forGuild(A, { create: true });
    expect(engine?.sources().documents).toEqual([]);
    expect(await readdir(path.join(workspace.articlesDir, 'guilds'))).toEqual([A]);
    await expect(collections.forGuild('../../etc', { create: true })).rejects.toThrow(/not a Discord server id/);
  });

  it('opens a server’s collection once when several first requests arrive together', async () => {
    const { collections } = await open();
    const [first, second, third] = await Promise.all([collections.forGuild(A, { create: true }), collections.forGuild(A), collections.forGuild(A, { create: true })]);
    expect(first).not.toBeNull();
    expect(second).toBe(first);
    expect(third).toBe(first);
    expect(collections.loadedCount).toBe(1);
  });

  it('seeds a new server with the shared folder’s own articles, never another server’s, when SEED_NEW_GUILDS is on', async () => {
    const { collections, workspace } = await open({ seedNewGuilds: true });
    await mkdir(path.join(workspace.articlesDir, 'guilds', B), { recursive: true });
    await writeFile(path.join(workspace.articlesDir, 'guilds', B, 'private.md'), 'Only server B may see this.\n');
    const engine = (await collections.forGuild(A, { create: true }))!;
    const shared = (await readdir(workspace.articlesDir)).filter((f) => f.endsWith('.md')).sort();
    expect(engine.sources().documents.map((d) => d.id).sort()).toEqual(shared);
    expect((await readdir(path.join(workspace.articlesDir, 'guilds', A))).sort()).toEqual(shared);
  });

  it('keeps at most maxLoaded collections in memory, unloading the least recently used, and loads them back from disk', async () => {
    const { collections } = await open({ maxLoaded: 2 });
    const a = await collections.forGuild(A, { create: true });
    await collections.forGuild(B, { create: true });
    await collections.forGuild(A); // A is now the most recently used
    await collections.forGuild(C, { create: true });
    expect(collections.loadedCount).toBe(2);
    expect(await collections.loadedEngine(B)).toBeNull();
    expect(await collections.loadedEngine(A)).toBe(a);
    expect(await collections.forGuild(B)).not.toBeNull(); // from disk again
    expect(collections.loadedCount).toBe(2);
  });

  it('unloads a collection left unused for COLLECTION_IDLE_MINUTES', async () => {
    const { collections } = await open({ idleUnloadMs: 300 });
    await collections.forGuild(A, { create: true });
    expect(collections.loadedCount).toBe(1);
    await vi.waitFor(() => expect(collections.loadedCount).toBe(0), { timeout: 2000, interval: 20 });
    expect(await collections.forGuild(A)).not.toBeNull(); // back from disk when needed
  });

  it('runs one collection’s reindex at a time; the next waits and hears its place in the queue', async () => {
    const { collections, workspace } = await open();
    const a = (await collections.forGuild(A, { create: true }))!;
    const b = (await collections.forGuild(B, { create: true }))!;
    for (const [guild, n] of [[A, 1], [B, 2]] as const) {
      await writeFile(path.join(workspace.articlesDir, 'guilds', guild, `report-${n}.md`), `Report ${n} about the harbour ferry and the night market.\n`.repeat(20));
    }
    const events: string[] = [];
    const first = a.reindex({ onProgress: (p) => p.phase === 'embed' && events.push('a embeds') }).then(() => events.push('a done'));
    const second = b.reindex({ onQueued: (position) => events.push(`b queued ${position}`), onProgress: (p) => p.phase === 'embed' && events.push('b embeds') }).then(() => events.push('b done'));
    await Promise.all([first, second]);
    const compact = events.filter((e, i) => e !== events[i - 1]);
    expect(compact).toEqual(['b queued 1', 'a embeds', 'a done', 'b embeds', 'b done']);
    expect(b.sources().documents.map((d) => d.id)).toEqual(['report-2.md']);
  });
});

describe('the turn queue', () => {
  it('runs jobs one at a time, first come first served, telling each waiting job its position as it moves up', async () => {
    const queue = new TurnQueue();
    const log: string[] = [];
    const job = (name: string) => async () => {
      log.push(`${name} start`);
      await new Promise((resolve) => setImmediate(resolve));
      log.push(`${name} end`);
    };
    await Promise.all([
      queue.run(job('1')),
      queue.run(job('2'), (p) => log.push(`2 at ${p}`)),
      queue.run(job('3'), (p) => log.push(`3 at ${p}`)),
      queue.run(() => Promise.reject(new Error('boom'))).catch(() => log.push('4 failed')),
    ]);
    expect(log).toEqual(['1 start', '2 at 1', '3 at 2', '1 end', '3 at 1', '2 start', '2 end', '3 start', '3 end', '4 failed']);
  });
});
