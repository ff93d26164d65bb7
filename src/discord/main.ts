import dotenv from 'dotenv';
import { ConfigError, loadDiscordConfig, loadEngineConfig } from '../config.ts';
import { Engine } from '../engine.ts';
import { createLogger } from '../logger.ts';
import { Bot } from './bot.ts';
import { loadCommands } from './load-commands.ts';
import { startupProgress } from './startup-progress.ts';

/** `npm start`: validate the environment, load or build the index, log in, shut down cleanly on signals. */
async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  let engineConfig, discordConfig;
  try {
    engineConfig = loadEngineConfig();
    discordConfig = loadDiscordConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every setting.\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(engineConfig.logLevel, { secrets: [discordConfig.token] });
  process.on('unhandledRejection', (reason) => logger.error('unhandled rejection', { error: String(reason) }));

  const progress = startupProgress(logger);
  const engine = await Engine.open(engineConfig, {
    logger,
    bulkEmbedding: 'process',
    onModelProgress: progress.onModelProgress,
    onBuildProgress: progress.onBuildProgress,
    onBuilt: (s) => logger.info('index built', { documents: s.documents, chunks: s.chunks, skipped: s.problems.filter((p) => p.skipped).length }),
  });
  logger.info('index ready', { documents: engine.sources().documents.length, model: engine.sources().model });
  const commands = await loadCommands(logger);
  const bot = new Bot({ engine, config: discordConfig, logger, commands });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`received ${signal}; shutting down`);
    await bot.stop();
    await engine.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  try {
    await bot.start();
  } catch (error) {
    logger.error('could not log in to Discord', { error: error instanceof Error ? error.message : String(error) });
    await engine.close();
    process.exit(1);
  }
}

await main();
