import { parseArgs } from 'node:util';
import { loadDatabaseConfig } from '../config.ts';
import { Database } from '../db/connect.ts';
import { migrate } from '../db/migrate.ts';
import { redactDatabaseUrl } from '../db/server-address.ts';
import { usageError } from './usage-error.ts';
import { runCli } from './run-cli.ts';

/** npm run db:migrate: creates or upgrades the PostgreSQL schema named by DATABASE_URL. */
await runCli(async (argv) => {
  parseArgs({ args: argv, options: {} });
  const config = loadDatabaseConfig();
  if (!config) {
    throw usageError('DATABASE_URL is not set: set it (in the environment or .env) to the PostgreSQL database to migrate.', 'usage: DATABASE_URL=postgres://bot:secret@db.internal:5432/answers npm run db:migrate');
  }
  const db = new Database(config, { maxConnections: 1 });
  try {
    const result = await migrate(db);
    const target = redactDatabaseUrl(config.url);
    if (result.applied.length === 0) {
      process.stdout.write(`Schema of ${target} is current (version ${result.to}); nothing to do. pgvector ${result.pgvector}.\n`);
      return;
    }
    for (const step of result.applied) process.stdout.write(`applied migration ${step.version}: ${step.name}\n`);
    process.stdout.write(`Schema of ${target} upgraded from version ${result.from} to ${result.to}. pgvector ${result.pgvector}.\n`);
  } finally {
    await db.close();
  }
});
