import type pg from 'pg';
import { inTransaction, type Database } from './connect.ts';
import { DatabaseNotReadyError, PGVECTOR_INSTALL_HINT } from './database-errors.ts';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.ts';

/** The command that creates or upgrades the schema, as every refusal names it. */
export const MIGRATE_COMMAND = 'npm run db:migrate';

/** pgvector's first version with HNSW indexes. */
const MIN_PGVECTOR = [0, 5, 0] as const;

/** Serialises concurrent `migrate` runs (two shards starting at once): a constant advisory lock key. */
const MIGRATE_LOCK_KEY = 0x6172_7462; // "artb"

/** What `migrate` did. */
export interface MigrateResult {
  /** Schema version before and after. 0: no schema. */
  from: number;
  to: number;
  /** The migrations applied, in order ([] when the schema was current). */
  applied: { version: number; name: string }[];
  pgvector: string;
}

/**
 * Creates or upgrades the schema: applies every migration newer than the
 * database's, all in one transaction (PostgreSQL's DDL is transactional, so a
 * failure leaves the schema as it was). Safe to run twice: the second run
 * applies nothing.
 *
 * @throws {DatabaseNotReadyError} when pgvector is missing or too old, or the
 * database's schema is newer than this code (naming both versions).
 */
export async function migrate(db: Database): Promise<MigrateResult> {
  const pgvector = await ensurePgvector(db);
  return inTransaction(db, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATE_LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const from = await currentVersion(client);
    if (from > SCHEMA_VERSION) throw tooNew(from);
    const pending = MIGRATIONS.filter((m) => m.version > from);
    for (const migration of pending) {
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
    }
    return { from, to: Math.max(from, SCHEMA_VERSION), applied: pending.map(({ version, name }) => ({ version, name })), pgvector };
  });
}

/**
 * Refuses a database whose schema is missing, older or newer than this code,
 * so `npm start` and the CLI never run against tables they do not know.
 *
 * @throws {DatabaseNotReadyError} naming `npm run db:migrate` (missing or older) or both versions (newer).
 */
export async function assertSchemaCurrent(db: Database): Promise<void> {
  // In the first schema of the search path, where migrate creates it: not one found further along it.
  const table = await db.query<{ found: string | null }>(`SELECT to_regclass(format('%I.schema_migrations', current_schema()))::text AS found`);
  if (table.rows[0]?.found == null) {
    throw new DatabaseNotReadyError(
      `The database at ${db.server} has no schema for this bot yet: run \`${MIGRATE_COMMAND}\` to create it (schema version ${SCHEMA_VERSION}).`,
    );
  }
  const version = await currentVersion(db);
  if (version < SCHEMA_VERSION) {
    throw new DatabaseNotReadyError(
      `The database at ${db.server} has schema version ${version}; this code needs version ${SCHEMA_VERSION}. Run \`${MIGRATE_COMMAND}\` to upgrade it.`,
    );
  }
  if (version > SCHEMA_VERSION) throw tooNew(version);
}

/**
 * Makes sure pgvector (0.5 or newer, for HNSW) is available in the database:
 * creates the extension when the server has it and the user may, and
 * otherwise says exactly what is missing and how to install it.
 *
 * @returns pgvector's version.
 */
export async function ensurePgvector(db: Database): Promise<string> {
  let installed = await extensionVersion(db);
  if (installed === null) {
    const available = await db.query<{ default_version: string }>(`SELECT default_version FROM pg_available_extensions WHERE name = 'vector'`);
    if (available.rows.length === 0) {
      throw new DatabaseNotReadyError(`pgvector is not installed on the PostgreSQL server at ${db.server}: ${PGVECTOR_INSTALL_HINT}; then run \`${MIGRATE_COMMAND}\` again.`);
    }
    try {
      await db.query('CREATE EXTENSION IF NOT EXISTS vector');
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== '42501') throw error;
      throw new DatabaseNotReadyError(
        `pgvector is installed on ${db.server} but not enabled in this database, and this user may not enable it: ` +
          `ask a superuser to run CREATE EXTENSION vector; in it, then run \`${MIGRATE_COMMAND}\` again.`,
      );
    }
    installed = (await extensionVersion(db)) ?? available.rows[0]!.default_version;
  }
  if (compareVersions(installed, MIN_PGVECTOR) < 0) {
    throw new DatabaseNotReadyError(
      `pgvector ${installed} on ${db.server} is too old: HNSW indexes need 0.5 or newer. Upgrade it (ALTER EXTENSION vector UPDATE; after installing a newer package), then run \`${MIGRATE_COMMAND}\` again.`,
    );
  }
  return installed;
}

async function extensionVersion(db: Database): Promise<string | null> {
  const result = await db.query<{ extversion: string }>(`SELECT extversion FROM pg_extension WHERE extname = 'vector'`);
  return result.rows[0]?.extversion ?? null;
}

async function currentVersion(queryable: Pick<pg.PoolClient, 'query'> | Database): Promise<number> {
  const result = await (queryable as Database).query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
  return result.rows[0]?.version ?? 0;
}

function tooNew(version: number): DatabaseNotReadyError {
  return new DatabaseNotReadyError(
    `The database has schema version ${version}, newer than this code's version ${SCHEMA_VERSION}: it was migrated by a newer release of the bot. ` +
      `Upgrade the bot (or point DATABASE_URL at another database); this code will not change a schema it does not know.`,
  );
}

function compareVersions(version: string, min: readonly number[]): number {
  const parts = version.split('.').map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < min.length; i++) {
    const diff = (parts[i] ?? 0) - min[i]!;
    if (diff !== 0) return diff;
  }
  return 0;
}
