import { setTimeout as sleep } from 'node:timers/promises';
import {
  Client,
  DiscordjsErrorCodes,
  GatewayIntentBits,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type ChatInputCommandInteraction,
  type Message,
} from 'discord.js';
import { describe, expect, it, vi } from 'vitest';
import { FakeDiscord } from './fake-discord.ts';
import { BOT_INTENTS, useFakeDiscord } from './test-support.ts';

/** Runs `handler` for every chat-input command the client receives. */
function onCommand(client: Client, handler: (i: ChatInputCommandInteraction) => Promise<unknown>): void {
  client.on('interactionCreate', (interaction) => {
    if (interaction.isChatInputCommand()) void handler(interaction).catch(() => undefined);
  });
}

describe('FakeDiscord enforces Discord rules a bot can trip over', () => {
  const env = useFakeDiscord();

  it('sends guild messages without content to a bot lacking the MessageContent intent, unless the bot is mentioned', async () => {
    const client = await env.login({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages] });
    const seen: Message[] = [];
    client.on('messageCreate', (message) => void seen.push(message));

    env.fake.postMessage({ content: 'what is in article 3?' });
    env.fake.postMessage({ content: 'what is in article 4?', mentionsBot: true });

    await vi.waitFor(() => expect(seen).toHaveLength(2));
    expect(seen[0]?.content).toBe('');
    expect(seen[1]?.content).toBe(`<@${client.user.id}> what is in article 4?`);
  });

  it('turns the first follow-up after deferReply into the original response', async () => {
    const client = await env.login();
    onCommand(client, async (i) => {
      await i.deferReply();
      await i.followUp('answer');
      await i.followUp('more');
    });

    const handle = env.fake.slashCommand({ name: 'ask' });
    await vi.waitFor(() => expect(handle.followUps()).toHaveLength(2));

    expect((await handle.waitForResponse()).content).toBe('answer');
    const [first, second] = handle.followUps().map((r) => r.response.id);
    expect(first).toBe(handle.original()?.id);
    expect(second).not.toBe(first);
  });

  it('rejects an edit that would leave the reply empty with 50006 Cannot send an empty message', async () => {
    const client = await env.login();
    const outcome = new Promise<unknown>((resolve) =>
      onCommand(client, async (i) => {
        await i.deferReply();
        resolve(await i.editReply({ content: ' ' }).catch((error: unknown) => error));
      }),
    );

    env.fake.slashCommand({ name: 'ask' });

    expect(await outcome).toMatchObject({ code: 50006, status: 400 });
  });

  it('refuses a message in a channel where the bot may not send with 403 50013 Missing Permissions', async () => {
    const client = await env.login();
    const channel = await client.channels.fetch(env.fake.channel('read-only'));

    const send = channel?.isSendable() ? channel.send('hello') : Promise.reject(new Error('not sendable'));

    await expect(send).rejects.toMatchObject({ code: 50013, status: 403 });
    expect(env.fake.messages(env.fake.channel('read-only'))).toEqual([]);
  });

  it('answers a scripted 429 with retry_after, and discord.js retries so the message still arrives once', async () => {
    const client = await env.login();
    const { fake } = env;
    fake.failNext({ method: 'POST', path: '/channels/:channelId/messages', status: 429, retryAfter: 0.05 });
    const channel = await client.channels.fetch(fake.channel('general'));

    if (channel?.isSendable()) await channel.send('after the limit');

    const posts = fake.requests.filter((r) => r.route === '/channels/:channelId/messages');
    expect(posts.map((r) => r.status)).toEqual([429, 200]);
    expect(fake.messages(fake.channel('general')).map((m) => m.content)).toEqual(['after the limit']);
  });

  it('stores commands from a deploy script and types later slash command options from them', async () => {
    const client = await env.login();
    const { fake } = env;
    const ask = new SlashCommandBuilder()
      .setName('ask')
      .setDescription('Ask the articles')
      .addStringOption((o) => o.setName('question').setDescription('Your question').setRequired(true))
      .addNumberOption((o) => o.setName('limit').setDescription('How many sources'))
      .setDefaultMemberPermissions(PermissionFlagsBits.SendMessages);

    const registered = await client.application.commands.set([ask.toJSON()], fake.guildId);

    expect(fake.requests.at(-1)).toMatchObject({ method: 'PUT', route: '/applications/:applicationId/guilds/:guildId/commands', status: 200 });
    expect(registered.first()?.id).toBe(fake.commands(fake.guildId)[0]?.id);
    const options = new Promise<unknown>((resolve) => onCommand(client, async (i) => resolve(i.options.getNumber('limit'))));
    fake.slashCommand({ name: 'ask', options: { question: 'why?', limit: 3 } });
    expect(await options).toBe(3);
    expect(() => fake.slashCommand({ name: 'ask', options: { question: 'why?', colour: 'red' } })).toThrow(/no option "colour"/);
    expect(() => fake.slashCommand({ name: 'ask', options: {} })).toThrow(/requires option "question"/);
  });

  it('rejects a command whose name is not lower case with 50035, as Discord does', async () => {
    const client = await env.login();

    const deploy = client.application.commands.set([{ name: 'Ask', description: 'Ask the articles' }]);

    await expect(deploy).rejects.toMatchObject({ code: 50035 });
    await expect(deploy).rejects.toThrow(/0\.name\[APPLICATION_COMMAND_INVALID_NAME\]/);
  });

  it('pings only what allowed_mentions allows: parse [] pings nobody, the default pings everyone named', async () => {
    const client = await env.login();
    const { fake } = env;
    const alice = fake.user({ username: 'alice' });
    const channel = await client.channels.fetch(fake.channel('general'));
    if (!channel?.isSendable()) throw new Error('general is not sendable');

    const quiet = await channel.send({ content: `<@${alice.id}> @everyone`, allowedMentions: { parse: [] } });
    const loud = await channel.send({ content: `<@${alice.id}> @everyone` });

    expect(fake.message(quiet.id)).toMatchObject({ mentions: [], mention_everyone: false });
    expect(fake.message(loud.id)).toMatchObject({ mentions: [{ id: alice.id }], mention_everyone: true });
  });

  it('computes member permissions from roles: a moderator has ManageGuild, a plain member does not', async () => {
    const client = await env.login();
    const permissions: bigint[] = [];
    onCommand(client, async (i) => void permissions.push(i.memberPermissions?.bitfield ?? -1n));

    env.fake.slashCommand({ name: 'reindex', user: { username: 'mod' }, roles: ['moderator'] });
    env.fake.slashCommand({ name: 'reindex', user: { username: 'pleb' } });

    await vi.waitFor(() => expect(permissions).toHaveLength(2));
    expect(permissions.map((p) => (p & PermissionFlagsBits.ManageGuild) !== 0n)).toEqual([true, false]);
  });

  it('delivers a DM slash command with a user and no member', async () => {
    const client = await env.login();
    const received = new Promise<ChatInputCommandInteraction>((resolve) => onCommand(client, async (i) => resolve(i)));

    env.fake.slashCommand({ name: 'ask', guild: false, user: { username: 'dana' } });

    const interaction = await received;
    expect(interaction.inGuild()).toBe(false);
    expect(interaction.member).toBeNull();
    expect(interaction.user.username).toBe('dana');
  });

  it('answers an unknown route with a Discord-shaped 404 and notes it in problems', async () => {
    const client = await env.login();

    await expect(client.rest.get('/guilds/1/nothing-here')).rejects.toMatchObject({ status: 404, code: 0 });

    expect(env.fake.problems).toEqual(['REST GET /guilds/1/nothing-here: no such route in the fake']);
    env.fake.problems.length = 0;
  });
});

