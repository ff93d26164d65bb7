import { connect } from 'node:net';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  Client,
  DiscordAPIError,
  GatewayIntentBits,
  type ChatInputCommandInteraction,
  type Message,
} from 'discord.js';
import { Routes } from 'discord-api-types/v10';
import { describe, expect, it, vi } from 'vitest';
import { FakeDiscord } from './fake-discord.ts';
import { loginClient, useFakeDiscord } from './test-support.ts';

/** Resolves with the next chat-input interaction the client receives. */
function nextCommand(client: Client): Promise<ChatInputCommandInteraction> {
  return new Promise((resolve) => {
    const listener = (interaction: unknown) => {
      const i = interaction as ChatInputCommandInteraction;
      if (!i.isChatInputCommand()) return;
      client.off('interactionCreate', listener);
      resolve(i);
    };
    client.on('interactionCreate', listener);
  });
}

describe('FakeDiscord with the real discord.js client', () => {
  const env = useFakeDiscord();

  it('logs a client in: ready with the guild, its channels and roles cached, and IDENTIFY carried the token and intents', async () => {
    const client = await env.login({}, 'secret-bot-token');
    const { fake } = env;

    expect(client.application.id).toBe(fake.applicationId);
    const guild = client.guilds.cache.get(fake.guildId);
    expect(guild?.channels.cache.get(fake.channel('ask'))?.name).toBe('ask');
    expect(guild?.roles.cache.get(fake.role('moderator'))?.name).toBe('moderator');
    expect(guild?.members.me?.id).toBe(client.user.id);
    expect(fake.identifies).toEqual([
      expect.objectContaining({
        token: 'secret-bot-token',
        intents: GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.MessageContent,
      }),
    ]);
  });

  it('serves one session per IDENTIFY, so two shards of a bot both get ready on one fake', async () => {
    const shards = await Promise.all([0, 1].map((shard) => env.login({ shards: shard, shardCount: 2 })));

    expect(env.fake.identifies.map((i) => i.shard)).toEqual(expect.arrayContaining([[0, 2], [1, 2]]));
    // The server is on one shard only: (guild_id >> 22) % 2.
    const shard = Number((BigInt(env.fake.guildId) >> 22n) % 2n);
    expect(shards.map((client) => client.guilds.cache.has(env.fake.guildId))).toEqual([shard === 0, shard === 1]);
  });

  it('delivers a slash command to interactionCreate and records deferReply then editReply, which waitForResponse sees', async () => {
    const client = await env.login();
    const { fake } = env;
    client.on('interactionCreate', async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.deferReply();
      const question = interaction.options.getString('question', true);
      await interaction.editReply({ content: `You asked: ${question}`, embeds: [{ title: 'Source', description: 'An excerpt' }], allowedMentions: { parse: [] } });
    });

    const handle = fake.slashCommand({ name: 'ask', options: { question: 'when?' }, channelId: fake.channel('ask'), user: { username: 'alice' } });
    const reply = await handle.waitForResponse((m) => m.content.startsWith('You asked'));

    expect(reply.content).toBe('You asked: when?');
    expect(reply.embeds[0]?.title).toBe('Source');
    expect((await handle.callback()).body).toEqual({ type: 5, data: { flags: 0 } });
    expect(handle.edits()).toEqual([expect.objectContaining({ status: 200, allowedMentions: { parse: [] } })]);
  });

  it('rejects the second of two concurrent replies to one interaction with DiscordAPIError 40060, like Discord', async () => {
    const client = await env.login();
    const received = nextCommand(client);
    const handle = env.fake.slashCommand({ name: 'ask' });
    const interaction = await received;

    const results = await Promise.allSettled([interaction.reply('first'), interaction.reply('second')]);

    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')?.reason;
    expect(failure).toBeInstanceOf(DiscordAPIError);
    expect(failure).toMatchObject({ code: 40060, status: 400 });
    expect((await handle.waitForResponse()).content).toBe('first');
  });

  it('answers an edit of @original before any callback with 404 10015 Unknown Webhook', async () => {
    const client = await env.login();
    const received = nextCommand(client);
    env.fake.slashCommand({ name: 'ask' });
    const interaction = await received;

    const edit = client.rest.patch(Routes.webhookMessage(interaction.applicationId, interaction.token, '@original'), { body: { content: 'too early' }, auth: false });

    await expect(edit).rejects.toMatchObject({ code: 10015, status: 404 });
  });

  it('rejects a 2001-character reply with 50035 Invalid Form Body on data.content and leaves the interaction unacknowledged', async () => {
    const client = await env.login();
    const received = nextCommand(client);
    const handle = env.fake.slashCommand({ name: 'ask' });
    const interaction = await received;

    const tooLong = interaction.reply({ content: 'x'.repeat(2001) });

    await expect(tooLong).rejects.toMatchObject({ code: 50035, status: 400 });
    await expect(tooLong).rejects.toThrow(/data\.content\[BASE_TYPE_MAX_LENGTH\]: Must be 2000 or fewer in length/);
    await interaction.reply({ content: 'x'.repeat(2000) });
    expect((await handle.waitForResponse()).content).toHaveLength(2000);
  });

  it('delivers a user message to messageCreate with its content, records message.reply and channel.send, and echoes them back', async () => {
    const client = await env.login();
    const { fake } = env;
    const seen: Message[] = [];
    client.on('messageCreate', async (message) => {
      seen.push(message);
      if (message.author.bot || message.content !== '!ping') return;
      await message.reply({ content: 'pong', allowedMentions: { repliedUser: false } });
      if (message.channel.isSendable()) await message.channel.send('done');
    });
    const ask = fake.channel('ask');

    const id = fake.postMessage({ content: '!ping', channelId: ask, author: { username: 'alice' } });
    await fake.waitFor((r) => r.path === `/channels/${ask}/messages` && r.body?.content === 'done');

    expect(seen[0]).toMatchObject({ id, content: '!ping', channelId: ask });
    expect(seen[0]?.author.username).toBe('alice');
    const sent = fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${ask}/messages`);
    expect(sent.map((r) => [r.status, r.body.content])).toEqual([[200, 'pong'], [200, 'done']]);
    expect(sent[0]?.body.message_reference).toMatchObject({ message_id: id });
    expect(sent[0]?.allowedMentions).toEqual({ replied_user: false });
    // Like Discord, the bot's own messages come back over the gateway.
    await vi.waitFor(() => expect(seen.filter((m) => m.author.id === client.user.id).map((m) => m.content)).toEqual(['pong', 'done']));
  });

  it('delivers a button click to the client and records update(), which changes the clicked message', async () => {
    const client = await env.login();
    const { fake } = env;
    client.on('interactionCreate', async (interaction) => {
      if (interaction.isChatInputCommand()) {
        const button = new ButtonBuilder().setCustomId('more').setLabel('More').setStyle(ButtonStyle.Primary);
        await interaction.reply({ content: 'Pick one', components: [new ActionRowBuilder<ButtonBuilder>().addComponents(button)] });
      } else if (interaction.isButton()) {
        await interaction.update({ content: `${interaction.user.username} clicked ${interaction.customId}`, components: [] });
      }
    });
    const reply = await fake.slashCommand({ name: 'ask' }).waitForResponse();

    const click = fake.clickButton({ customId: 'more', message: reply, user: { username: 'bob' } });

    expect(await click.callback()).toMatchObject({ status: 204, body: { type: 7, data: { content: 'bob clicked more' } } });
    expect(fake.message(reply.id)?.content).toBe('bob clicked more');
    expect(() => fake.clickButton({ customId: 'more', message: reply })).toThrow(/has no button "more"/);
  });

  it('refuses the MessageContent intent when asked to: login rejects with "Used disallowed intents" after a 4014 close', async () => {
    const fake = new FakeDiscord({ refuseMessageContentIntent: true });
    await fake.start();
    try {
      await expect(loginClient(fake)).rejects.toThrow('Used disallowed intents');
      // Without the privileged intent the same bot logs in.
      await (await loginClient(fake, { intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages] })).destroy();
    } finally {
      await fake.close();
    }
  });

  it('closes promptly after client.destroy(), leaving the port closed and no sockets behind', async () => {
    const fake = new FakeDiscord();
    const tcpHandles = () => process.getActiveResourcesInfo().filter((r) => r.startsWith('TCP')).length;
    const before = tcpHandles();
    await fake.start();
    const port = Number(new URL(fake.apiBase).port);
    const client = await loginClient(fake);

    await client.destroy();
    await fake.close();

    // Sockets of earlier tests may still be closing when `before` is counted, hence at most.
    await vi.waitFor(() => expect(tcpHandles()).toBeLessThanOrEqual(before), { timeout: 1000 });
    const refused = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.on('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
  });
});
