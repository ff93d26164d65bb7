import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { InteractionResponseType, type APIMessage } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makePdf } from '../articles/make-pdf.ts';
import type { Embedder } from '../../src/embedding/embedder.ts';
import { Engine } from '../../src/engine.ts';
import { FakeDiscord } from '../fake-discord/index.ts';
import { redirect, serve, startLocalSite, type LocalSite } from '../ingest/local-site.ts';
import { startBot, type BotHarness } from '../support/bot-harness.ts';
import { createWorkspace, type Workspace } from '../support/engine-fixture.ts';

const NEWS_HTML = new URL('../articles/fixtures/news-page.html', import.meta.url);
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const FERRY_MD = '---\ntitle: Harbour ferry makes its last crossing\noutlet: Port Gazette\ndate: 2025-03-31\n---\nThe harbour ferry made its last crossing on Monday evening, carrying 212 passengers.\n';

const descriptionOf = (message: APIMessage) => message.embeds?.[0]?.description ?? '';

type SlashInput = Omit<Parameters<FakeDiscord['slashCommand']>[0], 'name'>;
/** /article's final reply: progress lines end with an ellipsis or a countdown; the outcome does not. */
const isOutcome = (m: APIMessage) => m.content !== '' && !/(…|<t:\d+:R>)$/.test(m.content);
/** Runs /article add as a moderator and resolves with the final private reply. */
const addAsModerator = (fake: FakeDiscord, input: SlashInput) =>
  fake.slashCommand({ name: 'article', subcommand: 'add', roles: ['moderator'], ...input }).waitForResponse(isOutcome);

/**
 * A bot on the 5 sample articles, with the news page on a local site, for one describe block:
 * `env` and `settings` are what the block is about (ALLOW_PRIVATE_URLS, limits).
 */
function botWithNewsSite(env: Record<string, string>, settings: Record<string, string> = {}) {
  const bot = {} as { workspace: Workspace; fake: FakeDiscord; harness: BotHarness; site: LocalSite };
  beforeAll(async () => {
    bot.workspace = await createWorkspace();
    bot.site = await startLocalSite({ '/news/harbour': serve('text/html; charset=utf-8', await readFile(NEWS_HTML)) });
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    bot.fake = new FakeDiscord({ timeoutMs: 30_000 });
    await bot.fake.start();
    bot.harness = await startBot(bot.fake, bot.workspace, settings);
  });
  afterAll(async () => {
    await bot.harness?.stop();
    await bot.fake?.close();
    await bot.site?.close();
    await bot.workspace?.cleanup();
    vi.unstubAllEnvs();
  });
  return bot;
}

