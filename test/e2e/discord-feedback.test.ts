import path from 'node:path';
import { MessageFlags, type APIEmbed, type APIMessage } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Engine } from '../../src/engine.ts';
import { readFeedback } from '../../src/feedback/read-feedback.ts';
import { summariseFeedback } from '../../src/feedback/summarise-feedback.ts';
import { FakeDiscord } from '../fake-discord/index.ts';
import { startBot, type BotHarness } from '../support/bot-harness.ts';
import { createWorkspace, type Workspace } from '../support/engine-fixture.ts';

const embedsOf = (message: APIMessage) => message.embeds ?? [];
const hasEmbed = (message: APIMessage) => embedsOf(message).length > 0;

/** The custom ids of a message's buttons, in order. */
const buttonIds = (message: APIMessage): Array<string | undefined> =>
  ((message.components ?? []) as Array<{ components?: Array<{ custom_id?: string }> }>).flatMap((row) => row.components ?? []).map((b) => b.custom_id);

/** `value`, or a throw that makes `vi.waitFor` try again. */
function found<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('not there yet');
  return value;
}

/** The 👍 or 👎 custom id on an answer. */
const voteId = (message: APIMessage, kind: 'up' | 'down') => buttonIds(message).find((id) => id?.startsWith(`feedback:${kind}:`))!;

