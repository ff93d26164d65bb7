import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InteractionResponseType, type APIMessage } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Embedder } from '../../src/embedding/embedder.ts';
import { Engine } from '../../src/engine.ts';
import { FakeDiscord } from '../fake-discord/index.ts';
import { startBot, type BotHarness } from '../support/bot-harness.ts';
import { embeddingProcesses } from '../support/embedding-processes.ts';
import { createWorkspace, type Workspace } from '../support/engine-fixture.ts';

const MENTIONS_ARTICLE = `---
title: "Moderators @everyone notice"
outlet: "Server News"
---
The mess hall notice said @everyone must attend the drill and <@&123456789012345678> will lead the zebra inspection, see [the rules](https://example.com/rules) and **bold claims**.
`;

/** Extra articles so /sources has more than one page. */
async function addFillerArticles(dir: string, count: number): Promise<void> {
  for (let i = 1; i <= count; i++) {
    await writeFile(
      path.join(dir, `filler-${String(i).padStart(2, '0')}.md`),
      `---\ntitle: "Filler report ${i}"\noutlet: "Example Wire"\ndate: "2025-01-${String(i).padStart(2, '0')}"\nurl: "https://example.com/filler/${i}"\n---\nFiller report ${i} covers harvest volumes in province ${i}.\n`,
    );
  }
}

const embedsOf = (message: APIMessage) => message.embeds ?? [];
const descriptionOf = (message: APIMessage) => embedsOf(message)[0]?.description ?? '';