describe('moderators manage articles from Discord with /article', () => {
  let workspace: Workspace;
  let fake: FakeDiscord;
  let harness: BotHarness;
  let site: LocalSite;

  const listing = async () => (await readdir(workspace.articlesDir)).sort();
  /** Runs /article as a moderator and resolves with the final private reply's content. */
  const article = async (subcommand: 'add' | 'remove', input: SlashInput) => {
    const handle = fake.slashCommand({ name: 'article', user: { username: 'mod' }, roles: ['moderator'], ...input, subcommand });
    const message = await handle.waitForResponse(isOutcome);
    return { handle, message };
  };

  beforeAll(async () => {
    workspace = await createWorkspace();
    site = await startLocalSite({
      '/news/harbour': serve('text/html; charset=utf-8', await readFile(NEWS_HTML)),
      '/share/harbour': redirect('/news/harbour'),
      '/front-page': serve('text/html', '<html><body><nav><a href="/a">A</a> <a href="/b">B</a></nav><p>Latest news</p></body></html>'),
      '/photo': serve('image/jpeg', PNG),
      '/loop-a': redirect('/loop-b'),
      '/loop-b': redirect('/loop-a'),
      '/slow': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<html><body>');
        stalled.push(() => res.destroy());
      },
    });
    // The local site is on 127.0.0.1, which links may reach only with this setting (as in the README).
    vi.stubEnv('ALLOW_PRIVATE_URLS', 'true');
    vi.stubEnv('FETCH_TIMEOUT_SECONDS', '2');
    fake = new FakeDiscord({ ackDeadlineMs: 3000, timeoutMs: 30_000 });
    await fake.start();
    harness = await startBot(fake, workspace);
  });
  const stalled: Array<() => void> = [];
  afterAll(async () => {
    for (const stop of stalled) stop();
    await harness?.stop();
    await fake?.close();
    await site?.close();
    await workspace?.cleanup();
    vi.unstubAllEnvs();
    expect(fake.problems).toEqual([]);
  });

  it('registers /article guild-only for Manage Server, with add (file, url) and remove (autocomplete)', () => {
    const command = fake.commands(fake.guildId).find((c) => c.name === 'article')!;
    expect(command.default_member_permissions).toBe((1n << 5n).toString());
    expect(command.contexts).toEqual([0]);
    expect(command.options?.map((o) => o.name)).toEqual(['add', 'remove']);
    expect(JSON.stringify(command.options?.[1])).toMatch(/"autocomplete":true/);
  });

  it('adds an uploaded Markdown file from the CDN, replies privately with what was added, and answers from it', async () => {
    const { handle, message } = await article('add', { attachments: { file: { filename: 'ferry.md', content: FERRY_MD } } });
    expect((await handle.callback()).body).toMatchObject({ type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: 64 } });
    expect(message.content).toMatch(/^\*\*Added\*\* “Harbour ferry makes its last crossing” \(Port Gazette, 31 Mar 2025\): 1 passage\. Questions are answered from it now\.$/);
    expect(fake.cdnRequests).toHaveLength(1);
    expect(await listing()).toContain(harness.engine.sources().documents.find((d) => d.title.startsWith('Harbour ferry'))!.id);

    const ask = fake.slashCommand({ name: 'ask', options: { question: 'How many passengers did the harbour ferry carry on its last crossing?' } });
    const answer = await ask.waitForResponse((m) => (m.embeds?.length ?? 0) > 0);
    expect(descriptionOf(answer)).toMatch(/212 passengers/);
  });

  it('adds a news page from a link (article text, outlet, date) and updates it instead of duplicating when added again', async () => {
    const { message } = await article('add', { options: { url: site.url('/share/harbour') } });
    expect(message.content).toMatch(/^\*\*Added\*\* “Harbour bridge reopens after two years of repairs” \(The Coastal Herald, 14 Mar 2025\): \d+ passages?\./);
    const before = await listing();
    const again = await article('add', { options: { url: site.url('/news/harbour') } });
    expect(again.message.content).toMatch(/^\*\*Updated\*\* \(it was already in the collection\) “Harbour bridge reopens/);
    expect(await listing()).toEqual(before);
  });

  it('lists how each article was added in /sources: publicly without who, privately to a moderator with who and when', async () => {
    const everyone = await fake.slashCommand({ name: 'sources', user: { username: 'reader' } }).waitForResponse((m) => (m.embeds?.length ?? 0) > 0);
    const text = descriptionOf(everyone);
    expect(text).toMatch(/Harbour bridge reopens.* · link <http:\/\/127\.0\.0\.1:\d+\/news\/harbour>/);
    expect(text).toMatch(/Harbour ferry makes its last crossing.* · uploaded(?! by)/);
    expect(text).toMatch(/North Korean.* · folder/);
    expect(text).not.toMatch(/<@\d+>/);

    const moderator = fake.slashCommand({ name: 'sources', user: { username: 'mod' }, roles: ['moderator'] });
    const mine = await moderator.waitForResponse((m) => (m.embeds?.length ?? 0) > 0);
    expect(mine.flags! & 64).toBe(64);
    expect(descriptionOf(mine)).toMatch(/Harbour ferry makes its last crossing.* · uploaded by <@\d+> <t:\d+:d>/);
  });

  it('offers the collection’s articles as autocomplete choices and removes the chosen one, which leaves the answers at once', async () => {
    const typing = fake.autocomplete({ name: 'article', subcommand: 'remove', focused: 'article', options: { article: 'ferry' }, user: { username: 'mod' }, roles: ['moderator'] });
    const choices = await typing.choices();
    expect(choices).toEqual([{ name: 'Harbour ferry makes its last crossing — Port Gazette — 31 Mar 2025', value: expect.stringMatching(/^harbour-ferry-makes-its-last-crossing-[0-9a-f]{12}\.md$/) }]);

    const { message } = await article('remove', { options: { article: String(choices[0]!.value) } });
    expect(message.content).toBe('**Removed** “Harbour ferry makes its last crossing” (Port Gazette, 31 Mar 2025). It is no longer used in answers.');
    expect(await listing()).not.toContain(choices[0]!.value);
    expect(harness.engine.sources().documents.some((d) => d.title.startsWith('Harbour ferry'))).toBe(false);
  });

  it('refuses members without Manage Server or a moderator role, and changes nothing', async () => {
    const before = await listing();
    const add = fake.slashCommand({ name: 'article', subcommand: 'add', user: { username: 'member' }, roles: ['member'], permissions: 0n, options: { url: site.url('/news/harbour') } });
    const body = (await add.callback()).body as { data: { content: string; flags: number } };
    expect(body.data.content).toMatch(/Only moderators can add or remove articles/);
    expect(body.data.flags & 64).toBe(64);
    expect(await listing()).toEqual(before);
  });

  it('gives a private, specific reason for each bad input, and leaves the folder and the index as they were', async () => {
    const before = await listing();
    const documents = harness.engine.sources().documents.length;
    const cdnBefore = fake.cdnRequests.length;
    const cases: Array<[Parameters<typeof article>[1], RegExp]> = [
      [{ attachments: { file: { filename: 'photo.md', content: PNG } } }, /The file is a PNG file \(image\/png\), not an article/],
      [{ attachments: { file: { filename: 'empty.txt', content: '' } } }, /The file is empty/],
      [{ attachments: { file: { filename: 'scan.pdf', content: makePdf([[]]) } } }, /The file is a PDF without a text layer/],
      [{ attachments: { file: { filename: 'huge.md', content: 'x', size: 50 * 1024 * 1024 } } }, /The file is too large \(50\.0 MiB, over the 5\.0 MiB limit\)/],
      [{ attachments: { file: { filename: 'a.md', content: 'hello', url: 'https://files.example.net/a.md' } } }, /not on Discord's file servers \(files\.example\.net\)/],
      [{ options: { url: site.url('/missing') } }, /answered 404 Not Found/],
      [{ options: { url: site.url('/front-page') } }, /The page has no article text that could be found/],
      [{ options: { url: site.url('/photo') } }, /The link serves image\/jpeg, not a web page, text or PDF/],
      [{ options: { url: 'ftp://example.com/article.txt' } }, /only http:\/\/ and https:\/\/ links can be added/],
      [{ options: { url: site.url('/loop-a') } }, /The link redirects in a loop/],
      [{ options: { url: site.url('/slow') } }, /The page did not finish downloading within 2 s/],
      [{ options: { url: site.url('/news/harbour') }, attachments: { file: { filename: 'ferry.md', content: FERRY_MD } } }, /Give exactly one article/],
      [{}, /Give exactly one article/],
    ];
    for (const [input, reason] of cases) {
      const { handle, message } = await article('add', input);
      expect(message.content, String(reason)).toMatch(reason);
      expect(message.flags! & 64).toBe(64);
      for (const request of [...handle.edits(), ...handle.followUps()]) expect(request.allowedMentions).toMatchObject({ parse: [] });
    }
    // Only the three files Discord really serves were downloaded: not the oversized one, not the foreign host.
    expect(fake.cdnRequests.length - cdnBefore).toBe(3);
    expect(await listing()).toEqual(before);
    expect(harness.engine.sources().documents).toHaveLength(documents);
  });
});

