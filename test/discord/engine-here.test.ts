import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectionSet } from '../../src/collections/collection-set.ts';
import type { CommandContext } from '../../src/discord/command.ts';
import { engineHere, NOTHING_HERE, NOTHING_IN_DMS } from '../../src/discord/engine-here.ts';
import { createWorkspace, type Workspace } from '../support/engine-fixture.ts';

const GUILD = '100000000000000001';

describe('which collection answers where', () => {
  let workspace: Workspace;
  let perGuild: CollectionSet;
  beforeAll(async () => {
    workspace = await createWorkspace();
    perGuild = await CollectionSet.open(workspace.config, { mode: 'per-guild', maxLoaded: 5, idleUnloadMs: 60_000, seedNewGuilds: false, engine: { bulkEmbedding: 'inline' } });
  });
  afterAll(async () => {
    await perGuild?.close();
    await workspace?.cleanup();
  });

  it('with per-server collections, tells a DM to ask in a server and an empty server that nothing is indexed yet', async () => {
    const context = { collections: perGuild } as CommandContext;
    await expect(engineHere(context, null)).rejects.toMatchObject({ id: 'index-empty', message: NOTHING_IN_DMS });
    await expect(engineHere(context, GUILD)).rejects.toMatchObject({ id: 'index-empty', message: NOTHING_HERE });
    expect((await engineHere(context, GUILD, { create: true })).sources().documents).toEqual([]);
  });

  it('with one shared collection, answers everywhere from it, DMs included', async () => {
    const engine = (await perGuild.forGuild(GUILD))!;
    const context = { collections: CollectionSet.sharing(engine) } as CommandContext;
    expect(await engineHere(context, null)).toBe(engine);
    expect(await engineHere(context, '100000000000000009')).toBe(engine);
  });
});
