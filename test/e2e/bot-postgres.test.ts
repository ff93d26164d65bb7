import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { PermissionFlagsBits, type APIMessage } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fake-discord/index.ts';
import { fakeToken } from '../support/bot-harness.ts';
import { createWorkspace, type Workspace } from '../support/engine-fixture.ts';
import { runCli } from '../support/run-cli.ts';
import { startProcess, type RunningProcess } from '../support/run-process.ts';
import { openSuiteDatabase, type SuiteDatabase } from '../support/test-database.ts';

/**
 * `npm start` as a process with DATABASE_URL and one collection per server,
 * against the fake Discord and the test database (TEST_DATABASE_URL's server,
 * or this file's own PGlite, whole: it ignores the URL's schema option).
 */
const FERRY_MD = '---\ntitle: Harbour ferry makes its last crossing\noutlet: Port Gazette\ndate: 2025-03-31\n---\nThe harbour ferry made its last crossing on Monday evening, carrying 212 passengers.\n';
const MARKET_MD = '---\ntitle: Night market opens\noutlet: Town Crier\n---\nThe night market opened on Friday with 48 food stalls along the river.\n';
const final = (m: APIMessage) => m.content !== '' && !/(…|<t:\d+:R>)$/.test(m.content);
const textOf = (m: APIMessage) => `${m.content}\n${m.embeds?.map((e) => e.description ?? '').join('\n') ?? ''}`;

let database: SuiteDatabase;
let url: string;
let workspace: Workspace;
let fake: FakeDiscord;
let bot: RunningProcess | undefined;
const token = fakeToken();

beforeAll(async () => {
  database = await openSuiteDatabase('test/e2e/bot-postgres');
  url = database.url;
  workspace = await createWorkspace();
  fake = new FakeDiscord({ token, secondGuild: true, timeoutMs: 30_000 });
  await fake.start();
}, 120_000);
afterAll(async () => {
  if (bot && bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill('SIGKILL');
  await fake?.close();
  await database?.close();
  await workspace?.cleanup();
});

const botEnv = (): NodeJS.ProcessEnv => {
  const { TEST_DATABASE_URL: _, ...env } = workspace.env;
  return {
    ...env,
    LOG_LEVEL: 'info',
    DATABASE_URL: url,
    COLLECTIONS: 'per-guild',
    SEED_NEW_GUILDS: 'false',
    ASK_COOLDOWN_SECONDS: '0',
    DISCORD_TOKEN: token,
    DISCORD_CLIENT_ID: fake.applicationId,
    DISCORD_API_BASE: fake.apiBase,
  };
};

describe('npm start with DATABASE_URL and a collection per server', () => {
  it('refuses to start against a database without the schema, naming npm run db:migrate and never the password', async () => {
    const refused = startProcess('src/discord/main.ts', botEnv());
    expect(await refused.exited).toBe(1);
    const { stdout, stderr } = refused.output();
    expect(stderr).toContain('has no schema for this bot yet: run `npm run db:migrate`');
    const password = decodeURIComponent(new URL(url).password);
    if (password !== '') expect(stdout + stderr).not.toContain(password);
    expect(stdout + stderr).not.toContain(token);
  }, 120_000);

  it("answers each server from its own collection in PostgreSQL, never from the other's", async () => {
    const migrated = await runCli('db-migrate.ts', [], botEnv());
    expect(migrated.code, migrated.stderr).toBe(0);
    const deployed = await runCli('src/discord/deploy-commands.ts', [], botEnv());
    expect(deployed.code, deployed.stderr).toBe(0);
    bot = startProcess('src/discord/main.ts', botEnv());
    await bot.waitForOutput(/logged in to Discord/);
    expect(bot.output().stderr).toMatch(/"msg":"index store: PostgreSQL"/);

    const inA = { channelId: fake.channel('general') };
    const inB = { channelId: fake.channel('other-general'), roles: [] as string[] };
    const moderator = (where: { channelId: string }) => ({ ...where, user: { username: `mod-${where.channelId}` }, permissions: PermissionFlagsBits.ManageGuild | PermissionFlagsBits.UseApplicationCommands });
    const ask = async (where: { channelId: string }, question: string) =>
      textOf(await fake.slashCommand({ name: 'ask', options: { question }, user: { username: `asker-${where.channelId}` }, ...where }).waitForResponse((m) => m.content !== '' || (m.embeds?.length ?? 0) > 0));

    const addA = fake.slashCommand({ name: 'article', subcommand: 'add', ...moderator(inA), attachments: { file: { filename: 'ferry.md', content: FERRY_MD } } });
    expect((await addA.waitForResponse(final)).content).toMatch(/^\*\*Added\*\* “Harbour ferry makes its last crossing”/);
    const addB = fake.slashCommand({ name: 'article', subcommand: 'add', ...moderator(inB), attachments: { file: { filename: 'market.md', content: MARKET_MD } } });
    expect((await addB.waitForResponse(final)).content).toMatch(/^\*\*Added\*\* “Night market opens”/);

    expect(await ask(inA, 'How many passengers did the harbour ferry carry on its last crossing?')).toMatch(/212 passengers/);
    expect(await ask(inA, 'How many food stalls opened at the night market?')).not.toMatch(/48 food stalls|Night market/);
    expect(await ask(inB, 'How many food stalls opened at the night market?')).toMatch(/48 food stalls/);
    expect(await ask(inB, 'How many passengers did the harbour ferry carry on its last crossing?')).not.toMatch(/212 passengers|Harbour ferry/);

    // The indexes are in the database, one collection per server; nothing of them on disk.
    const db = database.inspect();
    try {
      const rows = await db.query<{ collection: string; titles: string[] }>(
        `SELECT c.id AS collection, array_agg(d.title ORDER BY d.title) AS titles
         FROM collections c JOIN documents d ON d.collection_id = c.id AND d.version_id = c.active_version GROUP BY c.id ORDER BY c.id`,
      );
      expect(Object.fromEntries(rows.rows.map((r) => [r.collection, r.titles]))).toEqual({
        [fake.guildId]: ['Harbour ferry makes its last crossing'],
        [fake.otherGuildId]: ['Night market opens'],
      });
    } finally {
      await db.close();
    }
    for (const guild of [fake.guildId, fake.otherGuildId]) {
      const entries = await readdir(path.join(workspace.indexDir, 'guilds', guild)).catch(() => [] as string[]);
      expect(entries.filter((e) => /^v\d+$/.test(e))).toEqual([]);
    }

    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expect(bot.output().stderr).toMatch(/"msg":"stopped"/);
  }, 300_000);
});
