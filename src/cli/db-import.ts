import path from 'node:path';
import { parseArgs } from 'node:util';
import { FolderArticleSource } from '../articles/index.ts';
import { guildCollectionConfig, isGuildId } from '../collections/collection-set.ts';
import { loadDatabaseConfig, loadEngineConfig } from '../config.ts';
import { connectDatabaseStores } from '../db/open-store.ts';
import { SHARED_COLLECTION_ID } from '../db/postgres-index-store.ts';
import { UserError } from '../errors.ts';
import { FileIndexStore } from '../store/file-index-store.ts';
import { describeFolderCopy } from './progress.ts';
import { runCli } from './run-cli.ts';
import { usageError } from './usage-error.ts';

const USAGE = 'usage: DATABASE_URL=postgres://… npm run db:import -- <INDEX_DIR> [--collection shared|<server id>]';

/**
 * `npm run db:import -- <INDEX_DIR> [--collection ID]`: copies the current
 * version of a file index (INDEX_DIR, or a server's `guilds/<id>` folder)
 * into PostgreSQL as a new version of the collection, vectors included, so
 * nothing is embedded again. The collection answers from it at once (the
 * same atomic switch as a reindex). The collection's articles folder
 * (ARTICLES_DIR, or its `guilds/<id>`), when this machine has it, is copied
 * into the database too, as `npm run index` copies it.
 */
await runCli(async (argv) => {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { collection: { type: 'string' } } });
  if (positionals.length !== 1) throw usageError('give exactly one index folder to import', USAGE);
  const collection = values.collection ?? SHARED_COLLECTION_ID;
  if (collection !== SHARED_COLLECTION_ID && !isGuildId(collection)) {
    throw usageError(`--collection must be "${SHARED_COLLECTION_ID}" or a Discord server id (17-20 digits), not ${JSON.stringify(collection)}`, USAGE);
  }
  const database = loadDatabaseConfig();
  if (!database) throw usageError('DATABASE_URL is not set: set it to the PostgreSQL database to import into.', USAGE);
  const source = path.resolve(positionals[0]!);
  const snapshot = await new FileIndexStore(source).load((w) => process.stderr.write(`warning: ${w.message}\n`));
  if (!snapshot) throw new UserError('index-empty', `${source} holds no usable index version (build one with npm run index, or check the path).`);

  const stores = await connectDatabaseStores(database);
  try {
    const shared = loadEngineConfig();
    const config = collection === SHARED_COLLECTION_ID ? shared : guildCollectionConfig(shared, collection);
    const store = stores.openStore(config);
    const { files: _files, ...manifest } = snapshot.manifest;
    const opened = await store.save({ ...snapshot, manifest });
    await store.close();
    process.stdout.write(
      `Imported ${opened.documents.length} articles and ${opened.passages.size} passages (model ${manifest.model.id}) from ${source} ` +
        `into collection "${collection}" at ${stores.server}; it answers from them now.\n`,
    );
    // The article files too, when this machine has the collection's folder: the next reindex builds from the database.
    const articles = stores.openArticles(config);
    if (await new FolderArticleSource(config.articlesDir).exists()) process.stdout.write(`${describeFolderCopy(await articles.copyFolder())}\n`);
    else process.stdout.write(`No articles folder at ${config.articlesDir}: no article files were copied; run npm run index where the folder is.\n`);
  } finally {
    await stores.close();
  }
});
