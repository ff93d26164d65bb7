import { setTimeout as sleep } from 'node:timers/promises';
import {
  ActionRowBuilder,
  ApplicationCommandType,
  ButtonBuilder,
  ButtonStyle,
  ContextMenuCommandBuilder,
  DiscordjsErrorCodes,
  GatewayIntentBits,
  LabelBuilder,
  MessageFlags,
  ModalBuilder,
  PermissionFlagsBits,
  SlashCommandBuilder,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
  type APIModalInteractionResponseCallbackData,
  type ChatInputCommandInteraction,
  type Client,
  type Message,
} from 'discord.js';
import { describe, expect, it, vi } from 'vitest';
import { FakeDiscord } from './fake-discord.ts';
import { loginClient, useFakeDiscord } from './test-support.ts';

/** Runs `handler` for every chat-input command the client receives. */
function onCommand(client: Client, handler: (i: ChatInputCommandInteraction) => Promise<unknown>): void {
  client.on('interactionCreate', (interaction) => {
    if (interaction.isChatInputCommand()) void handler(interaction).catch(() => undefined);
  });
}

/** Starts a fake with `options`, logs a client in, runs `test`, and cleans both up. */
async function withFake(options: ConstructorParameters<typeof FakeDiscord>[0], test: (fake: FakeDiscord) => Promise<void>): Promise<void> {
  const fake = new FakeDiscord(options);
  await fake.start();
  try {
    await test(fake);
  } finally {
    await fake.close();
  }
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
    const channel = client.channels.cache.get(env.fake.channel('read-only'));

    const send = channel?.isSendable() ? channel.send('hello') : Promise.reject(new Error('not sendable'));

    await expect(send).rejects.toMatchObject({ code: 50013, status: 403 });
  });

  it('stores commands from a deploy script and types later slash command options from them', async () => {
    const client = await env.login();
    const { fake } = env;
    const ask = new SlashCommandBuilder()
      .setName('ask')
      .setDescription('Ask the articles')
      .addStringOption((o) => o.setName('question').setDescription('Your question').setRequired(true))
      .addNumberOption((o) => o.setName('limit').setDescription('How many sources'));

    const registered = await client.application.commands.set([ask.toJSON()], fake.guildId);

    expect(registered.first()?.id).toBe(fake.commands(fake.guildId)[0]?.id);
    const options = new Promise<unknown>((resolve) => onCommand(client, async (i) => resolve(i.options.getNumber('limit'))));
    fake.slashCommand({ name: 'ask', options: { question: 'why?', limit: 3 } });
    expect(await options).toBe(3);
    expect(() => fake.slashCommand({ name: 'ask', options: { question: 'why?', colour: 'red' } })).toThrow(/no option "colour"/);
    expect(() => fake.slashCommand({ name: 'ask', options: {} })).toThrow(/requires option "question"/);
  });

  it('rejects a command whose name is not lower case, or a required option after an optional one, with 50035', async () => {
    const client = await env.login();
    const optional = { name: 'page', description: 'Page', type: 4 };
    const required = { name: 'question', description: 'Question', type: 3, required: true };

    const deploy = client.application.commands.set([
      { name: 'Ask', description: 'Ask the articles' },
      { name: 'sources', description: 'List sources', options: [optional, required] },
    ], env.fake.guildId);

    await expect(deploy).rejects.toMatchObject({ code: 50035 });
    await expect(deploy).rejects.toThrow(/0\.name\[APPLICATION_COMMAND_INVALID_NAME\]/);
    await expect(deploy).rejects.toThrow(/1\.options\[1\]\[APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID\]/);
  });

  it('pings only what allowed_mentions allows: parse [] pings nobody, the default pings everyone named', async () => {
    const client = await env.login();
    const { fake } = env;
    const alice = fake.user({ username: 'alice' });
    const channel = client.channels.cache.get(fake.channel('general'));
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

  it('starts a public thread from a message: type 11 with parent_id and the message\'s id, THREAD_CREATE, and messages in it carry the thread\'s channel_id', async () => {
    const client = await env.login();
    const { fake } = env;
    const created: string[] = [];
    client.on('threadCreate', (thread) => void created.push(thread.id));
    const seen: Message[] = [];
    client.on('messageCreate', (message) => void seen.push(message));
    const questionId = fake.postMessage({ content: 'When did the soldier die?', channelId: fake.channel('ask') });
    await vi.waitFor(() => expect(seen.map((m) => m.id)).toContain(questionId));

    const thread = await seen.find((m) => m.id === questionId)!.startThread({ name: 'When did the soldier die?' });
    await thread.send({ content: 'An answer', allowedMentions: { parse: [] } });
    fake.postMessage({ content: 'and where?', channelId: thread.id });

    expect(thread.id).toBe(questionId);
    expect(fake.thread(thread.id)).toMatchObject({ type: 11, parent_id: fake.channel('ask'), owner_id: client.user.id, name: 'When did the soldier die?' });
    await vi.waitFor(() => expect(created).toEqual([questionId]));
    await vi.waitFor(() => expect(seen.filter((m) => m.channelId === thread.id).map((m) => m.content)).toEqual(['An answer', 'and where?']));
    expect(seen.find((m) => m.content === 'and where?')?.channel.isThread()).toBe(true);
    // A second thread from the same message: 160004.
    await expect(client.rest.post(`/channels/${fake.channel('ask')}/messages/${questionId}/threads`, { body: { name: 'again' } })).rejects.toMatchObject({ code: 160004 });
  });

  it('refuses a thread name over 100 characters with 50035, and one without CreatePublicThreads with 50013', async () => {
    const client = await env.login();
    const { fake } = env;
    const general = fake.postMessage({ content: 'question', channelId: fake.channel('general') });
    const noThreads = fake.postMessage({ content: 'question', channelId: fake.channel('no-threads') });

    const long = client.rest.post(`/channels/${fake.channel('general')}/messages/${general}/threads`, { body: { name: 'x'.repeat(101) } });
    const denied = client.rest.post(`/channels/${fake.channel('no-threads')}/messages/${noThreads}/threads`, { body: { name: 'question' } });

    await expect(long).rejects.toMatchObject({ code: 50035, status: 400 });
    await expect(long).rejects.toThrow(/name\[BASE_TYPE_BAD_LENGTH\]/);
    await expect(denied).rejects.toMatchObject({ code: 50013, status: 403 });
    expect(fake.thread(noThreads)).toBeUndefined();
    expect(await client.rest.post(`/channels/${fake.channel('general')}/messages/${general}/threads`, { body: { name: 'x'.repeat(100) } })).toMatchObject({ name: 'x'.repeat(100) });
  });

  it('refuses a message in a thread of a channel that denies SendMessagesInThreads with 50013', async () => {
    const client = await env.login();
    const { fake } = env;
    // The server owner may start threads anywhere; members in no-threads may not.
    const owner = fake.user({ username: 'owner' });
    const starter = fake.postMessage({ content: 'a topic', channelId: fake.channel('no-threads'), author: owner });
    expect(() => fake.startThread({ messageId: starter, name: 'x', author: { username: 'reader' } })).toThrow(/CreatePublicThreads/);
    const threadId = fake.startThread({ messageId: starter, name: 'A topic', author: owner });

    const denied = client.rest.post(`/channels/${threadId}/messages`, { body: { content: 'in the thread' } });
    const plain = client.rest.post(`/channels/${fake.channel('no-threads')}/messages`, { body: { content: 'in the channel' } });

    await expect(denied).rejects.toMatchObject({ code: 50013, status: 403 });
    await expect(plain).resolves.toMatchObject({ content: 'in the channel' });
    expect(fake.thread(threadId)).toMatchObject({ owner_id: owner.id, parent_id: fake.channel('no-threads') });
  });

  it('serves a member\'s forum post: THREAD_CREATE, then the first message (with the thread\'s id) in the thread; a forum takes no plain messages (50024)', async () => {
    const client = await env.login();
    const { fake } = env;
    const seen: Message[] = [];
    client.on('messageCreate', (message) => void seen.push(message));

    const post = fake.forumPost({ title: 'Where was he captured?', content: 'The reports differ; which region?', author: { username: 'reader' } });

    await vi.waitFor(() => expect(seen).toHaveLength(1));
    expect(post.messageId).toBe(post.threadId);
    const message = seen[0]!;
    expect(message.channelId).toBe(post.threadId);
    expect(message.channel.isThread() && message.channel.parentId).toBe(fake.channel('ask-forum'));
    expect(message.channel.isThread() && message.channel.name).toBe('Where was he captured?');
    expect(message.channel.type).toBe(11);
    await expect(client.rest.post(`/channels/${fake.channel('ask-forum')}/messages`, { body: { content: 'hi' } })).rejects.toMatchObject({ code: 50024 });
    // The bot can post in a forum too (POST /channels/:forum/threads), which needs SendMessages there.
    const own = (await client.rest.post(`/channels/${fake.channel('ask-forum')}/threads`, { body: { name: 'Bot post', message: { content: 'hello' } } })) as { id: string; message: { id: string } };
    expect(own.message.id).toBe(own.id);
  });

  it('lets the bot delete its own message, with MESSAGE_DELETE, and refuses a member\'s without ManageMessages (50013)', async () => {
    const client = await env.login();
    const { fake } = env;
    const channel = client.channels.cache.get(fake.channel('general'));
    if (!channel?.isSendable()) throw new Error('general is not sendable');
    const deleted: string[] = [];
    client.on('messageDelete', (message) => void deleted.push(message.id));
    const own = await channel.send({ content: 'wait 8 s', allowedMentions: { parse: [] } });
    const members = fake.postMessage({ content: 'mine', channelId: fake.channel('general') });

    await own.delete();
    const other = client.rest.delete(`/channels/${fake.channel('general')}/messages/${members}`);

    expect(fake.message(own.id)).toBeUndefined();
    await vi.waitFor(() => expect(deleted).toEqual([own.id]));
    await expect(other).rejects.toMatchObject({ code: 50013 });
  });

  it('answers an unknown route with a Discord-shaped 404 and notes it in problems', async () => {
    const client = await env.login();

    await expect(client.rest.get('/guilds/1/nothing-here')).rejects.toMatchObject({ status: 404, code: 0 });

    expect(env.fake.problems).toEqual(['REST GET /guilds/1/nothing-here: no such route in the fake']);
    env.fake.problems.length = 0;
  });

  it('fails the next matching request as scripted, and serves the retry discord.js makes after a 5xx', async () => {
    const client = await env.login();
    const { fake } = env;
    fake.failNext({ path: /\/typing$/, status: 503 });
    const channel = client.channels.cache.get(fake.channel('general'));

    if (channel?.isSendable()) await channel.sendTyping();

    expect(fake.requests.filter((r) => r.path.endsWith('/typing')).map((r) => r.status)).toEqual([503, 204]);
  });
});

