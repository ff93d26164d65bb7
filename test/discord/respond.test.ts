import type { APIEmbed, Message, RepliableInteraction, SendableChannels } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { fitReply, replyPrivately, replyTo, send, reply, type BotReply } from '../../src/discord/respond.ts';
import { validateMessageBody } from '../fake-discord/index.ts';

const NO_PINGS = { parse: [], repliedUser: false };
const problemsOf = (body: unknown) => validateMessageBody(body).tree;
const long = (n: number, word = 'lorem ') => word.repeat(Math.ceil(n / word.length)).slice(0, n);

/** Records what a discord.js object was asked to send, by method. */
function recorder() {
  const calls: Array<{ method: string; options: any }> = [];
  const method = (name: string) => async (options?: unknown) => {
    calls.push({ method: name, options });
  };
  return { calls, method };
}

/** An interaction in a given state, recording the calls the helper makes. */
function interaction(state: { deferred?: boolean; replied?: boolean; ephemeral?: boolean | null; slash?: boolean }) {
  const { calls, method } = recorder();
  const stub = {
    deferred: state.deferred ?? false,
    replied: state.replied ?? false,
    ephemeral: state.ephemeral ?? null,
    isChatInputCommand: () => state.slash ?? true,
    reply: method('reply'),
    editReply: method('editReply'),
    followUp: method('followUp'),
    deleteReply: method('deleteReply'),
  };
  return { calls, interaction: stub as unknown as RepliableInteraction };
}

describe('the reply helper', () => {
  it('forces mentions off even when a caller passes its own mention settings or tts', async () => {
    const sneaky = { content: 'hello @everyone', allowedMentions: { parse: ['everyone', 'users'], repliedUser: true }, tts: true } as BotReply;
    expect(fitReply(sneaky)).toEqual({ content: 'hello @everyone', allowedMentions: NO_PINGS });

    const message = recorder();
    await replyTo({ reply: message.method('reply') } as unknown as Message, sneaky);
    const channel = recorder();
    await send({ send: channel.method('send') } as unknown as SendableChannels, sneaky);
    const slash = interaction({});
    await reply(slash.interaction, sneaky);
    for (const call of [...message.calls, ...channel.calls, ...slash.calls]) {
      expect(call.options.allowedMentions, call.method).toEqual(NO_PINGS);
      expect(call.options.tts, call.method).toBeUndefined();
    }
  });

  it('escapes Markdown and neutralises mentions in text, and sends its own Markdown as written', () => {
    const fitted = fitReply({ content: '**Reindex failed:**', text: '**bold** _x_ @everyone <@123456789012345678> [a](https://evil.example)' });
    expect(fitted.content).toBe(
      '**Reindex failed:**\n\\*\\*bold\\*\\* \\_x\\_ @\u200beveryone <@\u200b123456789012345678> \\[a](https://evil.example)',
    );
  });

  it('cuts over-long content and embeds to Discord limits instead of failing', () => {
    const embed = (i: number): APIEmbed => ({
      title: long(400),
      description: long(5000, `embed ${i} `),
      footer: { text: long(3000) },
      author: { name: long(300) },
      fields: Array.from({ length: 30 }, (_, f) => ({ name: long(300), value: long(1500, `field ${f} `) })),
    });
    const fitted = fitReply({ content: long(2500), text: 'tail', embeds: Array.from({ length: 12 }, (_, i) => embed(i)) });
    expect(problemsOf(fitted)).toEqual({});
    expect(fitted.content!.length).toBeLessThanOrEqual(2000);
    expect(fitted.content).toMatch(/…$/);
    expect(fitted.embeds).toHaveLength(1);
    expect(fitted.embeds![0]!.description).toMatch(/^embed 0 .*…$/);
  });

  it('keeps the first embeds whole and cuts from the end when several pass the 6000 total together', () => {
    const embeds: APIEmbed[] = [1, 2, 3].map((i) => ({ title: `Part ${i}`, description: long(2500, `part ${i} `) }));
    const fitted = fitReply({ embeds }).embeds!;
    expect(problemsOf({ embeds: fitted })).toEqual({});
    expect(fitted.slice(0, 2)).toEqual(embeds.slice(0, 2));
    expect(fitted[2]!.description).toMatch(/^part 3 .*…$/);
    expect(fitted[2]!.description!.length).toBeLessThan(1000);
  });

  it('leaves a reply that fits untouched', () => {
    const embeds: APIEmbed[] = [{ title: 'Indexed articles', description: 'One **bold** line', footer: { text: 'Page 1/1' }, fields: [{ name: 'a', value: 'b' }] }];
    expect(fitReply({ content: 'Done.', embeds })).toEqual({ content: 'Done.', embeds, allowedMentions: NO_PINGS });
  });

  describe('a private note about a failure', () => {
    it('is a private reply when nothing was sent yet', async () => {
      const { calls, interaction: i } = interaction({});
      await replyPrivately(i, { text: 'No.' });
      expect(calls).toEqual([{ method: 'reply', options: { content: 'No.', allowedMentions: NO_PINGS, flags: 64 } }]);
    });

    it('replaces a private "thinking…" or private reply, clearing its embeds and buttons', async () => {
      const { calls, interaction: i } = interaction({ deferred: true, ephemeral: true });
      await replyPrivately(i, { text: 'No.' });
      expect(calls).toEqual([{ method: 'editReply', options: { content: 'No.', embeds: [], components: [], allowedMentions: NO_PINGS } }]);
    });

    it('removes a public "thinking…" of a slash command and follows up privately', async () => {
      const { calls, interaction: i } = interaction({ deferred: true, ephemeral: false });
      await replyPrivately(i, { text: 'No.' });
      expect(calls.map((c) => c.method)).toEqual(['deleteReply', 'followUp']);
      expect(calls[1]!.options.flags).toBe(64);
    });

    it('keeps the message a button is on and only adds a private note', async () => {
      const { calls, interaction: i } = interaction({ replied: true, slash: false });
      await replyPrivately(i, { text: 'No.' });
      expect(calls.map((c) => c.method)).toEqual(['followUp']);
    });
  });
});
