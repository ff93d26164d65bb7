import { mkdir, readdir } from 'node:fs/promises';
import { PermissionFlagsBits, type APIMessage } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fake-discord/index.ts';
import { fakeToken } from '../support/bot-harness.ts';
import { createWorkspace, type Workspace } from '../support/engine-fixture.ts';
import { runCli } from '../support/run-cli.ts';
import { startProcess, type RunningProcess } from '../support/run-process.ts';
import { openSuiteDatabase, type SuiteDatabase } from '../support/test-database.ts';

/**
 * Articles added from Discord live in PostgreSQL, not in a folder: `npm start`
 * as a process with DATABASE_URL takes an upload; a second bot process (as on
 * another machine) with its own, empty articles folder and index folder
 * reindexes from the database, answers from the upload, lists it with who
 * added it, and removes it. One process at a time, so PGlite serves it too
 * (whole: it ignores the URL's schema option).
 */
const FERRY_MD = '---\ntitle: Harbour ferry makes its last crossing\noutlet: Port Gazette\ndate: 2025-03-31\n---\nThe harbour ferry made its last crossing on Monday evening, carrying 212 passengers.\n';
const FERRY_QUESTION = 'How many passengers did the harbour ferry carry on its last crossing?';
const final = (m: APIMessage) => m.content !== '' && !/(…|<t:\d+:R>)$/.test(m.content);
const textOf = (m: APIMessage) => `${m.content}\n${m.embeds?.map((e) => e.description ?? '').join('\n') ?? ''}`;

let database: SuiteDatabase;
let url: string;
let first: Workspace;
let second: Workspace;
let fake: FakeDiscord;
const bots: RunningProcess[] = [];
const token = fakeToken();

beforeAll(async () => {
  database = await openSuiteDatabase('test/e2e/bot-postgres-articles');
  url = database.url;
  [first, second] = await Promise.all([createWorkspace(), createWorkspace({ copyArticles: false })]);
  await mkdir(second.articlesDir);
  fake = new FakeDiscord({ token, timeoutMs: 60_000 });
  await fake.start();
}, 120_000);
afterAll(async () => {
  for (const bot of bots) if (bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill('SIGKILL');
  await fake?.close();
  await database?.close();
  await first?.cleanup();
  await second?.cleanup();
});

const botEnv = (workspace: Workspace): NodeJS.ProcessEnv => {
  const { TEST_DATABASE_URL: _, ...env } = workspace.env;
  return {
    ...env,
    LOG_LEVEL: 'info',
    DATABASE_URL: url,
    COLLECTIONS: 'shared',
    DISCORD_GUILD_ID: fake.guildId,
    ASK_COOLDOWN_SECONDS: '0',
    DISCORD_TOKEN: token,
    DISCORD_CLIENT_ID: fake.applicationId,
    DISCORD_API_BASE: fake.apiBase,
  };
};

async function startBot(workspace: Workspace): Promise<RunningProcess> {
  const bot = startProcess('src/discord/main.ts', botEnv(workspace));
  bots.push(bot);
  await bot.waitForOutput(/logged in to Discord/, 240_000);
  return bot;
}

async function stopBot(bot: RunningProcess): Promise<void> {
  bot.child.kill('SIGTERM');
  expect(await bot.exited).toBe(0);
}

/** The shared collection's article files in the database: name -> origin. */
async function storedFiles(): Promise<Record<string, string>> {
  const db = database.inspect();
  try {
    const rows = await db.query<{ name: string; origin: string }>(`SELECT name, origin FROM article_files WHERE collection_id = 'shared' ORDER BY name`);
    return Object.fromEntries(rows.rows.map((r) => [r.name, r.origin]));
  } finally {
    await db.close();
  }
}

const moderator = { user: { username: 'mod' }, permissions: PermissionFlagsBits.ManageGuild | PermissionFlagsBits.UseApplicationCommands };
const ask = async (question: string) =>
  textOf(await fake.slashCommand({ name: 'ask', options: { question }, user: { username: 'asker' } }).waitForResponse((m) => m.content !== '' || (m.embeds?.length ?? 0) > 0));

describe('articles added from Discord with DATABASE_URL', () => {
  it('are stored in the database, not the folder, and a second bot with an empty articles folder reindexes from them, answers, lists and removes them', async () => {
    expect((await runCli('db-migrate.ts', [], botEnv(first))).code).toBe(0);
    const deployed = await runCli('src/discord/deploy-commands.ts', [], botEnv(first));
    expect(deployed.code, deployed.stderr).toBe(0);
    const sampleFiles = (await readdir(first.articlesDir)).sort();

    // The first machine: its folder's articles are copied in at the first build; the upload goes to the database only.
    const one = await startBot(first);
    const added = fake.slashCommand({ name: 'article', subcommand: 'add', ...moderator, attachments: { file: { filename: 'ferry.md', content: FERRY_MD } } });
    expect((await added.waitForResponse(final)).content).toMatch(/^\*\*Added\*\* “Harbour ferry makes its last crossing” \(Port Gazette, 31 Mar 2025\): 1 passage\./);
    expect((await readdir(first.articlesDir)).sort()).toEqual(sampleFiles);
    const stored = await storedFiles();
    const ferry = Object.keys(stored).find((name) => name.startsWith('harbour-ferry-makes-its-last-crossing-'))!;
    expect(stored).toEqual({ ...Object.fromEntries(sampleFiles.map((f) => [f, 'folder'])), [ferry]: 'added' });
    expect(await ask(FERRY_QUESTION)).toMatch(/212 passengers/);
    await stopBot(one);

    // The second machine: an empty articles folder and no index files of its own.
    const two = await startBot(second);
    expect(await ask(FERRY_QUESTION)).toMatch(/212 passengers/);
    // A reindex reads the database's articles: with the folder's, it would remove all six.
    const reindex = fake.slashCommand({ name: 'reindex', ...moderator });
    const report = (await reindex.waitForResponse((m) => m.content.startsWith('**Reindex finished**'))).content;
    expect(report).toMatch(/: 6 articles, \d+ passages \(0 embedded\)\.\n\+0 new\n~0 changed\n-0 removed/);
    expect(await ask(FERRY_QUESTION)).toMatch(/212 passengers/);
    const listing = await fake.slashCommand({ name: 'sources', ...moderator }).waitForResponse((m) => (m.embeds?.length ?? 0) > 0);
    expect(listing.embeds![0]!.description).toMatch(/Harbour ferry makes its last crossing.* · uploaded by <@\d+> <t:\d+:d>/);
    expect(await readdir(second.articlesDir)).toEqual([]);

    const removed = fake.slashCommand({ name: 'article', subcommand: 'remove', ...moderator, options: { article: ferry } });
    expect((await removed.waitForResponse(final)).content).toBe('**Removed** “Harbour ferry makes its last crossing” (Port Gazette, 31 Mar 2025). It is no longer used in answers.');
    expect(Object.keys(await storedFiles())).toEqual(sampleFiles);
    expect(await ask(FERRY_QUESTION)).not.toMatch(/212 passengers|Harbour ferry/);
    await stopBot(two);
  }, 600_000);
});