describe('FakeDiscord options', () => {
  it('acknowledges heartbeats, so the client measures a ping and keeps its one session', async () => {
    await withFake({ heartbeatIntervalMs: 250 }, async (fake) => {
      const client = await loginClient(fake);
      try {
        await vi.waitFor(() => expect(client.ws.ping).toBeGreaterThanOrEqual(0), { timeout: 2000 });
        await sleep(600);
        expect(fake.identifies).toHaveLength(1);
      } finally {
        await client.destroy();
      }
    });
  });

  it('with ackDeadlineMs, answers a callback that comes too late with 10062 Unknown interaction', async () => {
    await withFake({ ackDeadlineMs: 50 }, async (fake) => {
      const client = await loginClient(fake);
      try {
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
      }
    });
  });

  it('with a token set, a client using another token fails login with TokenInvalid', async () => {
    await withFake({ token: 'the-right-token' }, async (fake) => {
      await expect(loginClient(fake, {}, 'a-wrong-token')).rejects.toMatchObject({ code: DiscordjsErrorCodes.TokenInvalid });
      expect(fake.requests[0]).toMatchObject({ path: '/gateway/bot', status: 401 });
    });
  });
});

describe('FakeDiscord serves subcommands, attachments and autocomplete like Discord', () => {
  const env = useFakeDiscord();
  const article = new SlashCommandBuilder()
    .setName('article')
    .setDescription('Manage articles')
    .addSubcommand((s) => s.setName('add').setDescription('Add').addAttachmentOption((o) => o.setName('file').setDescription('File')))
    .addSubcommand((s) =>
      s.setName('remove').setDescription('Remove').addStringOption((o) => o.setName('article').setDescription('Which').setRequired(true).setAutocomplete(true)),
    );

  it('sends an attachment option with its resolved attachment, whose URL the CDN route serves, and 404s unknown files', async () => {
    const client = await env.login();
    await client.application.commands.set([article.toJSON()], env.fake.guildId);
    const got = new Promise<{ sub: string; url: string; size: number; type: string | null }>((resolve) =>
      onCommand(client, async (i) => {
        const file = i.options.getAttachment('file', true);
        resolve({ sub: i.options.getSubcommand(), url: file.url, size: file.size, type: file.contentType });
      }),
    );
    env.fake.slashCommand({ name: 'article', subcommand: 'add', attachments: { file: { filename: 'notes.md', content: '# Notes\n' } } });
    const { sub, url, size, type } = await got;
    expect({ sub, size, type }).toEqual({ sub: 'add', size: 8, type: 'text/markdown; charset=utf-8' });
    expect(url.startsWith(`${env.fake.cdnBase}/attachments/`)).toBe(true);
    expect(await (await fetch(url)).text()).toBe('# Notes\n');
    expect((await fetch(`${env.fake.cdnBase}/attachments/1/2/x.md`)).status).toBe(404);
    expect(() => env.fake.slashCommand({ name: 'article', subcommand: 'rename' })).toThrow(/no subcommand "rename"/);
  });

  it('sends autocomplete with the focused option and accepts at most 25 choices of 1-100 characters (50035 otherwise)', async () => {
    const client = await env.login();
    await client.application.commands.set([article.toJSON()], env.fake.guildId);
    const results: unknown[] = [];
    client.on('interactionCreate', (interaction) => {
      if (!interaction.isAutocomplete()) return;
      const typed = interaction.options.getFocused();
      const choices = typed === 'many' ? Array.from({ length: 26 }, (_, i) => ({ name: `n${i}`, value: `v${i}` })) : [{ name: `You typed ${typed}`, value: typed || 'none' }];
      void interaction.respond(choices).then(
        () => results.push('ok'),
        (error: unknown) => results.push(error),
      );
    });
    const typed = env.fake.autocomplete({ name: 'article', subcommand: 'remove', focused: 'article', options: { article: 'harb' } });
    expect(await typed.choices()).toEqual([{ name: 'You typed harb', value: 'harb' }]);
    env.fake.autocomplete({ name: 'article', subcommand: 'remove', focused: 'article', options: { article: 'many' } });
    await vi.waitFor(() => expect(results).toHaveLength(2));
    expect(results[1]).toMatchObject({ code: 50035 });
  });

  it('lists the registered guild commands (what a bot compares with its own at start-up)', async () => {
    const client = await env.login();
    await client.application.commands.set([article.toJSON()], env.fake.guildId);
    const listed = await client.application.commands.fetch({ guildId: env.fake.guildId });
    expect([...listed.values()].map((c) => c.name)).toEqual(['article']);
    expect((await client.application.commands.fetch()).size).toBe(0);
  });
});