describe('limits on what one server adds', () => {
  // The 5 sample articles, so a seventh reaches MAX_ARTICLES_PER_GUILD.
  const bot = botWithNewsSite({ ALLOW_PRIVATE_URLS: 'true' }, { MAX_ARTICLES_PER_GUILD: '7', LINK_ADDS_PER_HOUR: '1' });
  const add = async (input: SlashInput) => (await addAsModerator(bot.fake, input)).content;

  it('refuses a second link within the hour, then a new article past MAX_ARTICLES_PER_GUILD, each with a clear reply', async () => {
    expect(await add({ options: { url: bot.site.url('/news/harbour') } })).toMatch(/^\*\*Added\*\*/);
    expect(await add({ options: { url: bot.site.url('/news/harbour') } })).toMatch(
      /^This server has added 1 link in the last hour, the most allowed; try again <t:\d+:R>\.$/,
    );
    expect(await add({ attachments: { file: { filename: 'ferry.md', content: FERRY_MD } } })).toMatch(/^\*\*Added\*\*/);
    expect(await add({ attachments: { file: { filename: 'more.md', content: 'One more article about the harbour.\n' } } })).toBe(
      // The refusal is shown as text, so Discord Markdown in it (the underscores) is escaped.
      'The collection already holds 7 articles, the most allowed (MAX\\_ARTICLES\\_PER\\_GUILD); remove one with /article remove first.',
    );
    expect(bot.harness.engine.sources().documents).toHaveLength(7);
  });
});

