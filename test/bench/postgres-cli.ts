import pg from 'pg';
import { expect } from 'vitest';
import { runCli } from '../support/run-cli.ts';

/**
 * What the `--store postgres` tests of `npm run bench` and `npm run eval` share:
 * the server (TEST_DATABASE_URL, as CI sets it from scripts/test-db.sh), the
 * refusal without one, and the check that a run leaves no schema behind.
 */
export function testDatabaseUrl(command: string): string | undefined {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) console.log(`${command} --store postgres: TEST_DATABASE_URL unset, the PostgreSQL run is skipped (scripts/test-db.sh sets one up)`);
  return url;
}

/** Runs `script --quick --store postgres` with no server given and expects the refusal naming both ways to give one. */
export async function expectRefusedWithoutServer(script: string, datasets: string, env: NodeJS.ProcessEnv): Promise<void> {
  const result = await runCli(script, ['--quick', '--store', 'postgres', '--datasets', datasets], { ...env, DATABASE_URL: '' });
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/--store postgres needs a PostgreSQL server: give --database-url URL or set DATABASE_URL/);
}

/** Expects `schema` to be gone from the server at `url` (a run drops its schema at the end). */
export async function expectSchemaDropped(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const left = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    expect(left.rows).toHaveLength(0);
  } finally {
    await client.end();
  }
}