describe('FakeDiscord with a second server and global commands', () => {
  const env = useFakeDiscord({ secondGuild: true });

  it('sends GUILD_CREATE for both servers, stores global commands, and dispatches commands from the second server with its id', async () => {
    const client = await env.login();
    const { fake } = env;
    expect([...client.guilds.cache.keys()].sort()).toEqual([fake.guildId, fake.otherGuildId].sort());
    expect(client.guilds.cache.get(fake.otherGuildId)?.channels.cache.map((c) => c.name)).toEqual(['other-general']);

    await client.application.commands.set([new SlashCommandBuilder().setName('ping').setDescription('Ping').toJSON()]);
    expect(fake.globalCommands().map((c) => c.name)).toEqual(['ping']);
    expect((await client.application.commands.fetch()).map((c) => c.name)).toEqual(['ping']);

    const seen = new Promise<string | null>((resolve) => onCommand(client, async (i) => resolve(i.guildId)));
    fake.slashCommand({ name: 'ping', channelId: fake.channel('other-general'), permissions: PermissionFlagsBits.ManageGuild });
    expect(await seen).toBe(fake.otherGuildId);
  });

  it("routes each server's events to its own shard ((guild_id >> 22) % shards), as Discord does for a sharded bot", async () => {
    const { fake } = env;
    const shards = await Promise.all([0, 1].map((shard) => env.login({ shards: shard, shardCount: 2 })));
    const shardOf = (guildId: string) => Number((BigInt(guildId) >> 22n) % 2n);
    // The fake puts its two servers on different shards of two.
    expect(shardOf(fake.guildId)).not.toBe(shardOf(fake.otherGuildId));
    for (const guildId of [fake.guildId, fake.otherGuildId]) {
      expect(shards.map((client) => client.guilds.cache.has(guildId))).toEqual([0, 1].map((shard) => shard === shardOf(guildId)));
    }

    const seen: [number, string | null][] = [];
    shards.forEach((client, shard) => onCommand(client, async (i) => seen.push([shard, i.guildId])));
    fake.slashCommand({ name: 'ping', channelId: fake.channel('general') });
    fake.slashCommand({ name: 'ping', channelId: fake.channel('other-general'), permissions: PermissionFlagsBits.ManageGuild });
    await vi.waitFor(() => expect(seen).toHaveLength(2));
    await sleep(200); // a copy wrongly sent to the other shard too would have arrived by now
    expect(seen.sort()).toEqual(
      [
        [shardOf(fake.guildId), fake.guildId],
        [shardOf(fake.otherGuildId), fake.otherGuildId],
      ].sort(),
    );
  });
});

