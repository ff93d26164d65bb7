import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import {
  GatewayDispatchEvents,
  GatewayIntentBits,
  type APIApplicationCommand,
  type APIInteraction,
  type APIMessage,
  type APIThreadChannel,
  type APIUser,
  type GatewayIdentifyData,
  type InteractionType,
} from 'discord-api-types/v10';
import { commandRoutes } from './commands.ts';
import { liveMessage, type FakeState } from './fake-state.ts';
import { FakeGateway } from './gateway.ts';
import { createInteractionHandle, type InteractionHandle } from './interaction-handle.ts';
import {
  autocompleteInteraction,
  buttonInteraction,
  messageCommandInteraction,
  modalSubmitInteraction,
  chatInputInteraction,
  type AutocompleteInput,
  type ButtonClickInput,
  type MessageCommandInput,
  type SlashCommandInput,
  type StoredAttachment,
} from './interaction-payloads.ts';
import { interactionRoutes } from './interactions.ts';
import { messageRoutes, postMessage } from './messages.ts';
import { modalSubmitData, type ModalValues } from './modals.ts';
import { createForumPost, memberStartsThread, threadRoutes } from './threads.ts';
import { RequestLog, type RecordedRequest } from './request-log.ts';
import { ok, RestServer, route, type FaultRule } from './rest-server.ts';
import { FakeWorld } from './world.ts';

/** How the fake Discord behaves. */
export interface FakeDiscordOptions {
  /** Close the gateway with 4014 (Disallowed intent(s)) when IDENTIFY asks for MessageContent. */
  refuseMessageContentIntent?: boolean;
  /** When set, only this bot token is accepted (REST 401, gateway 4004 otherwise). Default: any token. */
  token?: string;
  /** HELLO's heartbeat interval in ms (default 5000; Discord uses ~41250). */
  heartbeatIntervalMs?: number;
  /** Answer callbacks arriving later than this after dispatch with 10062 Unknown interaction (Discord: 3000). Off by default. */
  ackDeadlineMs?: number;
  /** Default timeout of the `wait*` helpers in ms (default 5000). */
  timeoutMs?: number;
  /** Put the bot in a second server too (`otherGuildId`, with one channel: `other-general`). */
  secondGuild?: boolean;
}

/** A message from a user, another bot, or a webhook, for {@link FakeDiscord.postMessage}. */
export interface PostMessageInput {
  content: string;
  /** Channel id; default `general`. */
  channelId?: string;
  author?: Partial<APIUser> & { bot?: boolean };
  /** Sent by this webhook (the author becomes the webhook's bot user). */
  webhookId?: string;
  /** Prefix the content with `<@botId>` so the bot is mentioned. */
  mentionsBot?: boolean;
}

/**
 * A local fake of Discord's REST API and gateway for end-to-end tests with
 * the real discord.js client: point the client at {@link FakeDiscord.apiBase}
 * (`new Client({ intents, rest: { api: fake.apiBase } })`), log in, then drive
 * it with slash commands, button clicks and messages and assert on the
 * recorded requests.
 */
export class FakeDiscord {
  /** Everything the bot asked over REST, in arrival order. */
  readonly requests: RecordedRequest[];
  /** Things real Discord would not have served the same way (unknown routes, unsupported gateway use, fake crashes). */
  readonly problems: string[] = [];
  readonly #log = new RequestLog();
  readonly #state: FakeState;
  readonly #rest: RestServer;
  readonly #server: Server;
  readonly #timeoutMs: number;
  #port = 0;
  #closing: Promise<void> | undefined;

