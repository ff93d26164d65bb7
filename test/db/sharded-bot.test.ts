import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PermissionFlagsBits, type APIMessage } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/db/connect.ts';
import { PostgresArticleSource } from '../../src/db/postgres-article-source.ts';
import { FakeDiscord } from '../fake-discord/index.ts';
import { fakeToken } from '../support/bot-harness.ts';
import { createWorkspace, type Workspace } from '../support/engine-fixture.ts';
import { runCli } from '../support/run-cli.ts';
import { startProcess, type RunningProcess } from '../support/run-process.ts';
import { openTestServer, type TestSchema, type TestServer } from '../support/test-database.ts';

/**
 * `npm start -- --shards 2` as a real process: discord.js's ShardingManager
 * runs two bot processes against the fake Discord, which routes each of its
 * two servers to a different shard, and both answer from one collection in
 * PostgreSQL. Two processes need two sessions: real server only.
 */
const FERRY_MD = '---\ntitle: Harbour ferry makes its last crossing\noutlet: Port Gazette\ndate: 2025-03-31\n---\nThe harbour ferry made its last crossing on Monday evening, carrying 212 passengers.\n';
const WALRUS_MD = '---\ntitle: Walrus count on the ice shelf\n---\nRangers counted 140 walruses on the ice shelf this spring.\n';
const final = (m: APIMessage) => m.content !== '' && !/(…|<t:\d+:R>)$/.test(m.content);
const textOf = (m: APIMessage) => `${m.content}\n${m.embeds?.map((e) => e.description ?? '').join('\n') ?? ''}`;

const real = Boolean(process.env.TEST_DATABASE_URL);
let server: TestServer | undefined;
let schema: TestSchema | undefined;
let workspace: Workspace;
let fake: FakeDiscord | undefined;
const started: RunningProcess[] = [];
const token = fakeToken();