describe('feedback on answers, through the real discord.js client and a local fake Discord', () => {
  let workspace: Workspace;
  let fake: FakeDiscord;
  let engine: Engine;
  let harness: BotHarness;
  let env: Record<string, string>;
  let feedbackFile: string;
  /** A new user per question: the cooldown (60 s here) applies to questions. */
  let users = 0;
  const newUser = () => ({ username: `reader-${++users}` });

  /** Posts to the feedback channel (general: answers to /ask there come through the interaction webhook, never this route). */
  const feedbackPosts = () =>
    fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${fake.channel('general')}/messages` && r.status === 200).map((r) => (r.body as { embeds: APIEmbed[] }).embeds[0]!);

  async function ask(question: string, user = newUser(), where: { channelId?: string; permissions?: bigint } = {}) {
    const handle = fake.slashCommand({ name: 'ask', options: { question }, user, ...where });
    return { user, answer: await handle.waitForResponse(hasEmbed) };
  }

  beforeAll(async () => {
    workspace = await createWorkspace();
    feedbackFile = path.join(workspace.root, 'data', 'feedback.jsonl');
    fake = new FakeDiscord({ secondGuild: true, ackDeadlineMs: 3000, timeoutMs: 20_000 });
    await fake.start();
    engine = await Engine.open(workspace.config, { bulkEmbedding: 'process' });
    env = { FEEDBACK_FILE: feedbackFile, FEEDBACK_CHANNEL_ID: fake.channel('general'), ASK_COOLDOWN_SECONDS: '60', ANSWER_IN_THREADS: 'true' };
    harness = await startBot(fake, workspace, env, { engine });
  });
  afterAll(async () => {
    await harness?.stop();
    await engine?.close();
    await fake?.close();
    await workspace?.cleanup();
  });

  it('puts 👍 and 👎 under every answer and refusal, with custom ids carrying only a kind and an answer id', async () => {
    const { answer } = await ask('When did the soldier die?');
    const { answer: refusal } = await ask('What is the recipe for sourdough bread?');
    expect(embedsOf(refusal)[0]!.description).not.toMatch(/\*\*\[1\]\*\*/);
    // The votes come first on the row; other buttons (an /ask answer's "Ask a follow-up") may follow.
    for (const message of [answer, refusal]) expect(buttonIds(message).slice(0, 2)).toEqual([expect.stringMatching(/^feedback:up:[\w-]{12}$/), expect.stringMatching(/^feedback:down:[\w-]{12}$/)]);
    expect(voteId(answer, 'up')).not.toBe(voteId(refusal, 'up'));
    expect(fake.problems).toEqual([]);
  });

  it('a 👎 opens a form; sent with a reason and a comment, it reaches FEEDBACK_FILE and the feedback channel, and the voter is thanked privately', async () => {
    const { user, answer } = await ask('When did the soldier die?');
    const click = fake.clickButton({ customId: voteId(answer, 'down'), message: answer, user });
    const form = await click.modal();
    expect(form).toMatchObject({ custom_id: voteId(answer, 'down').replace(':down:', ':form:'), title: 'What was wrong with this answer?' });
    expect(JSON.stringify(form.components)).toMatch(/Wrong passage.*Out of date.*Sources disagree.*Should have answered.*Other/);

    const submit = fake.submitModal(click, { reason: ['out-of-date'], comment: 'Later reports say 29 December @everyone' });
    const thanks = await submit.waitForResponse((m) => /Thanks/.test(m.content));
    expect(thanks.content).toBe('Thanks: the moderators will look at what was wrong.');
    expect(thanks.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);

    const { records } = await readFeedback(feedbackFile);
    const record = records.find((r) => r.userId === fake.user(user).id)!;
    expect(record).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      guildId: fake.guildId,
      channelId: fake.channel('general'),
      userId: fake.user(user).id,
      answerId: voteId(answer, 'down').split(':')[2],
      question: 'When did the soldier die?',
      answer: expect.stringMatching(/27 December 2024/),
      citations: expect.arrayContaining([{ n: 1, documentId: expect.stringMatching(/\.md$/) }]),
      vote: 'down',
      reason: 'out-of-date',
      comment: 'Later reports say 29 December @everyone',
      answered: true,
    });

    const post = await vi.waitFor(() => found(feedbackPosts().find((e) => e.footer?.text.includes(record.answerId))), { timeout: 10_000 });
    expect(post.title).toBe('👎 Not helpful');
    const fields = Object.fromEntries(post.fields!.map((f) => [f.name, f.value]));
    expect(fields).toMatchObject({ Question: 'When did the soldier die?', Reason: 'Out of date', Comment: 'Later reports say 29 December @\u200beveryone' });
    expect(fields['Cited articles']).toContain(`[1] ${record.citations[0]!.documentId.replace(/[_*~`|]/g, (c) => `\\${c}`)}`);
    const request = fake.requests.find((r) => r.path === `/channels/${fake.channel('general')}/messages` && JSON.stringify(r.body).includes(record.answerId))!;
    expect(request.allowedMentions).toMatchObject({ parse: [] });
    expect(fake.problems).toEqual([]);
  });

  it('a changed vote is recorded again: the file holds both, the summary counts only the latest', async () => {
    const { user, answer } = await ask('Which agency confirmed the death of the soldier?');
    const up = fake.clickButton({ customId: voteId(answer, 'up'), message: answer, user });
    expect((await up.waitForResponse((m) => /Thanks/.test(m.content))).content).toBe('Thanks for the 👍! It helps the moderators see what works.');
    const down = fake.clickButton({ customId: voteId(answer, 'down'), message: answer, user });
    await down.modal();
    const changed = fake.submitModal(down, { reason: ['wrong-passage'] });
    expect((await changed.waitForResponse((m) => /Thanks/.test(m.content))).content).toMatch(/Your earlier vote on this answer is replaced\./);

    const answerId = voteId(answer, 'up').split(':')[2];
    const { records } = await readFeedback(feedbackFile);
    expect(records.filter((r) => r.answerId === answerId).map((r) => [r.vote, r.reason, r.comment])).toEqual([['up', null, null], ['down', 'wrong-passage', null]]);
    const summary = summariseFeedback(records.filter((r) => r.answerId === answerId));
    expect(summary.votes).toEqual({ up: 0, down: 1 });
  });

  it('takes a vote on an answer given in a thread, recorded with the thread as its channel', async () => {
    const user = newUser();
    const questionId = fake.postMessage({ content: 'Who captured the North Korean soldier?', channelId: fake.channel('ask'), author: user });
    // Answered in a thread started from the question (the thread has the question's id).
    const answer = await vi.waitFor(() => found(fake.messagesIn(questionId).find(hasEmbed)), { timeout: 15_000 });
    const vote = fake.clickButton({ customId: voteId(answer, 'up'), message: answer, user });
    expect((await vote.waitForResponse()).content).toMatch(/^Thanks for the 👍/);
    const record = (await readFeedback(feedbackFile)).records.find((r) => r.answerId === voteId(answer, 'up').split(':')[2])!;
    expect(record).toMatchObject({ guildId: fake.guildId, channelId: questionId, question: 'Who captured the North Korean soldier?', vote: 'up' });
  });

  it('a vote right after asking is never refused by the cooldown, though a second question is', async () => {
    const { user, answer } = await ask('Where was the soldier captured?');
    const vote = fake.clickButton({ customId: voteId(answer, 'up'), message: answer, user });
    expect((await vote.waitForResponse()).content).toMatch(/^Thanks for the 👍/);
    const again = fake.slashCommand({ name: 'ask', options: { question: 'Who captured him?' }, user });
    expect((await again.waitForResponse()).content).toMatch(/You're asking quickly: please wait \d+ s before the next question\./);
  });

  it('"Ask about this message" answers the message\'s text privately, with the feedback buttons', async () => {
    const messageId = fake.postMessage({ content: 'When did the soldier die?', channelId: fake.channel('general'), author: { username: 'poster' } });
    const publicBefore = fake.messagesIn(fake.channel('general')).length;
    const menu = fake.messageCommand({ name: 'Ask about this message', message: fake.message(messageId)!, user: newUser() });
    const callback = await menu.callback();
    expect((callback.body as { data?: { flags?: number } }).data?.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    const answer = await menu.waitForResponse(hasEmbed);
    expect(answer.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(embedsOf(answer)[0]!.title).toBe('When did the soldier die?');
    expect(embedsOf(answer)[0]!.description).toMatch(/27 December 2024/);
    expect(buttonIds(answer).slice(0, 2)).toEqual([voteId(answer, 'up'), voteId(answer, 'down')]);
    // Nothing public: no message was added to the channel for it.
    expect(fake.messagesIn(fake.channel('general'))).toHaveLength(publicBefore);

    const vote = fake.clickButton({ customId: voteId(answer, 'up'), message: answer, user: { username: `reader-${users}` } });
    expect((await vote.waitForResponse()).content).toMatch(/^Thanks for the 👍/);
  });

  it('"Ask about this message" on a message without text says so, privately', async () => {
    const messageId = fake.postMessage({ content: '   ', channelId: fake.channel('general') });
    const menu = fake.messageCommand({ name: 'Ask about this message', message: fake.message(messageId)!, user: newUser() });
    const note = await menu.waitForResponse();
    expect(note.content).toBe('That message has no text to ask about; pick a message with a question or a claim in it.');
    expect(note.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
  });

  it('refuses a forged button or form politely, and records nothing', async () => {
    const { user, answer } = await ask('When did the soldier die?');
    const before = (await readFeedback(feedbackFile)).records.length;
    const forgedIds = ['feedback:up:../../etc/pass', 'feedback:delete:AAAAAAAAAAAA', `feedback:form:${voteId(answer, 'up').split(':')[2]}`, 'feedback:up:AAAAAAAAAAAA:x'];
    for (const customId of forgedIds) {
      // A client that rewrote the message's buttons: the message Discord would send with the click.
      const forged = { ...answer, id: '999999999999999999', components: [{ type: 1, components: [{ type: 2, style: 2, label: 'x', custom_id: customId }] }] } as APIMessage;
      const click = fake.clickButton({ customId, message: forged, user });
      expect((await click.waitForResponse()).content).toBe("This button isn't one the bot made, so nothing was recorded.");
    }
    const down = fake.clickButton({ customId: voteId(answer, 'down'), message: answer, user });
    await down.modal();
    const forgedForm = fake.submitModal(down, { reason: ['other'] }, { customId: voteId(answer, 'down') });
    expect((await forgedForm.waitForResponse()).content).toBe("This button isn't one the bot made, so nothing was recorded.");
    expect((await readFeedback(feedbackFile)).records).toHaveLength(before);
    expect(harness.logs.some((l) => l.includes('"outcome":"invalid-button"'))).toBe(true);
    expect(harness.logs.some((l) => l.includes('interaction failed'))).toBe(false);
  });

  it('after a restart, the buttons on earlier answers say politely that they have expired', async () => {
    const { user, answer } = await ask('Who captured the North Korean soldier?');
    await harness.stop();
    harness = await startBot(fake, workspace, env, { engine });
    for (const kind of ['up', 'down'] as const) {
      const click = fake.clickButton({ customId: voteId(answer, kind), message: answer, user });
      const note = await click.waitForResponse();
      expect(note.content).toBe('These buttons have expired (the bot restarted or the answer is old); ask again to vote on a fresh answer.');
      expect(note.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    }
    // A fresh answer after the restart takes votes again.
    const fresh = await ask('Who captured the North Korean soldier?');
    const vote = fake.clickButton({ customId: voteId(fresh.answer, 'up'), message: fresh.answer, user: fresh.user });
    expect((await vote.waitForResponse()).content).toMatch(/^Thanks for the 👍/);
    expect(fake.problems).toEqual([]);
  });

  it("records a vote from the second server in the file but never shows it in the first server's feedback channel", async () => {
    const where = { channelId: fake.channel('other-general'), permissions: 1n << 11n };
    const { user, answer } = await ask('Where is the Kursk region? (second server)', newUser(), where);
    const down = fake.clickButton({ customId: voteId(answer, 'down'), message: answer, user, ...where });
    await down.modal();
    const submit = fake.submitModal(down, { reason: ['other'], comment: 'a question from the second server' });
    expect((await submit.waitForResponse((m) => /Thanks/.test(m.content))).content).toMatch(/^Thanks/);
    const answerId = voteId(answer, 'down').split(':')[2]!;
    // The vote's handling is over (posting to the feedback channel comes before this log line).
    await vi.waitFor(() => expect(harness.logs.some((l) => l.includes('interaction handled') && l.includes(`form feedback:form:${answerId}`))).toBe(true));
    const record = (await readFeedback(feedbackFile)).records.find((r) => r.answerId === answerId)!;
    expect(record).toMatchObject({ guildId: fake.otherGuildId, channelId: fake.channel('other-general'), comment: 'a question from the second server' });
    expect(JSON.stringify(feedbackPosts())).not.toMatch(/second server/);
    expect(fake.problems).toEqual([]);
  });
});
