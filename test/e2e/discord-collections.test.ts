import { readdir, writeFile } from 'node:fs/promises';
import { Writable } from 'node:stream';
import path from 'node:path';
import { PermissionFlagsBits, type APIMessage } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectionSet } from '../../src/collections/collection-set.ts';
import { loadDiscordConfig } from '../../src/config.ts';
import { Bot } from '../../src/discord/bot.ts';
import { loadCommands } from '../../src/discord/load-commands.ts';
import { deployTarget, registerCommands } from '../../src/discord/register-commands.ts';
import type { Embedder } from '../../src/embedding/embedder.ts';
import { loadEmbeddingModel, type LoadedModel } from '../../src/embedding/load-model.ts';
import { createLogger } from '../../src/logger.ts';
import { FakeDiscord } from '../fake-discord/index.ts';
import { fakeToken } from '../support/bot-harness.ts';
import { createWorkspace, type Workspace } from '../support/engine-fixture.ts';

const FERRY_MD = '---\ntitle: Harbour ferry makes its last crossing\noutlet: Port Gazette\ndate: 2025-03-31\n---\nThe harbour ferry made its last crossing on Monday evening, carrying 212 passengers.\n';
const MARKET_MD = '---\ntitle: Night market opens\noutlet: Town Crier\n---\nThe night market opened on Friday with 48 food stalls along the river.\n';

const final = (m: APIMessage) => m.content !== '' && !/(…|<t:\d+:R>)$/.test(m.content);
const textOf = (m: APIMessage) => `${m.content}\n${m.embeds?.map((e) => e.description ?? '').join('\n') ?? ''}`;

