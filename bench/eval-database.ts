import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DatabaseConfig, EngineConfig } from '../src/config.ts';
import { Database } from '../src/db/connect.ts';
import { migrate } from '../src/db/migrate.ts';
import { connectDatabaseStores, type DatabaseStores } from '../src/db/open-store.ts';
import type { IndexStore } from '../src/store/index-store.ts';

/**
 * A PostgreSQL schema of one `npm run eval -- --store postgres` run: made and
 * migrated at the start, dropped at the end, so the evaluation never touches
 * a deployment's tables and leaves nothing behind.
 */
export interface EvalDatabase {
  /** `host:port`, for the report (never the URL: it holds the password). */
  readonly server: string;
  readonly schema: string;
  /** The store of one corpus's collection for one model, through the product's own factory. */
  openStore(config: EngineConfig, collection: string): IndexStore;
  /** Passages of each collection's active version, counted in the database: what the answers were read from. */
  passagesHeld(): Promise<Record<string, number>>;
  /** Closes the connections and drops the schema (unless `keepSchema`: bench --keep-schema). */
  close(options?: { keepSchema?: boolean }): Promise<void>;
}

/** `url` with its sessions' search path set to `schema` (then `public`, where pgvector's type lives), as an operator would give one. */
export function urlInSchema(url: string, schema: string): string {
  const parsed = new URL(url);
  const own = `-c search_path=${schema},public`;
  const options = parsed.searchParams.get('options');
  parsed.searchParams.set('options', options ? `${options} ${own}` : own);
  return parsed.toString();
}

/**
 * Makes a schema `<prefix>_<timestamp>_<random>` (`eval_` unless given), migrates it with the project's
 * `migrate`, and connects the stores the CLI and the bot use
 * (`connectDatabaseStores`, which checks the schema first) to it through the
 * URL's search path.
 */
export async function openEvalDatabase(config: DatabaseConfig, prefix = 'eval'): Promise<EvalDatabase> {
  const schema = `${prefix}_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_${randomBytes(3).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: config.url });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  // Migrates the schema, then counts what the stores wrote to it.
  const migrator = new Database(config, { schema, maxConnections: 1 });
  // Explains an unreachable server (host:port, never the password) like the CLI does.
  await migrator.query('SELECT 1').catch(async (error: unknown) => {
    await migrator.close().catch(() => {});
    throw error;
  });
  await admin(`CREATE SCHEMA ${pg.escapeIdentifier(schema)}`);
  const drop = () => admin(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
  let stores: DatabaseStores;
  try {
    await migrate(migrator);
    stores = await connectDatabaseStores({ ...config, url: urlInSchema(config.url, schema) });
  } catch (error) {
    await migrator.close();
    await drop().catch(() => {});
    throw error;
  }
  return {
    server: stores.server,
    schema,
    openStore: (engineConfig, collection) => stores.openStore({ ...engineConfig, collectionId: collection }),
    async passagesHeld() {
      const result = await migrator.query<{ id: string; passages: string }>(
        `SELECT c.id, count(k.position) AS passages FROM collections c
           JOIN chunks k ON k.collection_id = c.id AND k.version_id = c.active_version
          GROUP BY c.id ORDER BY c.id`,
      );
      return Object.fromEntries(result.rows.map((row) => [row.id, Number(row.passages)]));
    },
    async close(options = {}) {
      await stores.close();
      await migrator.close();
      if (!options.keepSchema) await drop();
    },
  };
}
