import pc from 'picocolors';
import { loadDatabaseConfig, type EngineConfig } from '../config.ts';
import { connectDatabaseStores } from '../db/open-store.ts';
import { Engine } from '../engine.ts';
import { createProgressReporter, describeBuild, describeFolderCopy } from './progress.ts';

/**
 * Opens the engine for a CLI command, drawing progress and warnings on stderr.
 * With DATABASE_URL set its index and article files live in PostgreSQL (the
 * schema checked first); with `copyFolder` the collection's folder is first
 * copied into the database (added, changed and removed files, in one
 * transaction). Closing the engine closes the connections.
 */
export async function openEngineForCli(config: EngineConfig, onBuilt?: () => void, options: { copyFolder?: boolean } = {}): Promise<Engine> {
  const database = loadDatabaseConfig();
  const stores = database ? await connectDatabaseStores(database) : null;
  const progress = createProgressReporter();
  try {
    // The operator edits ARTICLES_DIR; `npm run index` brings its changes into the database before building from it.
    if (stores && options.copyFolder) process.stderr.write(`${describeFolderCopy(await stores.openArticles(config).copyFolder())}\n`);
    const engine = await Engine.open(config, {
      openStore: stores?.openStore,
      openArticles: stores?.openArticles,
      bulkEmbedding: 'inline',
      onModelProgress: (e) => progress.model(e),
      onBuildProgress: (e) => progress.build(e),
      onBuilt: (summary) => {
        process.stderr.write(`${describeBuild(summary)}\n`);
        onBuilt?.();
      },
      logger: {
        debug() {},
        info: (m) => process.stderr.write(`${pc.dim(m)}\n`),
        warn: (m) => process.stderr.write(`${pc.bold(pc.yellow('warning:'))} ${m}\n`),
        error: (m) => process.stderr.write(`${pc.red('error:')} ${m}\n`),
      },
    });
    // The engine's store now holds the connections: they close with it.
    await stores?.release();
    return engine;
  } catch (error) {
    await stores?.close().catch(() => {});
    throw error;
  } finally {
    progress.done();
  }
}