describe('the Discord bot, through the real discord.js client and a local fake Discord', () => {
  let workspace: Workspace;
  let fake: FakeDiscord;
  let harness: BotHarness;

  beforeAll(async () => {
    workspace = await createWorkspace();
    await writeFile(path.join(workspace.articlesDir, 'mentions.md'), MENTIONS_ARTICLE);
    await addFillerArticles(workspace.articlesDir, 8);
    fake = new FakeDiscord({ ackDeadlineMs: 3000, timeoutMs: 20_000 });
    await fake.start();
    harness = await startBot(fake, workspace);
  });
  afterAll(async () => {
    await harness?.stop();
    await fake?.close();
    await workspace?.cleanup();
  });

  it('registers /article, /ask, /sources, /reindex and the "Ask about this message" menu, with /reindex guild-only for Manage Server', () => {
    const commands = fake.commands(fake.guildId);
    expect(commands.map((c) => c.name).sort()).toEqual(['Ask about this message', 'article', 'ask', 'reindex', 'sources']);
    expect(commands.find((c) => c.name === 'Ask about this message')).toMatchObject({ type: 3, description: '', contexts: [0] });
    const reindex = commands.find((c) => c.name === 'reindex')!;
    expect(reindex.default_member_permissions).toBe((1n << 5n).toString());
    expect(reindex.contexts).toEqual([0]);
  });

  it('defers /ask, then edits it into an embed quoting a passage about the death, with no mentions parsed', async () => {
    const ask = fake.slashCommand({ name: 'ask', options: { question: 'When did the soldier die?' }, channelId: fake.channel('general') });
    const callback = await ask.callback();
    expect((callback.body as { type: number }).type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    const reply = await ask.waitForResponse((m) => embedsOf(m).length > 0);
    expect(descriptionOf(reply)).toMatch(/\b(died|death|succumbed)\b/);
    expect(descriptionOf(reply)).toMatch(/\*\*\[1\]\*\* “/);
    // The fact comes first, in bold, and the sources' disagreement on its own marked line.
    expect(descriptionOf(reply)).toMatch(/^\*\*Friday, 27 December 2024 .*according to 3 of the 4 cited sources/);
    expect(descriptionOf(reply)).toMatch(/\n⚠️ Sources disagree: One source \[\d\] says 29 December/);
    expect(embedsOf(reply)[0]!.title).toBe('When did the soldier die?');
    for (const edit of ask.edits()) expect(edit.allowedMentions).toMatchObject({ parse: [] });
  });

  it('answers /ask in a direct message with the bot from the one shared collection', async () => {
    const ask = fake.slashCommand({ name: 'ask', options: { question: 'When did the soldier die?' }, user: { username: 'dm-reader' }, dm: true });
    const reply = await ask.waitForResponse((m) => embedsOf(m).length > 0);
    expect(descriptionOf(reply)).toMatch(/^\*\*Friday, 27 December 2024 /);
  });

  it('answers a question posted in an ask channel, and one that mentions the bot elsewhere', async () => {
    fake.postMessage({ content: 'Who captured the North Korean soldier?', channelId: fake.channel('ask') });
    const inAskChannel = await fake.waitFor((r) => r.method === 'POST' && r.path === `/channels/${fake.channel('ask')}/messages`);
    expect(JSON.stringify(inAskChannel.body)).toMatch(/captured/);
    expect(inAskChannel.allowedMentions).toMatchObject({ parse: [] });

    fake.postMessage({ content: 'Where was the soldier captured?', channelId: fake.channel('general'), mentionsBot: true });
    const mentioned = await fake.waitFor((r) => r.method === 'POST' && r.path === `/channels/${fake.channel('general')}/messages`);
    expect(JSON.stringify(mentioned.body)).toMatch(/Kursk/);
  });

  it('ignores messages from other bots and webhooks, and plain chatter outside ask channels', async () => {
    const before = fake.requests.length;
    fake.postMessage({ content: 'When did the soldier die?', channelId: fake.channel('ask'), author: { bot: true, username: 'otherbot' } });
    fake.postMessage({ content: 'When did the soldier die?', channelId: fake.channel('ask'), webhookId: '123456789012345678' });
    fake.postMessage({ content: 'When did the soldier die?', channelId: fake.channel('general') });
    // A marker question proves the bot processed the messages above in order.
    fake.postMessage({ content: 'Which agency confirmed the death of the soldier?', channelId: fake.channel('ask') });
    await fake.waitFor((r) => r.method === 'POST' && (JSON.stringify(r.body) ?? '').includes('agency') && fake.requests.indexOf(r) >= before);
    const posts = fake.requests.slice(before).filter((r) => r.method === 'POST' && r.path.endsWith('/messages'));
    expect(posts).toHaveLength(1);
  });

  it('lists sources page by page with Previous/Next buttons and totals', async () => {
    const sources = fake.slashCommand({ name: 'sources' });
    const page1 = await sources.waitForResponse((m) => embedsOf(m).length > 0);
    expect(descriptionOf(page1)).toMatch(/\*\*14\*\* articles/);
    // The relevance gate's dense threshold, calibrated for the model when the index was built.
    expect(descriptionOf(page1)).toMatch(/Relevance gate: dense score ≥ 0\.\d\d \(calibrated for this model: \d+ of \d+ off-topic questions reach it\)/);
    // The model by its folder's name (the generated test model's folder is called `model`), never the host's path.
    expect(embedsOf(page1)[0]!.footer?.text).toBe('Page 1/2 · model model');
    expect(descriptionOf(page1)).toMatch(/\[\*\*Filler report 1\*\*\]\(https:\/\/example\.com\/filler\/1\) · Example Wire · 1 Jan 2025 · 1 passage/);

    const next = fake.clickButton({ customId: 'sources:page:2', message: page1 });
    const page2 = await next.waitForResponse((m) => (embedsOf(m)[0]?.footer?.text ?? '').startsWith('Page 2/2'));
    expect(descriptionOf(page2)).toMatch(/^\*\*14\*\* articles/);
    expect(descriptionOf(page2)).toMatch(/11\. /);
  });

  it('refuses /reindex to a member without permission, and rebuilds nothing', async () => {
    const builtAt = harness.engine.index!.manifest.builtAt;
    const reindex = fake.slashCommand({ name: 'reindex', roles: ['member'], permissions: 0n });
    const callback = await reindex.callback();
    const body = callback.body as { type: number; data: { content: string; flags: number } };
    expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(body.data.content).toMatch(/Only moderators can reindex/);
    expect(body.data.flags & 64).toBe(64); // ephemeral
    // Give a wrongly started rebuild time to show (it would log, run, and swap in a new version).
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(harness.engine.isReindexing).toBe(false);
    expect(harness.engine.index!.manifest.builtAt).toBe(builtAt);
    expect(harness.logs.some((l) => l.includes('reindex started'))).toBe(false);
  });

  it('lets a moderator reindex with progress and a change summary, while /ask keeps answering', async () => {
    await addFillerArticles(workspace.articlesDir, 9); // one new filler article (9)
    await writeFile(path.join(workspace.articlesDir, 'filler-01.md'), '---\ntitle: "Filler report 1, revised"\n---\nRevised harvest volumes.\n');
    const reindex = fake.slashCommand({ name: 'reindex', roles: ['moderator'], permissions: 0n });
    const ask = fake.slashCommand({ name: 'ask', options: { question: 'Where were photos of the captured soldier circulated?' } });

    const answered = await ask.waitForResponse((m) => embedsOf(m).length > 0);
    expect(descriptionOf(answered)).toMatch(/Telegram/);
    const summary = await reindex.waitForResponse((m) => m.content.includes('Reindex finished'));
    expect(summary.content).toMatch(/\+1 new: `filler-09\.md`/);
    expect(summary.content).toMatch(/~1 changed: `filler-01\.md`/);
    expect(summary.content).toMatch(/-0 removed/);
    // The question was answered from the old index while the rebuild was still running.
    const answeredAt = ask.edits().at(-1)!.at;
    const finishedAt = reindex.edits().at(-1)!.at;
    expect(answeredAt).toBeLessThan(finishedAt);
    const progress = reindex.edits().map((e) => (e.body as { content?: string }).content ?? '');
    expect(progress.some((c) => /Reading articles|Embedding \d+\/\d+ passages/.test(c))).toBe(true);
    expect((reindex.payload as { data: { name: string } }).data.name).toBe('reindex');
    expect(harness.engine.sources().documents.find((d) => d.id === 'filler-01.md')?.title).toBe('Filler report 1, revised');
  });

  it('runs /reindex again and again in one bot process, each run embedding a new article', async () => {
    // With the embedding in a worker thread, onnxruntime-node crashed the whole bot
    // within these six reindexes in 1 run of 2 (see src/embedding/process-embedder.ts;
    // test/embedding/process-embedder.test.ts catches it every time).
    for (const round of [1, 2, 3, 4, 5, 6]) {
      await writeFile(
        path.join(workspace.articlesDir, `again-${round}.md`),
        `---\ntitle: "Repeat report ${round}"\n---\nRepeat report ${round} counts quokka sightings number ${round}.\n`,
      );
      const reindex = fake.slashCommand({ name: 'reindex', roles: ['moderator'], permissions: 0n });
      const summary = await reindex.waitForResponse((m) => /Reindex (finished|failed)/.test(m.content));
      expect(summary.content).toMatch(new RegExp(`\\+1 new: \`again-${round}\\.md\``));
    }
    const ask = fake.slashCommand({ name: 'ask', options: { question: 'How many quokka sightings did repeat report 3 count?' } });
    expect(descriptionOf(await ask.waitForResponse((m) => embedsOf(m).length > 0))).toMatch(/Repeat report 3/);
  });

  it('quotes an article containing @everyone and a role mention without pinging anyone', async () => {
    const ask = fake.slashCommand({ name: 'ask', options: { question: 'Who will lead the zebra inspection at the mess hall drill?' } });
    const reply = await ask.waitForResponse((m) => embedsOf(m).length > 0);
    const text = descriptionOf(reply);
    expect(text).toMatch(/zebra inspection/);
    expect(text).not.toMatch(/@everyone/); // neutralised with a zero-width space
    expect(text).not.toMatch(/<@&123456789012345678>/);
    expect(reply.mention_everyone).toBe(false);
    expect(reply.mention_roles ?? []).toEqual([]);
    expect(text).toMatch(/\\\*\\\*bold claims\\\*\\\*/); // Markdown in quoted text is escaped
  });

  it('handles a 6,000-character question within Discord limits', async () => {
    const question = `When did the soldier die? ${'Please answer carefully. '.repeat(300)}`.slice(0, 6000);
    const ask = fake.slashCommand({ name: 'ask', options: { question } });
    const reply = await ask.waitForResponse((m) => embedsOf(m).length > 0);
    const embed = embedsOf(reply)[0]!;
    expect(embed.title!.length).toBeLessThanOrEqual(256);
    expect(embed.description!).toMatch(/only its first 1000 characters were used/);
    expect(fake.problems).toEqual([]);
  });

  it('defers 20 simultaneous /ask interactions within 3 seconds and answers them all', async () => {
    const asks = Array.from({ length: 20 }, (_, i) =>
      fake.slashCommand({ name: 'ask', options: { question: 'How many troops has North Korea sent to help Russia?' }, user: { id: `9000000000000000${String(i).padStart(2, '0')}`, username: `asker${i}` } }),
    );
    const callbacks = await Promise.all(asks.map((a) => a.callback()));
    callbacks.forEach((c, i) => expect(c.at - asks[i]!.sentAt).toBeLessThan(3000));
    const replies = await Promise.all(asks.map((a) => a.waitForResponse((m) => embedsOf(m).length > 0)));
    for (const reply of replies) expect(descriptionOf(reply)).toMatch(/1[012],000/);
  });
});

describe('shutting down during a reindex', () => {
  it('abandons the reindex safely: the moderator is told, the previous index stays, no staging folder is left', async () => {
    const workspace = await createWorkspace();
    const fake = new FakeDiscord({ timeoutMs: 20_000 });
    await fake.start();
    try {
      const first = await Engine.open(workspace.config, { bulkEmbedding: 'inline' });
      const slow: Embedder = {
        modelId: first.model.embedder.modelId,
        dimensions: first.model.embedder.dimensions,
        embed: async (texts) => {
          // Slow enough that the shutdown lands mid-embedding however fast the model is and however late a busy
          // machine posts the progress (at 1 s a batch the reindex once finished before the stop); the same for
          // every batch, so the progress's pace, and the finishing time it shows, is right from the first.
          await new Promise((resolve) => setTimeout(resolve, 3_000));
          return first.model.embedder.embed(texts);
        },
        close: async () => {},
      };
      const builtAt = first.index!.manifest.builtAt;
      await first.close();
      const engine = await Engine.open(workspace.config, { bulkEmbedder: slow });
      const harness = await startBot(fake, workspace, {}, { engine });
      for (let i = 0; i < 200; i++) {
        await writeFile(path.join(workspace.articlesDir, `bulk-${i}.md`), `---\ntitle: "Bulk ${i}"\n---\n${`Supply convoy ${i} crossed the river at dawn. `.repeat(40)}\n`);
      }
      const reindex = fake.slashCommand({ name: 'reindex', roles: ['moderator'] });
      // Once there is a pace, the progress says when embedding should finish, as a Discord timestamp.
      const progress = await reindex.waitForResponse((m) => /Embedding \d+\/\d+ passages… finishing <t:\d+:R>/.test(m.content));
      const finishAt = Number(/<t:(\d+):R>/.exec(progress.content)![1]) * 1000;
      expect(finishAt).toBeGreaterThan(Date.now() - 1000);
      expect(finishAt).toBeLessThan(Date.now() + 60 * 60 * 1000);
      await harness.stop();
      const last = reindex.edits().at(-1)!.body as { content: string };
      expect(last.content).toMatch(/Reindex abandoned: the bot is shutting down/);
      expect(engine.index!.manifest.builtAt).toBe(builtAt);
      expect((await readdir(workspace.indexDir)).filter((e) => e.startsWith('.staging'))).toEqual([]);
      await engine.close();
      const reopened = await Engine.open(workspace.config, { bulkEmbedding: 'inline' });
      expect(reopened.index!.manifest.builtAt).toBe(builtAt);
      await reopened.close();
    } finally {
      await fake.close();
      await workspace.cleanup();
    }
  });
});

describe.skipIf(process.platform !== 'linux')('the embedding process crashing during /reindex', () => {
  it('tells the moderator why the reindex failed, keeps answering from the old index, and the next /reindex works', async () => {
    const workspace = await createWorkspace();
    const fake = new FakeDiscord({ timeoutMs: 20_000 });
    await fake.start();
    const harness = await startBot(fake, workspace);
    try {
      const builtAt = harness.engine.index!.manifest.builtAt;
      await writeFile(path.join(workspace.articlesDir, 'otters.md'), '---\ntitle: "Otter census"\n---\nVolunteers counted 73 otters along the estuary.\n');
      const reindex = fake.slashCommand({ name: 'reindex', roles: ['moderator'] });
      // As soon as the reindex starts its embedding process, crash it as a native fault would.
      await expect.poll(() => embeddingProcesses(), { interval: 10, timeout: 15_000 }).not.toEqual([]);
      for (const pid of embeddingProcesses()) process.kill(pid, 'SIGSEGV');

      const failed = await reindex.waitForResponse((m) => /Reindex failed/.test(m.content));
      expect(failed.content).toMatch(/killed by SIGSEGV/);
      expect(failed.content).toMatch(/previous index is unchanged and still answers/);
      expect(harness.engine.isReindexing).toBe(false);
      expect(harness.engine.index!.manifest.builtAt).toBe(builtAt);
      expect(harness.logs.some((line) => line.includes('reindex failed') && line.includes('SIGSEGV'))).toBe(true);

      const ask = fake.slashCommand({ name: 'ask', options: { question: 'When did the soldier die?' } });
      expect(descriptionOf(await ask.waitForResponse((m) => embedsOf(m).length > 0))).toMatch(/\b(died|death|succumbed)\b/);

      const again = fake.slashCommand({ name: 'reindex', roles: ['moderator'], user: { username: 'mod-two' } });
      expect((await again.waitForResponse((m) => /Reindex finished/.test(m.content))).content).toMatch(/\+1 new: `otters\.md`/);
    } finally {
      await harness.stop();
      await fake.close();
      await workspace.cleanup();
    }
  });
});