describe('FakeDiscord options', () => {
  it('acknowledges heartbeats, so the client measures a ping and keeps its one connection', async () => {
    const fake = new FakeDiscord({ heartbeatIntervalMs: 250 });
    await fake.start();
    const client = new Client({ intents: BOT_INTENTS, rest: { api: fake.apiBase } });
    try {
      await client.login('fake-bot-token');
      await vi.waitFor(() => expect(client.ws.ping).toBeGreaterThanOrEqual(0), { timeout: 2000 });
      await sleep(600);
      expect(fake.connections).toHaveLength(1);
      expect(fake.connections[0]?.closeCode).toBeUndefined();
    } finally {
      await client.destroy();
      await fake.close();
    }
  });

  it('with ackDeadlineMs, answers a callback that comes too late with 10062 Unknown interaction', async () => {
    const fake = new FakeDiscord({ ackDeadlineMs: 50 });
    await fake.start();
    const client = new Client({ intents: BOT_INTENTS, rest: { api: fake.apiBase } });
    try {
      await client.login('fake-bot-token');
      const outcome = new Promise<unknown>((resolve) =>
        onCommand(client, async (i) => {
          await sleep(150);
          resolve(await i.deferReply().catch((error: unknown) => error));
        }),
      );
      fake.slashCommand({ name: 'ask' });
      expect(await outcome).toMatchObject({ code: 10062, status: 404 });
    } finally {
      await client.destroy();
      await fake.close();
    }
  });

  it('with a token set, a client using another token fails login with TokenInvalid', async () => {
    const fake = new FakeDiscord({ token: 'the-right-token' });
    await fake.start();
    const client = new Client({ intents: BOT_INTENTS, rest: { api: fake.apiBase } });
    try {
      await expect(client.login('a-wrong-token')).rejects.toMatchObject({ code: DiscordjsErrorCodes.TokenInvalid });
      expect(fake.requests[0]).toMatchObject({ path: '/gateway/bot', status: 401 });
    } finally {
      await client.destroy();
      await fake.close();
    }
  });
});
