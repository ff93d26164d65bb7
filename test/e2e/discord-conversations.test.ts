import type { APIEmbed } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_ANSWER } from '../../src/answer/build-answer.ts';
import { safeText } from '../../src/discord/respond.ts';
import { FakeDiscord, type RecordedRequest } from '../fake-discord/index.ts';
import { startBot, type BotHarness } from '../support/bot-harness.ts';
import { createWorkspace, type Workspace } from '../support/engine-fixture.ts';

type SentBody = { content?: string; embeds?: APIEmbed[]; components?: Array<{ components: Array<{ custom_id?: string; label?: string }> }>; message_reference?: { message_id: string } };
const bodyOf = (request: RecordedRequest) => request.body as SentBody;
const descriptionOf = (request: RecordedRequest) => bodyOf(request).embeds?.[0]?.description ?? '';

describe('conversations in Discord: threads, follow-ups, forums and quiet ask channels (real discord.js client, fake Discord)', () => {
  let workspace: Workspace;
  let fake: FakeDiscord;
  let harness: BotHarness;

  /** The bot's message posted in `channelId` (a channel or thread), past or future, that `accept` takes. */
  const botPost = (channelId: string, accept: (body: SentBody) => boolean = () => true) =>
    fake.waitFor((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages` && r.status === 200 && accept(bodyOf(r)));
  const threadStart = (channelId: string, messageId: string) =>
    fake.waitFor((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages/${messageId}/threads`);

  beforeAll(async () => {
    workspace = await createWorkspace();
    fake = new FakeDiscord({ ackDeadlineMs: 3000, timeoutMs: 20_000 });
    await fake.start();
    harness = await startBot(fake, workspace, {
      ANSWER_IN_THREADS: 'true',
      ASK_CHANNEL_IDS: [fake.channel('ask'), fake.channel('ask-forum'), fake.channel('no-threads')].join(','),
    });
  });
  afterAll(async () => {
    await harness?.stop();
    await fake?.close();
    await workspace?.cleanup();
  });

  let threadId = '';

  it('answers a question in an ask channel in a new public thread named after it, started from the question', async () => {
    const question = 'When did the North Korean soldier die?';
    const questionId = fake.postMessage({ content: question, channelId: fake.channel('ask') });

    const started = await threadStart(fake.channel('ask'), questionId);
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ name: question });
    threadId = questionId;
    expect(fake.thread(threadId)).toMatchObject({ parent_id: fake.channel('ask'), type: 11 });
    const answer = await botPost(threadId, (b) => (b.embeds?.length ?? 0) > 0);
    expect(bodyOf(answer).embeds![0]!.title).toBe(question);
    expect(descriptionOf(answer)).toMatch(/\b(died|death|succumbed)\b/);
    expect(answer.allowedMentions).toMatchObject({ parse: [] });
    // Nothing was posted in the channel itself: the thread holds the answer.
    expect(fake.requests.some((r) => r.method === 'POST' && r.path === `/channels/${fake.channel('ask')}/messages`)).toBe(false);
  });

  it('reads two follow-ups in the thread with the earlier questions, and says so in an italic line', async () => {
    const followUp = 'And where was he captured?';
    const followUpId = fake.postMessage({ content: followUp, channelId: threadId });
    const first = await botPost(threadId, (b) => b.message_reference?.message_id === followUpId);
    expect(descriptionOf(first)).toMatch(/^\*Read with the earlier question: “When did the North Korean soldier die\?”\*/);
    expect(descriptionOf(first)).toMatch(/Kursk/);
    // Alone, the follow-up has no subject: what it would cite differs from what the conversation cites.
    const alone = await harness.engine.ask(followUp);
    const withContext = await harness.engine.ask(followUp, { previous: ['When did the North Korean soldier die?'] });
    expect(withContext.citations.map((c) => c.excerpt)).not.toEqual(alone.citations.map((c) => c.excerpt));

    const secondId = fake.postMessage({ content: 'What about the casualties?', channelId: threadId });
    const second = await botPost(threadId, (b) => b.message_reference?.message_id === secondId);
    expect(descriptionOf(second)).toMatch(/^\*Read with the earlier question: “And where was he captured\?”\*/);
    expect(descriptionOf(second)).toMatch(/3,000|casualt/i);
    expect(fake.problems).toEqual([]);
  });

  it('cuts a long question to a thread name of at most 100 characters on a word boundary, and answers a mention outside ask channels in a thread', async () => {
    const question = 'Where exactly was the North Korean soldier captured by the Ukrainian special operations forces, and which reports place the capture in the Kursk region?';
    const questionId = fake.postMessage({ content: question, channelId: fake.channel('general'), mentionsBot: true });

    const started = await threadStart(fake.channel('general'), questionId);
    const name = (started.body as { name: string }).name;
    expect(started.status).toBe(201);
    expect(name.length).toBeLessThanOrEqual(100);
    expect(name).toMatch(/^Where exactly was the North Korean soldier .*[a-z]…$/);
    expect(question.startsWith(name.slice(0, -1))).toBe(true);
    await botPost(questionId, (b) => (b.embeds?.length ?? 0) > 0);
  });

  it('answers a new forum post in its own thread (its title when that reads as a question), then follow-ups in the post', async () => {
    const post = fake.forumPost({ title: 'Where was the soldier captured?', content: 'The reports seem to say different things.', author: { username: 'reader' } });

    const answer = await botPost(post.threadId, (b) => (b.embeds?.length ?? 0) > 0);
    expect(bodyOf(answer).embeds![0]!.title).toBe('Where was the soldier captured?');
    expect(descriptionOf(answer)).toMatch(/Kursk/);

    const followUpId = fake.postMessage({ content: 'When did he die?', channelId: post.threadId, author: { username: 'reader' } });
    const followUp = await botPost(post.threadId, (b) => b.message_reference?.message_id === followUpId);
    expect(descriptionOf(followUp)).toMatch(/^\*Read with the earlier question: “Where was the soldier captured\?”\*/);
  });

  it('ignores chatter in an ask channel and in a member\'s own thread, but answers a refusal there as one short line', async () => {
    const before = fake.requests.length;
    const thanks = fake.postMessage({ content: 'thanks', channelId: fake.channel('ask') });
    const cool = fake.postMessage({ content: 'ok cool', channelId: fake.channel('ask') });
    const topic = fake.postMessage({ content: 'a topic of my own', channelId: fake.channel('general'), author: { username: 'reader' } });
    const membersThread = fake.startThread({ messageId: topic, name: 'My thread', author: { username: 'reader' } });
    fake.postMessage({ content: 'who wants to chat?', channelId: membersThread, author: { username: 'reader' } });
    // A marker question, answered in its thread, proves the bot read the messages above (in order) first.
    const marker = fake.postMessage({ content: 'What is the capital of France?', channelId: fake.channel('ask') });
    const refusal = await botPost(marker);

    expect(bodyOf(refusal).embeds ?? []).toEqual([]);
    expect(bodyOf(refusal).content).toBe(safeText(NO_ANSWER));
    const answered = fake.requests.slice(before).filter((r) => r.method === 'POST' && /\/(messages|threads)$/.test(r.path));
    expect(answered.map((r) => r.path)).toEqual([`/channels/${fake.channel('ask')}/messages/${marker}/threads`, `/channels/${marker}/messages`]);
    for (const id of [thanks, cool]) expect(fake.thread(id)).toBeUndefined();
  });

  it('answers inline where it may not start threads, and logs the missing permissions once for that channel', async () => {
    const channel = fake.channel('no-threads');
    const first = fake.postMessage({ content: 'When did the soldier die?', channelId: channel });
    const second = fake.postMessage({ content: 'Where was the soldier captured?', channelId: channel });

    await botPost(channel, (b) => b.message_reference?.message_id === first);
    await botPost(channel, (b) => b.message_reference?.message_id === second);

    expect(fake.requests.some((r) => r.path.startsWith(`/channels/${channel}/messages/`) && r.path.endsWith('/threads'))).toBe(false);
    const warnings = harness.logs.filter((l) => l.includes('missing permission to answer in a thread'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('Create Public Threads, Send Messages in Threads');
    expect(warnings[0]).toContain(channel);
  });

  it('puts "Ask a follow-up" under a public /ask answer: it opens a thread on the answer, and follow-ups there are read with the question', async () => {
    const question = 'Who captured the North Korean soldier?';
    const ask = fake.slashCommand({ name: 'ask', options: { question }, channelId: fake.channel('general') });
    const reply = await ask.waitForResponse((m) => (m.embeds?.length ?? 0) > 0);
    const rows = (reply.components ?? []) as unknown as Array<{ components?: Array<{ custom_id?: string; label?: string }> }>;
    const buttons = rows.flatMap((row) => row.components ?? []);
    const followUpButton = buttons.find((b) => b.label === 'Ask a follow-up');
    expect(followUpButton?.custom_id).toMatch(/^followup:[A-Za-z0-9_-]{12}$/);

    const click = fake.clickButton({ customId: followUpButton!.custom_id!, message: reply });
    const started = await threadStart(fake.channel('general'), reply.id);
    expect(started.body).toMatchObject({ name: question });
    const callback = await click.callback();
    expect((callback.body as { data: { content: string; flags: number } }).data).toMatchObject({ content: `Thread opened: <#${reply.id}>`, flags: 64 });
    const firstLine = await botPost(reply.id);
    expect(bodyOf(firstLine).content).toMatch(/^\*\*Ask your follow-up here\*\*.*\nWho captured the North Korean soldier\?$/s);

    const followUpId = fake.postMessage({ content: 'When did he die?', channelId: reply.id });
    const answer = await botPost(reply.id, (b) => b.message_reference?.message_id === followUpId);
    expect(descriptionOf(answer)).toMatch(/^\*Read with the earlier question: “Who captured the North Korean soldier\?”\*/);

    // A second click points to the open thread; a forged id is refused politely.
    const again = fake.clickButton({ customId: followUpButton!.custom_id!, message: reply });
    expect(((await again.callback()).body as { data: { content: string } }).data.content).toBe(`The follow-up thread is already open: <#${reply.id}>`);
    // A forged id: a client can send any custom id, as if on a message the fake does not know.
    const forgedMessage = { ...reply, id: '1'.repeat(19), components: [{ type: 1, components: [{ type: 2, style: 2, label: 'x', custom_id: 'followup:not-an-answer' }] }] } as typeof reply;
    const forged = fake.clickButton({ customId: 'followup:not-an-answer', message: forgedMessage });
    expect(((await forged.callback()).body as { data: { content: string } }).data.content).toBe('This button was not made by this bot, so it does nothing.');
    // A real answer's id clicked on a copy in another channel: refused the same way, no second thread.
    const elsewhere = { ...forgedMessage, id: '2'.repeat(19), channel_id: fake.channel('ask'), components: reply.components } as typeof reply;
    const moved = fake.clickButton({ customId: followUpButton!.custom_id!, message: elsewhere, channelId: fake.channel('ask') });
    expect(((await moved.callback()).body as { data: { content: string } }).data.content).toBe('This button was not made by this bot, so it does nothing.');
    expect(fake.problems).toEqual([]);
  });

  it('takes a forum post\'s first message as the question when its title does not read as one', async () => {
    const post = fake.forumPost({ title: 'Telegram photos', content: 'Where were photos of the captured soldier circulated?', author: { username: 'reader' } });

    const answer = await botPost(post.threadId, (b) => (b.embeds?.length ?? 0) > 0);

    expect(bodyOf(answer).embeds![0]!.title).toBe('Where were photos of the captured soldier circulated?');
    expect(descriptionOf(answer)).toMatch(/Telegram/);
  });

  it('tells a member asking too fast in an ask channel to wait, in a note that deletes itself', async () => {
    const quick = new FakeDiscord({ timeoutMs: 20_000 });
    await quick.start();
    const bot = await startBot(quick, workspace, { ASK_COOLDOWN_SECONDS: '60', ANSWER_IN_THREADS: 'true' }, { engine: harness.engine });
    try {
      const ask = quick.channel('ask');
      const first = quick.postMessage({ content: 'When did the soldier die?', channelId: ask, author: { username: 'hasty' } });
      await quick.waitFor((r) => r.method === 'POST' && r.path === `/channels/${first}/messages`);
      const second = quick.postMessage({ content: 'Where was he captured?', channelId: ask, author: { username: 'hasty' } });

      const note = await quick.waitFor((r) => r.method === 'POST' && r.path === `/channels/${ask}/messages` && bodyOf(r).message_reference?.message_id === second);
      expect(bodyOf(note).content).toMatch(/You're asking quickly: please wait \d+ s before the next question\./);
      expect(quick.thread(second)).toBeUndefined();
      const noteId = (note.response as { id: string }).id;
      await quick.waitFor((r) => r.method === 'DELETE' && r.path === `/channels/${ask}/messages/${noteId}`);
      expect(quick.message(noteId)).toBeUndefined();
      expect(quick.problems).toEqual([]);
    } finally {
      await bot.stop();
      await quick.close();
    }
  });

  it('without ask channels (so without the Message Content intent) answers a mention in a thread, and follow-ups there that mention it', async () => {
    const plain = new FakeDiscord({ timeoutMs: 20_000 });
    await plain.start();
    const bot = await startBot(plain, workspace, { ASK_CHANNEL_IDS: '', ANSWER_IN_THREADS: 'true' }, { engine: harness.engine });
    try {
      const general = plain.channel('general');
      const question = plain.postMessage({ content: 'When did the North Korean soldier die?', channelId: general, mentionsBot: true });
      await plain.waitFor((r) => r.method === 'POST' && r.path === `/channels/${question}/messages`);
      // Discord sends this one without its text (no intent), so the bot cannot read it; the next mentions the bot.
      const unread = plain.postMessage({ content: 'And where was he captured?', channelId: question });
      const mentioned = plain.postMessage({ content: 'And where was he captured?', channelId: question, mentionsBot: true });

      const answer = await plain.waitFor((r) => r.method === 'POST' && r.path === `/channels/${question}/messages` && bodyOf(r).message_reference?.message_id === mentioned);
      expect(descriptionOf(answer)).toMatch(/^\*Read with the earlier question: “When did the North Korean soldier die\?”\*/);
      expect(plain.requests.some((r) => bodyOf(r)?.message_reference?.message_id === unread)).toBe(false);
      expect(plain.problems).toEqual([]);
    } finally {
      await bot.stop();
      await plain.close();
    }
  });

  it('gives a private /ask answer no follow-up button', async () => {
    const ask = fake.slashCommand({ name: 'ask', options: { question: 'When did the soldier die?', private: true }, channelId: fake.channel('general') });
    const reply = await ask.waitForResponse((m) => (m.embeds?.length ?? 0) > 0);
    expect(JSON.stringify(reply.components ?? [])).not.toContain('followup:');
    // Last in the file: the bot used no route the fake does not serve, in any test above.
    expect(fake.problems).toEqual([]);
  });
});