describe('FakeDiscord serves forms (modals) and message context-menu commands like Discord', () => {
  const env = useFakeDiscord();

  /** A form with a required string select (in a label) and an optional comment, as the feedback 👎 shows. */
  const form = () =>
    new ModalBuilder()
      .setCustomId('form:1')
      .setTitle('What was wrong?')
      .addLabelComponents(
        new LabelBuilder().setLabel('Reason').setStringSelectMenuComponent(
          new StringSelectMenuBuilder().setCustomId('reason').addOptions({ label: 'Wrong passage', value: 'wrong' }, { label: 'Other', value: 'other' }),
        ),
        new LabelBuilder().setLabel('Comment').setTextInputComponent(
          new TextInputBuilder().setCustomId('comment').setStyle(TextInputStyle.Paragraph).setRequired(false).setMaxLength(20),
        ),
      );

  /** Logs in, posts a message with one button, and shows `modal` (or the error) when it is clicked. */
  async function clickShowing(modal: ModalBuilder | APIModalInteractionResponseCallbackData) {
    const client = await env.login();
    const channel = client.channels.cache.get(env.fake.channel('general'));
    if (!channel?.isSendable()) throw new Error('general is not sendable');
    const sent = await channel.send({
      content: 'answer',
      components: [new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId('open').setLabel('Open').setStyle(ButtonStyle.Secondary))],
    });
    const shown = new Promise<unknown>((resolve) =>
      client.on('interactionCreate', (i) => {
        if (i.isButton()) void i.showModal(modal).then(() => 'shown', (error: unknown) => error).then(resolve);
      }),
    );
    const click = env.fake.clickButton({ customId: 'open', message: env.fake.message(sent.id)! });
    return { client, click, shown: await shown };
  }

  it('accepts a form (callback type 9) in answer to a button, and dispatches MODAL_SUBMIT with the values a user chose', async () => {
    const { client, click, shown } = await clickShowing(form());
    expect(shown).toBe('shown');
    expect((await click.callback()).body).toMatchObject({ type: 9, data: { custom_id: 'form:1', title: 'What was wrong?' } });
    expect((await click.modal()).components).toHaveLength(2);

    const submitted = new Promise<{ reason: readonly string[]; comment: string; user: string; message: string | undefined }>((resolve) =>
      client.on('interactionCreate', (i) => {
        if (i.isModalSubmit()) {
          resolve({ reason: i.fields.getStringSelectValues('reason'), comment: i.fields.getTextInputValue('comment'), user: i.user.id, message: i.message?.id });
          void i.reply({ content: 'thanks', flags: MessageFlags.Ephemeral });
        }
      }),
    );
    const submit = env.fake.submitModal(click, { reason: ['wrong'], comment: 'the date' });
    expect(await submitted).toEqual({ reason: ['wrong'], comment: 'the date', user: click.payload.member!.user.id, message: click.payload.message!.id });
    expect((await submit.waitForResponse()).content).toBe('thanks');
  });

  it('refuses a form whose title is over 45 characters with 50035, and then there is no form to submit', async () => {
    // discord.js's builder refuses such a title; raw JSON reaches Discord.
    const long = await clickShowing({ ...form().toJSON(), title: 'x'.repeat(46) });
    expect(long.shown).toMatchObject({ code: 50035, status: 400 });
    expect(String(long.shown)).toMatch(/data\.title\[BASE_TYPE_BAD_LENGTH\]/);
    expect(() => env.fake.submitModal(long.click, { reason: ['wrong'] })).toThrow(/was not answered with a form/);
  });

  it('checks submitted values against the form: options, required fields and lengths', async () => {
    const { click } = await clickShowing(form());
    await click.modal();
    expect(() => env.fake.submitModal(click, { reason: ['made-up'] })).toThrow(/"made-up" is not an option of "reason"/);
    expect(() => env.fake.submitModal(click, { comment: 'hi' })).toThrow(/"reason" takes 1-1 choices/);
    expect(() => env.fake.submitModal(click, { reason: ['wrong'], comment: 'x'.repeat(21) })).toThrow(/"comment" takes 0-20 characters/);
    expect(() => env.fake.submitModal(click, { reason: ['wrong'], colour: 'red' })).toThrow(/no field "colour"/);
  });

  it('registers a message context-menu command (type 3, no description) and dispatches it with the message resolved', async () => {
    const client = await env.login();
    const { fake } = env;
    const menu = new ContextMenuCommandBuilder().setName('Ask about this message').setType(ApplicationCommandType.Message);
    await client.application.commands.set([menu.toJSON()], fake.guildId);
    expect(fake.commands(fake.guildId)).toMatchObject([{ name: 'Ask about this message', type: 3, description: '' }]);

    const target = fake.message(fake.postMessage({ content: 'When did the soldier die?' }))!;
    const seen = new Promise<{ content: string; target: string }>((resolve) =>
      client.on('interactionCreate', (i) => {
        if (i.isMessageContextMenuCommand()) resolve({ content: i.targetMessage.content, target: i.targetId });
      }),
    );
    fake.messageCommand({ name: 'Ask about this message', message: target });
    expect(await seen).toEqual({ content: 'When did the soldier die?', target: target.id });
    expect(() => fake.messageCommand({ name: 'Ask about that', message: target })).toThrow(/no message command "Ask about that"/);
  });

  it('refuses a context-menu command with a description with 50035', async () => {
    const client = await env.login();
    const deploy = client.application.commands.set([{ name: 'Ask about this message', type: 3, description: 'Asks' } as never], env.fake.guildId);
    await expect(deploy).rejects.toThrow(/0\.description\[APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION\]/);
  });
});
