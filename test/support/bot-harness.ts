import { Writable } from 'node:stream';
import { loadDiscordConfig, type DiscordConfig } from '../../src/config.ts';
import { Bot } from '../../src/discord/bot.ts';
import { registerCommands } from '../../src/discord/register-commands.ts';
import { loadCommands } from '../../src/discord/load-commands.ts';
import { Engine } from '../../src/engine.ts';
import { createLogger } from '../../src/logger.ts';
import type { FakeDiscord } from '../fake-discord/index.ts';
import type { Workspace } from './engine-fixture.ts';

/** A token of the right shape; unique per run so a test can search logs for it. */
export const fakeToken = () => `MTE${'x'.repeat(20)}.${Date.now().toString(36)}.${Math.random().toString(36).slice(2)}${'y'.repeat(27)}`;

export interface BotHarness {
  bot: Bot;
  engine: Engine;
  config: DiscordConfig;
  /** Every JSON log line the bot wrote. */
  logs: string[];
  stop(): Promise<void>;
}

/**
 * Starts the real bot (engine with child-process embedding, real command modules,
 * real discord.js client) against the fake Discord, after deploying the
 * commands there as `npm run deploy-commands` would.
 */
export async function startBot(
  fake: FakeDiscord,
  workspace: Workspace,
  env: Record<string, string> = {},
  options: { progressIntervalMs?: number; engine?: Engine } = {},
): Promise<BotHarness> {
  const config = loadDiscordConfig({
    DISCORD_TOKEN: fakeToken(),
    DISCORD_CLIENT_ID: fake.applicationId,
    DISCORD_GUILD_ID: fake.guildId,
    DISCORD_API_BASE: fake.apiBase,
    ASK_CHANNEL_IDS: fake.channel('ask'),
    MODERATOR_ROLE_IDS: fake.role('moderator'),
    ASK_COOLDOWN_SECONDS: '0',
    // The bot's default is to answer in threads; the older tests expect inline replies, so they get
    // ANSWER_IN_THREADS=false unless a test passes 'true' (test/e2e/discord-conversations.test.ts does).
    ANSWER_IN_THREADS: 'false',
    ...env,
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger('debug', { secrets: [config.token], destination: sink });
  const engine = options.engine ?? (await Engine.open(workspace.config, { logger, bulkEmbedding: 'process' }));
  const commands = await loadCommands(logger);
  await registerCommands(config, commands);
  const bot = new Bot({ engine, config, logger, commands, progressIntervalMs: options.progressIntervalMs ?? 0 });
  await bot.start();
  return {
    bot,
    engine,
    config,
    logs,
    async stop() {
      await bot.stop();
      if (!options.engine) await engine.close();
    },
  };
}
