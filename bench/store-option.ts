import { loadDatabaseConfig, type DatabaseConfig } from '../src/config.ts';
import { usageError } from '../src/cli/usage-error.ts';

/**
 * Reads `--store` and `--database-url` of `npm run bench` and `npm run eval`
 * the same way: the database configuration for `--store postgres` (the URL
 * from `--database-url`, else `DATABASE_URL`), `null` for the file store.
 * The URL is parsed as the bot parses `DATABASE_URL`, so a malformed one gets
 * the same message, before any model is built.
 */
export function storeOption(values: { store?: string; 'database-url'?: string }, usage: string): DatabaseConfig | null {
  const store = values.store ?? 'file';
  if (store !== 'file' && store !== 'postgres') throw usageError(`--store takes file or postgres, got "${store}"`, usage);
  if (values['database-url'] !== undefined && store !== 'postgres') throw usageError('--database-url is for --store postgres', usage);
  if (store === 'file') return null;
  const databaseUrl = values['database-url'] ?? process.env.DATABASE_URL;
  if (!databaseUrl?.trim()) throw usageError('--store postgres needs a PostgreSQL server: give --database-url URL or set DATABASE_URL', usage);
  return loadDatabaseConfig({ ...process.env, DATABASE_URL: databaseUrl });
}
