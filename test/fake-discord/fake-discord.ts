import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import {
  GatewayDispatchEvents,
  GatewayIntentBits,
  InteractionType,
  type APIApplicationCommand,
  type APIInteraction,
  type APIMessage,
  type APIUser,
  type GatewayIdentifyData,
} from 'discord-api-types/v10';
import { CommandStore } from './command-store.ts';
import type { FakeState } from './fake-state.ts';
import { FakeGateway, type DispatchFrame, type GatewayConnection } from './gateway.ts';
import { createInteractionHandle, type InteractionHandle } from './interaction-handle.ts';
import {
  buttonInteraction,
  chatInputInteraction,
  newInteractionIdentity,
  type ButtonClickInput,
  type SlashCommandInput,
} from './interaction-payloads.ts';
import { InteractionStore } from './interaction-store.ts';
import { announceMessage } from './message-events.ts';
import { MessageStore } from './message-store.ts';
import { buildMessage } from './payloads.ts';
import { RequestLog, type RecordedRequest } from './request-log.ts';
import { applicationRoutes } from './rest-applications.ts';
import { channelRoutes } from './rest-channels.ts';
import { guildRoutes } from './rest-guilds.ts';
import { interactionRoutes } from './rest-interactions.ts';
import { RestServer, type FaultRule } from './rest-server.ts';
import { FakeWorld } from './world.ts';

/** How the fake Discord behaves. */
export interface FakeDiscordOptions {
  /** Close the gateway with 4014 (Disallowed intent(s)) when IDENTIFY asks for MessageContent. */
  refuseMessageContentIntent?: boolean;
  /** Other intent bits to refuse with 4014 (e.g. `GatewayIntentBits.GuildMembers`). */
  refuseIntents?: number;
  /** When set, only this bot token is accepted (REST 401, gateway 4004 otherwise). Default: any token. */
  token?: string;
  /**
   * HELLO's heartbeat interval in ms (default 5000; Discord uses ~41250). An
   * event loop blocked for longer than this makes discord.js see a zombie
   * connection and resume, which the fake supports.
   */
  heartbeatIntervalMs?: number;
  /** Answer callbacks arriving later than this after dispatch with 10062 Unknown interaction (Discord: 3000). Off by default. */
  ackDeadlineMs?: number;
  /** Default timeout of the `wait*` helpers in ms (default 5000). */
  timeoutMs?: number;
}

/** A message from a user (or another bot, or a webhook) for {@link FakeDiscord.postMessage}. */
export interface PostMessageInput {
  content: string;
  /** Channel id; default `general`. */
  channelId?: string;
  /** Post in the author's DM with the bot instead of a guild channel. */
  dm?: boolean;
  author?: Partial<APIUser> & { bot?: boolean };
  /** Sent by this webhook (the author becomes the webhook's bot user). */
  webhookId?: string;
  /** Prefix the content with `<@botId>` so the bot is mentioned. */
  mentionsBot?: boolean;
}

/**
 * A local fake of Discord's REST API and gateway for end-to-end tests with
 * the real discord.js client: point the client at {@link FakeDiscord.apiBase}
 * (`new Client({ intents, rest: { api: fake.apiBase } })`), log in with any
 * token, then drive it with slash commands, button clicks and messages and
 * assert on the recorded requests.
 */
export class FakeDiscord {
  /** Everything the bot asked over REST, in arrival order. */
  readonly requests: RecordedRequest[];
  /** Things real Discord would not have served the same way (unknown routes, unsupported gateway settings, fake crashes). */
  readonly problems: string[] = [];
  readonly #world = new FakeWorld();
  readonly #log = new RequestLog();
  readonly #messages = new MessageStore();
  readonly #interactions = new InteractionStore();
  readonly #commands = new CommandStore(this.#world);
  readonly #gateway: FakeGateway;
  readonly #rest: RestServer;
  readonly #server: Server;
  readonly #state: FakeState;
  readonly #timeoutMs: number;
  #port = 0;
  #closing: Promise<void> | undefined;