describe('COLLECTIONS=per-guild: each server has its own articles', () => {
  let workspace: Workspace;
  let fake: FakeDiscord;
  let collections: CollectionSet;
  let bot: Bot;
  let model: LoadedModel;
  const logs: string[] = [];

  /** Where each server's members act: server A is the fake's first server, B its second. */
  const inA = () => ({ channelId: fake.channel('general') });
  const inB = () => ({ channelId: fake.channel('other-general'), roles: [] as string[] });
  const moderatorOf = (where: { channelId: string }) => ({ ...where, user: { username: `mod-${where.channelId}` }, permissions: PermissionFlagsBits.ManageGuild | PermissionFlagsBits.UseApplicationCommands });
  const ask = async (where: { channelId: string }, question: string) =>
    textOf(await fake.slashCommand({ name: 'ask', options: { question }, user: { username: `asker-${where.channelId}` }, ...where }).waitForResponse((m) => m.content !== '' || (m.embeds?.length ?? 0) > 0));

  beforeAll(async () => {
    workspace = await createWorkspace(); // the sample articles sit in the shared ARTICLES_DIR, which per-guild mode never serves
    fake = new FakeDiscord({ secondGuild: true, timeoutMs: 30_000 });
    await fake.start();
    const config = loadDiscordConfig({
      DISCORD_TOKEN: fakeToken(),
      DISCORD_CLIENT_ID: fake.applicationId,
      DISCORD_GUILD_ID: fake.guildId, // plays no part in per-guild mode
      DISCORD_API_BASE: fake.apiBase,
      ASK_COOLDOWN_SECONDS: '0',
    });
    const destination = new Writable({ write: (chunk: Buffer, _e, done) => (logs.push(chunk.toString()), done()) });
    const logger = createLogger('info', { secrets: [config.token], destination });
    // Embedding that takes a moment per batch, so one server's reindex is still running when another's starts.
    model = await loadEmbeddingModel(workspace.config);
    const slow: Embedder = {
      modelId: model.embedder.modelId,
      dimensions: model.embedder.dimensions,
      embed: async (texts) => {
        await new Promise((resolve) => setTimeout(resolve, 400));
        return model.embedder.embed(texts);
      },
      close: async () => {},
    };
    collections = await CollectionSet.open(workspace.config, {
      mode: 'per-guild',
      maxLoaded: 1,
      idleUnloadMs: 60_000,
      seedNewGuilds: false,
      engine: { logger, bulkEmbedder: slow },
    });
    const commands = await loadCommands(logger);
    await registerCommands(deployTarget(config, 'per-guild'), commands);
    bot = new Bot({ collections, config, logger, commands, progressIntervalMs: 0 });
    await bot.start();
  });
  afterAll(async () => {
    await bot?.stop();
    await collections?.close();
    await model?.embedder.close();
    await fake?.close();
    await workspace?.cleanup();
  });

  it('deploys the commands globally, and the start-up check compares against those', () => {
    expect(fake.globalCommands().map((c) => c.name).sort()).toEqual(['Ask about this message', 'article', 'ask', 'reindex', 'sources']);
    expect(fake.commands(fake.guildId)).toEqual([]);
    expect(logs.join('')).not.toMatch(/differ from commands/);
  });

  it('says "nothing indexed here yet" in a server without articles, and creates nothing for a question', async () => {
    expect(await ask(inA(), 'When did the soldier die?')).toMatch(/Nothing is indexed here yet: a moderator can add articles with \/article add\./);
    expect(await readdir(path.join(workspace.articlesDir))).not.toContain('guilds');
  });

  it('keeps each server’s articles apart: added in A, answered in A only; added in B, answered in B only', async () => {
    const addA = fake.slashCommand({ name: 'article', subcommand: 'add', ...moderatorOf(inA()), attachments: { file: { filename: 'ferry.md', content: FERRY_MD } } });
    expect((await addA.waitForResponse(final)).content).toMatch(/^\*\*Added\*\* “Harbour ferry makes its last crossing”/);
    const addB = fake.slashCommand({ name: 'article', subcommand: 'add', ...moderatorOf(inB()), attachments: { file: { filename: 'market.md', content: MARKET_MD } } });
    expect((await addB.waitForResponse(final)).content).toMatch(/^\*\*Added\*\* “Night market opens”/);

    expect(await readdir(path.join(workspace.articlesDir, 'guilds', fake.guildId))).toEqual([expect.stringMatching(/^harbour-ferry-makes-its-last-crossing-/)]);
    expect(await readdir(path.join(workspace.articlesDir, 'guilds', fake.otherGuildId))).toEqual([expect.stringMatching(/^night-market-opens-/)]);

    const aboutFerryInA = await ask(inA(), 'How many passengers did the harbour ferry carry on its last crossing?');
    expect(aboutFerryInA).toMatch(/212 passengers/);
    const aboutMarketInA = await ask(inA(), 'How many food stalls opened at the night market?');
    expect(aboutMarketInA).not.toMatch(/48 food stalls|Night market/);
    const aboutMarketInB = await ask(inB(), 'How many food stalls opened at the night market?');
    expect(aboutMarketInB).toMatch(/48 food stalls/);
    const aboutFerryInB = await ask(inB(), 'How many passengers did the harbour ferry carry on its last crossing?');
    expect(aboutFerryInB).not.toMatch(/212 passengers|Harbour ferry/);
    // The shared articles were never part of either server's answers.
    expect(aboutFerryInA).not.toMatch(/North Korean/);
  });

  it('answers nothing in direct messages, saying questions are answered in a server, even once servers have articles', async () => {
    const dm = fake.slashCommand({ name: 'ask', options: { question: 'How many passengers did the harbour ferry carry on its last crossing?' }, user: { username: 'dm-asker' }, dm: true });
    const reply = textOf(await dm.waitForResponse((m) => m.content !== '' || (m.embeds?.length ?? 0) > 0));
    expect(reply).toMatch(/questions are answered in a server, not in direct messages/);
    expect(reply).not.toMatch(/212 passengers|48 food stalls/);
    // Server-only commands are not offered in DMs at all.
    expect(() => fake.slashCommand({ name: 'article', subcommand: 'remove', options: { article: 'x' }, dm: true })).toThrow(/not available in direct messages/);
  });

  it('lists only the server’s own articles in /sources and offers only them to remove', async () => {
    const sourcesB = await fake.slashCommand({ name: 'sources', user: { username: 'reader-b' }, ...inB() }).waitForResponse((m) => (m.embeds?.length ?? 0) > 0);
    expect(textOf(sourcesB)).toMatch(/\*\*1\*\* articles/);
    expect(textOf(sourcesB)).toMatch(/Night market opens/);
    expect(textOf(sourcesB)).not.toMatch(/Harbour ferry/);
    const choices = await fake.autocomplete({ name: 'article', subcommand: 'remove', focused: 'article', options: { article: '' }, ...moderatorOf(inB()) }).choices();
    expect(choices.map((c) => c.name)).toEqual(['Night market opens — Town Crier']);
  });

  it('refuses B’s moderator removing A’s article, which stays in A', async () => {
    const ferryId = (await readdir(path.join(workspace.articlesDir, 'guilds', fake.guildId)))[0]!;
    const remove = fake.slashCommand({ name: 'article', subcommand: 'remove', ...moderatorOf(inB()), options: { article: ferryId } });
    expect((await remove.waitForResponse(final)).content).toMatch(/is in the collection; pick one from the list/);
    expect(await readdir(path.join(workspace.articlesDir, 'guilds', fake.guildId))).toEqual([ferryId]);
    expect(await ask(inA(), 'How many passengers did the harbour ferry carry on its last crossing?')).toMatch(/212 passengers/);
  });

  it('runs one server’s reindex at a time: the second server’s moderator sees it wait its turn, then finish', async () => {
    for (const [guild, name] of [[fake.guildId, 'a'], [fake.otherGuildId, 'b']] as const) {
      for (let i = 0; i < 80; i++) {
        await writeFile(path.join(workspace.articlesDir, 'guilds', guild, `${name}-${i}.md`), `Report ${name} ${i}: the council met about the harbour. `.repeat(30));
      }
    }
    const reindexA = fake.slashCommand({ name: 'reindex', ...moderatorOf(inA()) });
    await reindexA.waitForResponse((m) => /Embedding/.test(m.content));
    const reindexB = fake.slashCommand({ name: 'reindex', ...moderatorOf(inB()) });
    const waiting = await reindexB.waitForResponse((m) => /Waiting/.test(m.content));
    expect(waiting.content).toBe('Waiting for another server’s reindex to finish…');
    expect((await reindexA.waitForResponse((m) => /Reindex (finished|failed)/.test(m.content))).content).toMatch(/^\*\*Reindex finished\*\*.*\n\+80 new/);
    expect((await reindexB.waitForResponse((m) => /Reindex (finished|failed)/.test(m.content))).content).toMatch(/^\*\*Reindex finished\*\*.*\n\+80 new/);
    // B's embedding started only after A's reindex had finished.
    const edits = (handle: typeof reindexA) => handle.edits().map((r) => ({ at: r.at, content: String((r.body as { content?: string }).content) }));
    const aDone = edits(reindexA).find((e) => /Reindex finished/.test(e.content))!.at;
    const bEmbeds = edits(reindexB).find((e) => /Embedding/.test(e.content))!.at;
    expect(bEmbeds).toBeGreaterThan(aDone);
  });

  it('keeps at most MAX_LOADED_COLLECTIONS collections in memory, and the shared folder untouched', async () => {
    expect(collections.loadedCount).toBe(1);
    expect((await readdir(workspace.articlesDir)).sort()).toEqual([...(await readdir(path.join(workspace.root, '..', path.basename(workspace.root), 'articles'))).sort()]);
    expect((await readdir(workspace.articlesDir)).filter((f) => !f.endsWith('.md'))).toEqual(['guilds']);
    expect(fake.problems).toEqual([]);
  });
});
