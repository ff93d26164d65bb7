import { Client, Events, GatewayIntentBits, type ClientOptions } from 'discord.js';
import { loadIngestConfig, type DiscordConfig, type IngestConfig } from '../config.ts';
import { CollectionSet } from '../collections/collection-set.ts';
import type { Engine } from '../engine.ts';
import type { Logger } from '../logger.ts';
import type { Command, CommandContext } from './command.ts';
import { FeedbackLog } from '../feedback/feedback-log.ts';
import { AddRateLimit } from './add-rate-limit.ts';
import { AnswerRegistry } from './answer-registry.ts';
import { Conversations } from './conversations.ts';
import { Cooldown, type Clock } from './cooldown.ts';
import { handleInteraction } from './handle-interaction.ts';
import { handleMessage } from './handle-message.ts';
import { warnAboutCommandDrift } from './check-commands.ts';
import { deployTarget } from './register-commands.ts';
import { NO_MENTIONS } from './respond.ts';

export const DISALLOWED_INTENTS_HELP =
  'Discord refused the Message Content intent, which answering in ASK_CHANNEL_IDS needs. Enable it in the Developer Portal ' +
  '(your application > Bot > Privileged Gateway Intents > Message Content Intent), or leave ASK_CHANNEL_IDS empty to answer only /ask and mentions.';

export interface BotOptions {
  /** The collections to answer from; or give `engine` alone for one shared collection. */
  collections?: CollectionSet;
  engine?: Engine;
  config: DiscordConfig;
  logger: Logger;
  commands: ReadonlyMap<string, Command>;
  clock?: Clock;
  progressIntervalMs?: number;
  /** How /article add fetches links; default: read from the environment. */
  ingest?: IngestConfig;
}

function requireEngine(engine: Engine | undefined): Engine {
  if (!engine) throw new TypeError('Bot: give collections or an engine');
  return engine;
}

/** The Discord side: a discord.js client wired to the engine through thin handlers. */
export class Bot {
  readonly client: Client;
  private readonly shutdown = new AbortController();
  private readonly context: CommandContext;
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly options: BotOptions) {
    const { config } = options;
    const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages];
    // Mentions arrive with content even without the privileged intent; whole channels need it.
    if (config.askChannelIds.length > 0) intents.push(GatewayIntentBits.MessageContent);
    const clientOptions: ClientOptions = {
      intents,
      // Also the client's default, for anything that ever bypassed the reply helper.
      allowedMentions: NO_MENTIONS,
      ...(config.apiBase ? { rest: { api: config.apiBase } } : {}),
    };
    this.client = new Client(clientOptions);
    this.context = {
      collections: options.collections ?? CollectionSet.sharing(requireEngine(options.engine)),
      config,
      logger: options.logger,
      cooldown: new Cooldown(config.cooldownSeconds, options.clock),
      shutdown: this.shutdown.signal,
      progressIntervalMs: options.progressIntervalMs ?? 3000,
      ingest: options.ingest ?? loadIngestConfig(),
      addRateLimit: new AddRateLimit(config.articleLimits, options.clock),
      // In memory on purpose: a restart forgets the answers, and their buttons then say they have expired.
      answers: new AnswerRegistry({ clock: options.clock }),
      feedback: new FeedbackLog(config.feedback.file, {
        keepDays: config.feedback.keepDays,
        warn: (message) => options.logger.warn(message),
      }),
      // In memory on purpose too: a restart forgets earlier turns, and a follow-up then stands on its own.
      conversations: new Conversations(),
    };
    this.client.on(Events.InteractionCreate, (interaction) =>
      this.track(handleInteraction(interaction, options.commands, this.context)),
    );
    this.client.on(Events.MessageCreate, (message) => {
      const botId = this.client.user?.id;
      if (botId) this.track(handleMessage(message, botId, this.context));
    });
    this.client.on(Events.Error, (error) => options.logger.error('discord client error', { error: error.message }));
    this.client.on(Events.Warn, (message) => options.logger.warn(message));
  }

  private track(work: Promise<void>): void {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  /** Logs in and resolves once the client is ready. */
  async start(): Promise<void> {
    const ready = new Promise<void>((resolve) => this.client.once(Events.ClientReady, () => resolve()));
    try {
      await this.client.login(this.options.config.token);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (/disallowed intents/i.test(message)) {
        this.options.logger.error(DISALLOWED_INTENTS_HELP);
        throw new Error(DISALLOWED_INTENTS_HELP, { cause: error });
      }
      throw error;
    }
    await ready;
    this.options.logger.info('logged in to Discord', {
      user: this.client.user?.tag,
      guilds: this.client.guilds.cache.size,
      askChannels: this.options.config.askChannelIds.length,
    });
    await warnAboutCommandDrift(this.client as Client<true>, deployTarget(this.options.config, this.context.collections.mode), this.options.commands, this.options.logger);
  }

  /** Abandons a running reindex safely, lets in-flight answers finish (bounded), and disconnects. */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.shutdown.abort();
    await Promise.race([Promise.allSettled([...this.pending]), new Promise((r) => setTimeout(r, timeoutMs).unref())]);
    await this.client.destroy();
  }
}
