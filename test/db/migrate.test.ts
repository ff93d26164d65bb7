import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertSchemaCurrent, migrate } from '../../src/db/migrate.ts';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/db/migrations.ts';
import { DatabaseNotReadyError } from '../../src/db/database-errors.ts';
import { openTestServer, type TestSchema, type TestServer } from '../support/test-database.ts';

let server: TestServer;
let schema: TestSchema;

beforeAll(async () => {
  server = await openTestServer();
  console.info(`test/db/migrate: ${server.description}`);
});
afterAll(() => server?.close());
afterEach(() => schema?.drop());

const fresh = async () => {
  schema = await server.newSchema();
  return schema.open();
};

describe('npm run db:migrate (migrate)', () => {
  it('creates the schema, and a second run applies nothing and changes nothing', async () => {
    const db = await fresh();
    const first = await migrate(db);
    expect(first).toMatchObject({ from: 0, to: SCHEMA_VERSION });
    expect(first.applied.map((m) => m.version)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(first.pgvector).toMatch(/^0\.\d+\.\d+$/);
    const tables = async () =>
      (await db.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1`)).rows.map((r) => r.t);
    const before = await tables();
    expect(before).toEqual(['article_files', 'chunks', 'collections', 'documents', 'passage_postings', 'passage_terms', 'schema_migrations', 'versions']);

    const second = await migrate(db);
    expect(second).toMatchObject({ from: SCHEMA_VERSION, to: SCHEMA_VERSION, applied: [] });
    expect(await tables()).toEqual(before);
    expect((await db.query('SELECT version FROM schema_migrations ORDER BY version')).rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
    await expect(assertSchemaCurrent(db)).resolves.toBeUndefined();
  });

  it('refuses a database whose schema is newer than the code, naming both versions, and leaves it as it was', async () => {
    const db = await fresh();
    await migrate(db);
    await db.query(`INSERT INTO schema_migrations (version, name) VALUES (7, 'from a newer release')`);
    const refusal = migrate(db);
    await expect(refusal).rejects.toBeInstanceOf(DatabaseNotReadyError);
    await expect(refusal).rejects.toThrow(`schema version 7, newer than this code's version ${SCHEMA_VERSION}`);
    await expect(assertSchemaCurrent(db)).rejects.toThrow(/schema version 7, newer/);
    expect((await db.query('SELECT max(version) AS v FROM schema_migrations')).rows[0]).toEqual({ v: 7 });
  });
});

describe('assertSchemaCurrent (what npm start and the CLI check first)', () => {
  it('refuses a database with no schema, naming npm run db:migrate', async () => {
    const db = await fresh();
    await expect(assertSchemaCurrent(db)).rejects.toThrow(/has no schema for this bot yet: run `npm run db:migrate`/);
  });

  it('refuses an older schema, naming both versions and npm run db:migrate', async () => {
    const db = await fresh();
    // What a release before migration 1 would have left: the bookkeeping table and nothing applied.
    await db.query('CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    await expect(assertSchemaCurrent(db)).rejects.toThrow(`has schema version 0; this code needs version ${SCHEMA_VERSION}. Run \`npm run db:migrate\``);
    await migrate(db);
    await expect(assertSchemaCurrent(db)).resolves.toBeUndefined();
  });
});
