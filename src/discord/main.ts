import dotenv from 'dotenv';
import { CollectionSet } from '../collections/collection-set.ts';
import { ConfigError, loadCollectionsConfig, loadDatabaseConfig, loadDiscordConfig, loadEngineConfig } from '../config.ts';
import { connectDatabaseStores, type DatabaseStores } from '../db/open-store.ts';
import { UserError } from '../errors.ts';
import { createLogger } from '../logger.ts';
import { Bot } from './bot.ts';
import { loadCommands } from './load-commands.ts';
import { startupProgress } from './startup-progress.ts';

/** `npm start`: validate the environment, load or build the index, log in, shut down cleanly on signals. */
async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  let engineConfig, discordConfig, collectionsConfig, databaseConfig;
  try {
    engineConfig = loadEngineConfig();
    discordConfig = loadDiscordConfig();
    collectionsConfig = loadCollectionsConfig();
    databaseConfig = loadDatabaseConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every setting.\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(engineConfig.logLevel, { secrets: [discordConfig.token] });
  process.on('unhandledRejection', (reason) => logger.error('unhandled rejection', { error: String(reason) }));

  // With DATABASE_URL the index lives in PostgreSQL: refuse to start on an unreachable server or a missing or older schema.
  let stores: DatabaseStores | null = null;
  if (databaseConfig) {
    try {
      stores = await connectDatabaseStores(databaseConfig, {
        onConnectionError: (error) => logger.warn('a database connection was dropped; it is replaced on the next query', { error: error.message }),
      });
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    logger.info('index store: PostgreSQL', { server: stores.server });
  }

  const progress = startupProgress(logger);
  const collections = await CollectionSet.open(engineConfig, {
    ...collectionsConfig,
    engine: {
      logger,
      bulkEmbedding: 'process',
      openStore: stores?.openStore,
      onModelProgress: progress.onModelProgress,
      onBuildProgress: progress.onBuildProgress,
      onBuilt: (s) => logger.info('index built', { documents: s.documents, chunks: s.chunks, skipped: s.problems.filter((p) => p.skipped).length }),
    },
  });
  const shared = await collections.forGuild(null);
  if (shared) logger.info('index ready', { documents: shared.sources().documents.length, model: shared.sources().model });
  else logger.info('per-server collections: each is loaded when its server first needs it', { maxLoaded: collectionsConfig.maxLoaded });
  const commands = await loadCommands(logger);
  const bot = new Bot({ collections, config: discordConfig, logger, commands });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`received ${signal}; shutting down`);
    await bot.stop();
    await collections.close();
    await stores?.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  try {
    await bot.start();
  } catch (error) {
    logger.error('could not log in to Discord', { error: error instanceof Error ? error.message : String(error) });
    await collections.close();
    await stores?.close();
    process.exit(1);
  }
}

await main();
