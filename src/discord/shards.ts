import { fileURLToPath } from 'node:url';
import { ShardingManager } from 'discord.js';
import type { Logger } from '../logger.ts';

/** Why sharding is refused without DATABASE_URL. */
export const SHARDS_NEED_DATABASE =
  'Running the bot as several shards needs DATABASE_URL: without it each shard would keep its own index files, ' +
  'build and reindex them separately, and a /reindex or an added article in one shard would never reach the others. ' +
  'Set DATABASE_URL (see README "PostgreSQL"), or start one process without --shards/SHARD_COUNT.';

/**
 * How long a shard may take to become ready: the first start may build the
 * index (minutes for a large folder) before logging in.
 */
const SHARD_READY_TIMEOUT_MS = 60 * 60_000;

export interface ShardOptions {
  token: string;
  count: number;
  logger: Logger;
  /** Between starting one shard and the next (Discord allows one IDENTIFY per 5 s per bucket). */
  delayMs?: number;
}

/**
 * The ShardingManager that runs the bot as `count` processes: each is the
 * normal entry (main.ts) with SHARDS and SHARD_COUNT in its environment,
 * which the discord.js client reads to identify as its shard. One that dies
 * after starting is restarted by the manager.
 */
export function createShardManager(options: ShardOptions): ShardingManager {
  const manager = new ShardingManager(fileURLToPath(new URL('./main.ts', import.meta.url)), {
    token: options.token,
    totalShards: options.count,
    mode: 'process',
    respawn: true,
    // The same loader flags as this process (tsx's), so each shard runs the TypeScript entry too.
    execArgv: process.execArgv,
  });
  manager.on('shardCreate', (shard) => {
    options.logger.info('starting shard', { shard: shard.id, of: options.count });
    shard.on('death', () => options.logger.warn('a shard process ended', { shard: shard.id }));
  });
  return manager;
}

/**
 * Starts the shards one after another: each waits for the previous one's
 * ready, so only the first builds a missing index.
 *
 * @throws when a shard dies or gives up before it is ready.
 */
export async function startShards(manager: ShardingManager, options: ShardOptions): Promise<void> {
  await manager.spawn({ amount: options.count, delay: options.delayMs ?? 5_500, timeout: SHARD_READY_TIMEOUT_MS });
  options.logger.info('every shard is ready', { shards: options.count });
}

/** Ends every shard process (SIGTERM: each shuts down as a lone bot would) and waits for them. */
export async function stopShards(manager: ShardingManager): Promise<void> {
  await Promise.all(
    manager.shards.map(
      (shard) =>
        new Promise<void>((resolve) => {
          const child = shard.process;
          if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
          // Not shard.kill(): it would SIGKILL; the bot finishes in-flight answers on SIGTERM.
          shard.removeAllListeners('death');
          child.removeAllListeners('exit');
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
}