  constructor(options: FakeDiscordOptions = {}) {
    const problem = (message: string) => void this.problems.push(message);
    const world = new FakeWorld({ secondGuild: options.secondGuild });
    const gateway = new FakeGateway(
      world,
      {
        heartbeatIntervalMs: options.heartbeatIntervalMs ?? 5000,
        refusedIntents: options.refuseMessageContentIntent ? GatewayIntentBits.MessageContent : 0,
        ...(options.token ? { token: options.token } : {}),
      },
      problem,
    );
    this.#state = { world, gateway, messages: new Map(), interactions: new Map(), commands: [], globalCommands: [], ackDeadlineMs: options.ackDeadlineMs, attachments: new Map() };
    this.requests = this.#log.requests;
    this.#timeoutMs = options.timeoutMs ?? 5000;
    const routes = [
      route('GET', '/gateway/bot', () =>
        ok({ url: gateway.url, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 } }),
      ),
      ...interactionRoutes(this.#state),
      ...messageRoutes(this.#state),
      ...threadRoutes(this.#state),
      ...commandRoutes(this.#state),
    ];
    this.#rest = new RestServer(routes, this.#log, options.token, problem);
    this.#server = createServer((request, response) => {
      if (request.url?.startsWith('/attachments/')) this.#serveAttachment(request, response);
      else void this.#rest.handle(request, response);
    });
    this.#server.on('upgrade', (request, socket, head) => {
      if (request.url?.startsWith('/api')) socket.destroy();
      else gateway.handleUpgrade(request, socket, head);
    });
  }

  /** Starts listening on 127.0.0.1 on a free port. */
  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(0, '127.0.0.1', () => resolve());
    });
    this.#port = (this.#server.address() as AddressInfo).port;
    this.#state.gateway.setBaseUrl(`ws://127.0.0.1:${this.#port}`);
  }

  /** Closes sockets and the server and rejects pending waits. Destroy clients first, or they will try to reconnect. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#log.close();
      await this.#state.gateway.close();
      this.#server.closeAllConnections();
      await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    })();
    return this.#closing;
  }

  /** REST base for discord.js's `rest.api` option: `http://127.0.0.1:PORT/api`. */
  get apiBase(): string {
    if (!this.#port) throw new Error('FakeDiscord: call start() before reading apiBase');
    return `http://127.0.0.1:${this.#port}/api`;
  }

  /** The bot's application id (also the id in interaction webhook routes). */
  get applicationId(): string {
    return this.#state.world.applicationId;
  }

  /** The one guild, sent as GUILD_CREATE after READY. */
  get guildId(): string {
    return this.#state.world.guildId;
  }

  /** IDENTIFY payloads received (token, intents, shard...), one per session. */
  get identifies(): readonly GatewayIdentifyData[] {
    return this.#state.gateway.identifies;
  }

  /** A channel id by name: `general`, `ask`, `read-only` (the bot may not send there), `no-threads` (nobody may start or post in threads), the forum `ask-forum`. */
  channel(name: string): string {
    return this.#state.world.channelByName(name).id;
  }

  /** A role id by name: `everyone`, `member`, `moderator`, `bot`. */
  role(name: string): string {
    return this.#state.world.role(name).id;
  }

  /** A user as the fake knows it (same username, same id), registering it if new. */
  user(partial: Partial<APIUser> = {}): APIUser {
    return this.#state.world.user(partial);
  }

  /** The second server's id (with `secondGuild`). */
  get otherGuildId(): string {
    if (!this.#state.world.otherGuild) throw new Error('FakeDiscord: start it with { secondGuild: true } for a second server');
    return this.#state.world.otherGuild.id;
  }

  /** The commands the bot registered globally. */
  globalCommands(): APIApplicationCommand[] {
    return this.#state.globalCommands;
  }

  /** The commands the bot registered in `guildId` (the fake's one guild). */
  commands(guildId: string): APIApplicationCommand[] {
    return guildId === this.guildId ? this.#state.commands : [];
  }

  /**
   * Dispatches a chat-input command as if a user ran `/name options...`. When
   * the bot registered the command, option types come from it, and unknown or
   * missing required options throw.
   */
  slashCommand(input: SlashCommandInput): InteractionHandle {
    const command = this.#registered(input.name);
    const cdn = { base: this.cdnBase, store: (a: StoredAttachment) => void this.#state.attachments.set(a.id, a) };
    const { payload, user } = chatInputInteraction(this.#state.world, input, command, cdn);
    return this.#dispatchInteraction(payload, user);
  }

  /** Dispatches typing in an autocomplete option; `handle.choices()` gives what the bot offered. */
  autocomplete(input: AutocompleteInput): InteractionHandle {
    const command = this.#registered(input.name);
    const { payload, user } = autocompleteInteraction(this.#state.world, input, command);
    return this.#dispatchInteraction(payload, user);
  }

  /** Where attachments are served (`GET /attachments/:channelId/:id/:filename`, like cdn.discordapp.com): the server's origin. */
  get cdnBase(): string {
    return this.apiBase.slice(0, -'/api'.length);
  }

  /** Paths of the CDN downloads the bot made, in order. */
  readonly cdnRequests: string[] = [];

  /** A registered command by name and type (names are unique per type). */
  #registered(name: string, type = 1): APIApplicationCommand | undefined {
    const match = (c: APIApplicationCommand) => c.name === name && (c.type ?? 1) === type;
    return this.#state.commands.find(match) ?? this.#state.globalCommands.find(match);
  }

  #serveAttachment(request: IncomingMessage, response: ServerResponse): void {
    const path = new URL(request.url!, 'http://127.0.0.1').pathname;
    this.cdnRequests.push(path);
    const [, , , id] = path.split('/');
    const stored = id ? this.#state.attachments.get(id) : undefined;
    if (request.method !== 'GET' || !stored) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      return;
    }
    response.writeHead(200, { 'content-type': stored.contentType, 'content-length': stored.bytes.length }).end(stored.bytes);
  }

  /** Dispatches a button click on a message the bot sent (its latest stored version when known). */
  clickButton(input: ButtonClickInput): InteractionHandle {
    const message = liveMessage(this.#state, input.message.id)?.message ?? input.message;
    const { payload, user } = buttonInteraction(this.#state.world, { ...input, message });
    return this.#dispatchInteraction(payload, user, message.id);
  }

  /**
   * Dispatches a message context-menu command ("Apps > name" on `message`);
   * throws unless the bot registered a message command of that name.
   */
  messageCommand(input: MessageCommandInput): InteractionHandle {
    const message = liveMessage(this.#state, input.message.id)?.message ?? input.message;
    const { payload, user } = messageCommandInteraction(this.#state.world, { ...input, message }, this.#registered(input.name, 3));
    return this.#dispatchInteraction(payload, user);
  }

  /**
   * The user fills in and sends the form (modal) the bot showed in answer to
   * `shown` (`values` by field custom id: text, or the chosen option values).
   * Throws when the bot showed no form there, or for input a user could not
   * give (see `modalSubmitData`). `customId` replaces the form's custom id, to
   * test a forged submit.
   */
  submitModal(shown: InteractionHandle, values: ModalValues = {}, options: { customId?: string } = {}): InteractionHandle {
    const record = this.#state.interactions.get(shown.token);
    if (!record?.modal) throw new Error(`FakeDiscord: interaction ${shown.id} was not answered with a form (modal); there is nothing to submit`);
    const data = modalSubmitData(record.modal, values);
    if (options.customId !== undefined) data.custom_id = options.customId;
    const message = record.componentMessageId ? liveMessage(this.#state, record.componentMessageId)?.message : undefined;
    const { payload, user } = modalSubmitInteraction(this.#state.world, { user: record.user, channelId: record.channelId, ...(message ? { message } : {}) }, data);
    return this.#dispatchInteraction(payload, user, record.componentMessageId);
  }

  /** Dispatches MESSAGE_CREATE from a user, bot or webhook; returns the new message id. */
  postMessage(input: PostMessageInput): string {
    const { world } = this.#state;
    const author: APIUser = input.webhookId
      ? { id: input.webhookId, username: input.author?.username ?? 'Webhook', discriminator: '0000', global_name: null, avatar: null, bot: true }
      : world.user(input.author);
    const channelId = input.channelId ?? world.channelByName('general').id;
    if (!world.channelOrThread(channelId)) throw new Error(`FakeDiscord: no channel or thread with id ${channelId}`);
    if (!input.webhookId) world.ensureMember(author.id);
    const content = input.mentionsBot ? `<@${world.botUser.id}> ${input.content}` : input.content;
    return postMessage(this.#state, { channelId, author, body: { content }, ...(input.webhookId ? { webhookId: input.webhookId } : {}) }).message.id;
  }

  /**
   * A user's new forum post in `forumId` (default `ask-forum`): THREAD_CREATE,
   * then MESSAGE_CREATE of its first message (same id as the thread).
   */
  forumPost(input: { title: string; content: string; forumId?: string; author?: Partial<APIUser> }): { threadId: string; messageId: string } {
    const { world } = this.#state;
    const forumId = input.forumId ?? world.channelByName('ask-forum').id;
    const author = world.user(input.author);
    world.ensureMember(author.id);
    const { thread, messageId } = createForumPost(this.#state, { forumId, author, name: input.title, message: { content: input.content } });
    return { threadId: thread.id, messageId };
  }

  /** A member starts a public thread from a channel message; returns the thread's id (the message's). */
  startThread(input: { messageId: string; name: string; author?: Partial<APIUser> }): string {
    const author = this.#state.world.user(input.author);
    this.#state.world.ensureMember(author.id);
    return memberStartsThread(this.#state, { ...input, author }).id;
  }

  /** A thread by id (started from a message or a forum post), or undefined. */
  thread(id: string): APIThreadChannel | undefined {
    return this.#state.world.threads.get(id);
  }

  /** Live messages in a channel or thread, oldest first. */
  messagesIn(channelId: string): APIMessage[] {
    return [...this.#state.messages.values()].filter((m) => !m.deleted && !m.ephemeral && m.message.channel_id === channelId).map((m) => m.message);
  }

  /** A live message by id, as stored now. */
  message(id: string): APIMessage | undefined {
    return liveMessage(this.#state, id)?.message;
  }

  /** Resolves with the first request, past or future, matching `predicate`. */
  waitFor(predicate: (r: RecordedRequest) => boolean, timeoutMs = this.#timeoutMs): Promise<RecordedRequest> {
    return this.#log.waitFor(predicate, timeoutMs);
  }

  /** Makes the next matching request(s) fail with `status` instead of being served. */
  failNext(rule: FaultRule): void {
    this.#rest.faults.push({ ...rule });
  }

  #dispatchInteraction(payload: APIInteraction, user: APIUser, componentMessageId?: string): InteractionHandle {
    if (!this.#state.gateway.hasSession) throw new Error('FakeDiscord: no gateway session to send the interaction to; log a client in first');
    const sentAt = performance.now();
    this.#state.interactions.set(payload.token, {
      id: payload.id, token: payload.token, type: payload.type as InteractionType, user, channelId: payload.channel!.id, sentAt,
      callbackType: null, originalId: null, followUpIds: [], responded: false, ...(componentMessageId ? { componentMessageId } : {}),
    });
    this.#state.gateway.dispatch(GatewayDispatchEvents.InteractionCreate, () => payload);
    return createInteractionHandle(this.#state, this.#log, payload, sentAt, this.#timeoutMs);
  }
}
