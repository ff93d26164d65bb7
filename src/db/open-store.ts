import type { DatabaseConfig, EngineConfig } from '../config.ts';
import type { IndexStore } from '../store/index-store.ts';
import { Database } from './connect.ts';
import { assertSchemaCurrent } from './migrate.ts';
import { PostgresArticleSource } from './postgres-article-source.ts';
import { PostgresIndexStore, SHARED_COLLECTION_ID } from './postgres-index-store.ts';

/**
 * The one place that picks the PostgreSQL store: the CLI and the bot connect
 * here when DATABASE_URL is set and hand `openStore` and `openArticles` to the
 * engine, which never learns which store it uses.
 */
export interface DatabaseStores {
  /** `host:port` of the server, for log lines (never the URL: it holds the password). */
  readonly server: string;
  /** The store of the collection `config` describes: a server's own (`config.collectionId`), or the shared one. */
  openStore(config: EngineConfig): IndexStore;
  /** The article files of the collection `config` describes, in the database (its folder is copied in by `copyFolder`, or once on first use). */
  openArticles(config: EngineConfig): PostgresArticleSource;
  /** Closes the connections once every store opened so far is closed (at once when none is open). */
  release(): Promise<void>;
  /** Closes the connections now. */
  close(): Promise<void>;
}

/**
 * Connects to PostgreSQL and checks its schema before anything is read or
 * built, so a missing or older schema is refused with the command that fixes
 * it (`npm run db:migrate`), and an unreachable server with its host:port.
 *
 * @throws {DatabaseUnavailableError} or {DatabaseNotReadyError} (both user errors, with the message to show).
 */
export async function connectDatabaseStores(config: DatabaseConfig, options: { onConnectionError?: (error: Error) => void } = {}): Promise<DatabaseStores> {
  const db = new Database(config, { onConnectionError: options.onConnectionError });
  try {
    await assertSchemaCurrent(db);
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
  let open = 0;
  let released = false;
  let closing: Promise<void> | null = null;
  const close = () => (closing ??= db.close());
  const closeIfUnused = async () => {
    if (released && open === 0) await close();
  };
  return {
    server: db.server,
    openStore(engineConfig) {
      open++;
      let closed = false;
      return new PostgresIndexStore(db, engineConfig.collectionId ?? SHARED_COLLECTION_ID, async () => {
        if (closed) return;
        closed = true;
        open--;
        await closeIfUnused();
      });
    },
    openArticles(engineConfig) {
      return new PostgresArticleSource(db, engineConfig.collectionId ?? SHARED_COLLECTION_ID, engineConfig.articlesDir, engineConfig.maxFileBytes);
    },
    async release() {
      released = true;
      await closeIfUnused();
    },
    close,
  };
}