describe('links to private addresses, with the default settings', () => {
  const bot = botWithNewsSite({ ALLOW_PRIVATE_URLS: '' }); // unset: private addresses are refused

  it('refuses a link to this machine or the cloud metadata address before connecting, but still downloads Discord attachments from the API base', async () => {
    const add = (input: SlashInput) => addAsModerator(bot.fake, input);
    expect((await add({ options: { url: bot.site.url('/news/harbour') } })).content).toMatch(/The link points to a loopback address on this machine \(127\.0\.0\.1\); only public web addresses can be fetched\./);
    expect((await add({ options: { url: 'http://169.254.169.254/latest/meta-data/' } })).content).toMatch(/link-local address \(169\.254\.169\.254\)/);
    expect(bot.site.hits.size).toBe(0);
    expect((await add({ attachments: { file: { filename: 'ferry.md', content: FERRY_MD } } })).content).toMatch(/^\*\*Added\*\*/);
  });
});

describe('an article change the index cannot take', () => {
  it('puts the folder back and tells the moderator why when adding an article fails to index', async () => {
    const workspace = await createWorkspace();
    const first = await Engine.open(workspace.config, { bulkEmbedding: 'inline' });
    await first.close();
    // The index is built; every later reindex fails while embedding.
    const failing: Embedder = {
      modelId: first.model.embedder.modelId,
      dimensions: first.model.embedder.dimensions,
      embed: async () => {
        throw new Error('simulated embedding failure');
      },
      close: async () => {},
    };
    const engine = await Engine.open(workspace.config, { bulkEmbedder: failing });
    const fake = new FakeDiscord({ timeoutMs: 30_000 });
    await fake.start();
    const harness = await startBot(fake, workspace, {}, { engine });
    try {
      const before = (await readdir(workspace.articlesDir)).sort();
      const added = await addAsModerator(fake, { attachments: { file: { filename: 'ferry.md', content: FERRY_MD } } });
      expect(added.content).toMatch(/simulated embedding failure[\s\S]*\nThe article change was undone\.$/);
      expect((await readdir(workspace.articlesDir)).sort()).toEqual(before);

      expect(harness.logs.some((line) => line.includes('reindex for an article change failed') && line.includes('simulated embedding failure'))).toBe(true);
    } finally {
      await harness.stop();
      await engine.close();
      await fake.close();
      await workspace.cleanup();
    }
  });
});
