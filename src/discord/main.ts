import dotenv from 'dotenv';
import { CollectionSet } from '../collections/collection-set.ts';
import { ConfigError, loadCollectionsConfig, loadDatabaseConfig, loadDiscordConfig, loadEngineConfig, loadShardingConfig } from '../config.ts';
import { IndexChangeListener } from '../db/index-changes.ts';
import { connectDatabaseStores, type DatabaseStores } from '../db/open-store.ts';
import { SHARED_COLLECTION_ID } from '../db/postgres-index-store.ts';
import { UserError } from '../errors.ts';
import { createLogger } from '../logger.ts';
import { Bot } from './bot.ts';
import { loadCommands } from './load-commands.ts';
import { createShardManager, SHARDS_NEED_DATABASE, startShards, stopShards } from './shards.ts';
import { startupProgress } from './startup-progress.ts';

/** `npm start`: validate the environment, load or build the index, log in, shut down cleanly on signals. */
async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  let engineConfig, discordConfig, collectionsConfig, databaseConfig, shardingConfig;
  try {
    engineConfig = loadEngineConfig();
    discordConfig = loadDiscordConfig();
    collectionsConfig = loadCollectionsConfig();
    databaseConfig = loadDatabaseConfig();
    shardingConfig = loadShardingConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every setting.\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(engineConfig.logLevel, { secrets: [discordConfig.token] });
  process.on('unhandledRejection', (reason) => logger.error('unhandled rejection', { error: String(reason) }));

  if (shardingConfig.shardCount > 1 && !shardingConfig.isShard) {
    if (!databaseConfig) {
      process.stderr.write(`${SHARDS_NEED_DATABASE}\n`);
      process.exit(1);
    }
    await manageShards(discordConfig.token, shardingConfig.shardCount, logger);
    return;
  }

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
      openArticles: stores?.openArticles,
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
  // Other processes (shards, a CLI reindex) switch versions in the shared database: reload when told.
  const changes = databaseConfig
    ? IndexChangeListener.start(databaseConfig, {
        onChange: async (collectionId) => {
          await collections.refresh(collectionId === SHARED_COLLECTION_ID ? null : (collectionId ?? undefined));
          logger.info('reloaded a collection after a version switch', { collection: collectionId ?? 'every loaded collection' });
        },
        onListening: (reconnected) => reconnected && logger.info('listening for index changes again'),
        onError: (error, retryInMs) => logger.warn('index change listener', { error: error.message, retryInMs }),
      })
    : null;

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`received ${signal}; shutting down`);
    await bot.stop();
    await changes?.close();
    await collections.close();
    await stores?.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // A shard whose ShardingManager is gone (killed) would otherwise answer on alone, unmanaged.
  if (shardingConfig.isShard) process.on('disconnect', () => void stop('disconnect from the sharding manager'));

  try {
    await bot.start();
  } catch (error) {
    logger.error('could not log in to Discord', { error: error instanceof Error ? error.message : String(error) });
    await changes?.close();
    await collections.close();
    await stores?.close();
    process.exit(1);
  }
}

/** `npm start -- --shards N`: this process only runs the shards (each a whole bot), and stops them on a signal. */
async function manageShards(token: string, count: number, logger: ReturnType<typeof createLogger>): Promise<void> {
  const options = { token, count, logger };
  const manager = createShardManager(options);
  let stopping = false;
  const stop = async (signal: string, code: number) => {
    if (stopping) return;
    stopping = true;
    logger.info(`received ${signal}; stopping the shards`);
    await stopShards(manager);
    logger.info('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stop('SIGINT', 0));
  process.on('SIGTERM', () => void stop('SIGTERM', 0));
  try {
    await startShards(manager, options);
  } catch (error) {
    logger.error('a shard could not start', { error: error instanceof Error ? error.message : String(error) });
    await stop('a failed start', 1);
  }
}

await main();