  constructor(options: FakeDiscordOptions = {}) {
    const problem = (message: string) => this.problems.push(message);
    this.requests = this.#log.requests;
    this.#timeoutMs = options.timeoutMs ?? 5000;
    const refused = (options.refuseMessageContentIntent ? GatewayIntentBits.MessageContent : 0) | (options.refuseIntents ?? 0);
    this.#gateway = new FakeGateway(
      this.#world,
      { heartbeatIntervalMs: options.heartbeatIntervalMs ?? 5000, refusedIntents: refused, ...(options.token ? { token: options.token } : {}) },
      problem,
    );
    const state: FakeState = {
      world: this.#world, messages: this.#messages, interactions: this.#interactions, commands: this.#commands,
      gateway: this.#gateway, ackDeadlineMs: options.ackDeadlineMs, problem,
    };
    this.#state = state;
    const routes = [
      ...interactionRoutes(state),
      ...channelRoutes(state),
      ...applicationRoutes(state),
      ...guildRoutes(state, () => this.#gateway.url),
    ];
    this.#rest = new RestServer(routes, this.#log, options.token, problem);
    this.#server = createServer((request, response) => void this.#rest.handle(request, response));
    this.#server.on('upgrade', (request, socket, head) => {
      if (request.url?.startsWith('/api')) socket.destroy();
      else this.#gateway.handleUpgrade(request, socket, head);
    });
  }

  /** Starts listening on 127.0.0.1 on a free port. */
  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(0, '127.0.0.1', () => resolve());
    });
    this.#port = (this.#server.address() as AddressInfo).port;
    this.#gateway.setBaseUrl(`ws://127.0.0.1:${this.#port}`);
  }

  /** Closes sockets and the server and rejects pending waits. Destroy clients first, or they will try to reconnect. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#log.close();
      this.#rest.close();
      await this.#gateway.close();
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
    return this.#world.applicationId;
  }

  /** The bot's own user. */
  get botUser(): APIUser {
    return this.#world.botUser;
  }

  /** The one guild, sent as GUILD_CREATE after READY. */
  get guildId(): string {
    return this.#world.guildId;
  }

  /** IDENTIFY payloads received (token, intents, properties...). */
  get identifies(): readonly GatewayIdentifyData[] {
    return this.#gateway.identifies;
  }

  /** Gateway connections opened, with how they authenticated and closed. */
  get connections(): readonly GatewayConnection[] {
    return this.#gateway.connections;
  }

  /** Every dispatch sent, per session, in order. */
  get dispatched(): readonly (DispatchFrame & { sessionId: string })[] {
    return this.#gateway.dispatched;
  }

  /** A text channel id by name: `general`, `ask`, `bot-log`, `read-only` (the bot may not send there). */
  channel(name: string): string {
    return this.#world.channelByName(name).id;
  }

  /** A role id by name: `everyone`, `member`, `moderator`, `admin`, `bot`. */
  role(name: string): string {
    return this.#world.role(name).id;
  }

  /** A user as the fake knows it (same username, same id), registering it if new. */
  user(partial: Partial<APIUser> = {}): APIUser {
    return this.#world.user(partial);
  }

  /** The DM channel id between a user and the bot. */
  dmChannel(userId: string): string {
    return this.#world.dmChannel(userId).id;
  }

  /** Registered commands: global ones, or a guild's when `guildId` is given. */
  commands(guildId?: string): APIApplicationCommand[] {
    return this.#commands.list(guildId ?? 'global');
  }

  /**
   * Dispatches a chat-input command as if `user` ran `/name options...`. When
   * the bot registered the command, option types come from it and options it
   * does not have throw.
   */
  slashCommand(input: SlashCommandInput): InteractionHandle {
    const identity = newInteractionIdentity(this.#world);
    const guildId = input.guild === false ? null : this.#world.guildId;
    const { payload, user, channelId } = chatInputInteraction(this.#world, identity, input, this.#commands.resolve(input.name, guildId));
    return this.#dispatchInteraction(payload, { user, channelId, guildId: payload.guild_id ?? null, name: input.name });
  }

  /** Dispatches a button click on a message the bot sent (its latest stored version when known). */
  clickButton(input: ButtonClickInput): InteractionHandle {
    const stored = this.#messages.get(input.message.id);
    const message = stored?.message ?? input.message;
    if (!stored) this.#messages.add(message);
    const identity = newInteractionIdentity(this.#world);
    const { payload, user, channelId } = buttonInteraction(this.#world, identity, { ...input, message });
    return this.#dispatchInteraction(payload, { user, channelId, guildId: payload.guild_id ?? null, componentMessageId: message.id });
  }

  /** Dispatches MESSAGE_CREATE from a user, bot or webhook; returns the new message id. */
  postMessage(input: PostMessageInput): string {
    const world = this.#world;
    const author: APIUser = input.webhookId
      ? { id: input.webhookId, username: input.author?.username ?? 'Webhook', discriminator: '0000', global_name: null, avatar: null, bot: true }
      : world.user(input.author);
    const channelId = input.dm ? world.dmChannel(author.id).id : (input.channelId ?? world.channelByName('general').id);
    if (!world.textChannel(channelId)) throw new Error(`FakeDiscord: no text channel with id ${channelId}`);
    if (!input.dm && !input.webhookId) world.ensureMember(author.id);
    const content = input.mentionsBot ? `<@${world.botUser.id}> ${input.content}` : input.content;
    const message = buildMessage(world, { id: world.ids.next(), channelId, author, body: { content }, ...(input.webhookId ? { webhookId: input.webhookId } : {}) });
    announceMessage(this.#state, GatewayDispatchEvents.MessageCreate, this.#messages.add(message));
    return message.id;
  }

  /** Successful `POST /channels/:id/messages` requests of the bot in a channel, in order. */
  channelMessages(channelId: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages` && r.status === 200);
  }

  /** Every live message in a channel as stored now (users', the bot's, interaction responses), oldest first. */
  messages(channelId: string): APIMessage[] {
    return this.#messages.list(channelId);
  }

  /** A live message by id, as stored now. */
  message(id: string): APIMessage | undefined {
    return this.#messages.get(id)?.message;
  }

  /** Resolves with the first request, past or future, matching `predicate`. */
  waitFor(predicate: (r: RecordedRequest) => boolean, timeoutMs = this.#timeoutMs): Promise<RecordedRequest> {
    return this.#log.waitFor(predicate, timeoutMs);
  }

  /** Delays every REST answer by `ms`. */
  setLatency(ms: number): void {
    this.#rest.latencyMs = ms;
  }

  /** Makes the next matching request(s) fail with `status` (429 carries `retry_after`). */
  failNext(rule: FaultRule): void {
    this.#rest.faults.push({ ...rule });
  }

  /** Drops gateway connections with `code` (4000 by default: discord.js resumes on the resume URL). */
  disconnect(code = 4000): void {
    this.#gateway.disconnect(code);
  }

  #dispatchInteraction(
    payload: APIInteraction,
    facts: { user: APIUser; channelId: string; guildId: string | null; name?: string; componentMessageId?: string },
  ): InteractionHandle {
    if (!this.#gateway.hasSession) {
      throw new Error('FakeDiscord: no gateway session to send the interaction to; log a client in first');
    }
    const sentAt = performance.now();
    this.#interactions.add({
      id: payload.id, token: payload.token, type: payload.type as InteractionType, user: facts.user,
      channelId: facts.channelId, guildId: facts.guildId, sentAt, callbackType: null, originalId: null,
      followUpIds: [], responded: false,
      ...(facts.name ? { name: facts.name } : {}),
      ...(facts.componentMessageId ? { componentMessageId: facts.componentMessageId } : {}),
    });
    this.#gateway.dispatch(GatewayDispatchEvents.InteractionCreate, () => payload);
    return createInteractionHandle(
      { log: this.#log, interactions: this.#interactions, messages: this.#messages, applicationId: this.#world.applicationId, defaultTimeoutMs: this.#timeoutMs },
      payload,
      sentAt,
    );
  }
}