beforeAll(async () => {
  workspace = await createWorkspace();
  if (!real) return;
  server = await openTestServer();
  console.info(`test/db/sharded-bot: ${server.description}`);
  schema = await server.newSchema();
  fake = new FakeDiscord({ token, secondGuild: true, timeoutMs: 30_000 });
  await fake.start();
}, 120_000);
afterAll(async () => {
  // The shards end on their own when their manager is gone (its IPC channel closes).
  for (const bot of started) if (bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill('SIGKILL');
  await fake?.close();
  await schema?.drop();
  await server?.close();
  await workspace?.cleanup();
});

/** The environment of `npm start`: the shared collection, in the test schema when `database`. */
function botEnv(database: boolean): NodeJS.ProcessEnv {
  const { TEST_DATABASE_URL: _, ...env } = workspace.env;
  const base = { ...env, LOG_LEVEL: 'info', COLLECTIONS: 'shared', ASK_COOLDOWN_SECONDS: '0', DISCORD_TOKEN: token };
  if (!database || !server || !schema || !fake) return base;
  // No DISCORD_GUILD_ID: the commands are deployed globally, so both servers have them.
  return { ...base, DATABASE_URL: schema.url, DISCORD_CLIENT_ID: fake.applicationId, DISCORD_API_BASE: fake.apiBase };
}

describe('npm start -- --shards N', () => {
  it('refuses to shard without DATABASE_URL, saying why, and starts nothing', async () => {
    const bot = startProcess('src/discord/main.ts', botEnv(false), ['--shards', '2']);
    started.push(bot);
    expect(await bot.exited).toBe(1);
    const { stdout, stderr } = bot.output();
    expect(stderr).toMatch(/several shards needs DATABASE_URL: without it each shard would keep its own index files/);
    expect(stdout + stderr).not.toMatch(/starting shard|building the index/);
    expect(stdout + stderr).not.toContain(token);
  }, 60_000);

  if (!real) it.skip('two shard processes answering from one PostgreSQL collection: need TEST_DATABASE_URL (PGlite is one session)', () => {});

  it.runIf(real)("runs two shard processes that answer in their own servers from one collection, and each hears the other's changes", async () => {
    const env = botEnv(true);
    const f = fake!;
    expect((await runCli('db-migrate.ts', [], env)).code).toBe(0);
    const deployed = await runCli('src/discord/deploy-commands.ts', [], env);
    expect(deployed.code, deployed.stderr).toBe(0);

    const manager = startProcess('src/discord/main.ts', env, ['--shards', '2']);
    started.push(manager);
    await manager.waitForOutput(/"msg":"every shard is ready"/, 240_000);
    const log = () => manager.output().stderr;
    // A shard is ready for its manager a moment before the bot logs that it is.
    await manager.waitForOutput(/"msg":"logged in to Discord"[\s\S]*"msg":"logged in to Discord"/);
    expect(log()).toMatch(/"msg":"index store: PostgreSQL"/);
    // Shard 0 built the collection; shard 1, started once 0 was ready, found it built.
    expect(log().match(/"msg":"index built"/g)).toHaveLength(1);
    expect(f.identifies.map((i) => i.shard).sort()).toEqual([[0, 2], [1, 2]]);

    const inA = { channelId: f.channel('general') };
    const inB = { channelId: f.channel('other-general'), roles: [] as string[] };
    const moderator = (where: { channelId: string }) => ({ ...where, user: { username: `mod-${where.channelId}` }, permissions: PermissionFlagsBits.ManageGuild | PermissionFlagsBits.UseApplicationCommands });
    let asked = 0;
    const ask = async (where: { channelId: string }, question: string) =>
      textOf(await f.slashCommand({ name: 'ask', options: { question }, user: { username: `asker-${asked++}` }, ...where }).waitForResponse((m) => m.content !== '' || (m.embeds?.length ?? 0) > 0));

    // Each server is served by its own shard (the fake routes by (guild_id >> 22) % 2), both from the shared collection.
    expect(await ask(inA, 'When did the soldier die?')).toMatch(/\b(died|death|succumbed)\b/);
    expect(await ask(inB, 'When did the soldier die?')).toMatch(/\b(died|death|succumbed)\b/);
    expect(await ask(inA, 'How many passengers did the harbour ferry carry on its last crossing?')).not.toMatch(/212 passengers/);

    // An article added through server B's shard is soon answered from by server A's shard.
    const add = f.slashCommand({ name: 'article', subcommand: 'add', ...moderator(inB), attachments: { file: { filename: 'ferry.md', content: FERRY_MD } } });
    expect((await add.waitForResponse(final)).content).toMatch(/^\*\*Added\*\* “Harbour ferry makes its last crossing”/);
    await expect.poll(() => ask(inA, 'How many passengers did the harbour ferry carry on its last crossing?'), { timeout: 15_000, interval: 100 }).toMatch(/212 passengers/);

    // A /reindex run through server A's shard is soon answered from by server B's shard.
    expect(await ask(inB, 'How many walruses did rangers count on the ice shelf?')).not.toMatch(/140 walruses/);
    // With DATABASE_URL a reindex builds from the database's article files: the operator's folder change is copied in first, as `npm run index` does.
    await writeFile(path.join(workspace.articlesDir, 'walrus.md'), WALRUS_MD);
    const db = new Database(schema!.config(), { schema: schema!.name, maxConnections: 1 });
    try {
      expect((await new PostgresArticleSource(db, 'shared', workspace.articlesDir, 1024 * 1024).copyFolder()).added).toEqual(['walrus.md']);
    } finally {
      await db.close();
    }
    const reindex = f.slashCommand({ name: 'reindex', ...moderator(inA) });
    expect((await reindex.waitForResponse((m) => /Reindex finished/.test(m.content))).content).toMatch(/\+1 new: `walrus\.md`/);
    await expect.poll(() => ask(inB, 'How many walruses did rangers count on the ice shelf?'), { timeout: 15_000, interval: 100 }).toMatch(/140 walruses/);
    expect(log()).toMatch(/"msg":"reloaded a collection after a version switch"/);

    manager.child.kill('SIGTERM');
    expect(await manager.exited).toBe(0);
    expect(log().match(/"msg":"stopped"/g)).toHaveLength(3); // two shards and the manager
    expect(manager.output().stdout + log()).not.toContain(token);
  }, 420_000);
});
