import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectionBusyError } from '../../src/db/collection-lock.ts';
import { Database } from '../../src/db/connect.ts';
import { migrate } from '../../src/db/migrate.ts';
import { PostgresIndexStore } from '../../src/db/postgres-index-store.ts';
import { PostgresPassageIndex } from '../../src/db/postgres-passage-index.ts';
import { contractRecords, passageIndexContract } from '../search/passage-index-contract.ts';
import { openTestServer, type TestSchema, type TestServer } from '../support/test-database.ts';

let server: TestServer;
let schema: TestSchema;
let db: Database;
let collections = 0;

beforeAll(async () => {
  server = await openTestServer();
  console.info(`test/db/postgres-passage-index: ${server.description}`);
  schema = await server.newSchema();
  // Two connections, also on PGlite (whose one session this test never uses from both at once): a
  // build holds one for its advisory lock while the other writes the version's term counts.
  db = new Database(schema.config(), { schema: schema.name, maxConnections: 2 });
  await migrate(db);
}, 120_000);
afterAll(async () => {
  await db?.close();
  await schema?.drop();
  await server?.close();
});

// Saved as a new version of a collection of its own and opened again, as the engine answers from it.
passageIndexContract('PostgreSQL', async (records) => {
  const store = new PostgresIndexStore(db, `contract-${collections++}`);
  await store.save(records);
  const opened = await store.open();
  if (!opened) throw new Error('the PostgreSQL store opened nothing after a save');
  return opened;
});

describe('the PostgreSQL store', () => {
  it('opens nothing for a collection never built, then the version it saved last, searched in the database', async () => {
    const store = new PostgresIndexStore(db, 'two-versions');
    expect(await store.open()).toBeNull();
    expect(await store.load()).toBeNull();
    await store.save(contractRecords({ empty: true }));
    const saved = await store.save(contractRecords());
    const opened = (await store.open())!;
    expect(opened.manifest).toEqual(saved.manifest);
    expect(opened.passages).toBeInstanceOf(PostgresPassageIndex);
    expect(opened.passages.size).toBe(6);
  });

  it('loads the active version whole, vectors included, for the next build to reuse', async () => {
    const store = new PostgresIndexStore(db, 'load-whole');
    const records = contractRecords();
    await store.save(records);
    const loaded = (await store.load())!;
    expect(loaded.documents).toEqual(records.documents);
    expect(loaded.chunks).toEqual(records.chunks);
    expect(loaded.manifest).toMatchObject(records.manifest);
    expect(loaded.vectors).toHaveLength(records.vectors.length);
    loaded.vectors.forEach((x, i) => expect(x).toBeCloseTo(records.vectors[i]!, 6));
  });

  it('keeps collections apart: one collection never finds the other’s passages, terms or articles', async () => {
    const kursk = new PostgresIndexStore(db, 'apart-a');
    const empty = new PostgresIndexStore(db, 'apart-b');
    await kursk.save(contractRecords());
    await empty.save(contractRecords({ empty: true }));
    const other = (await empty.open())!;
    expect(other.documents).toEqual([]);
    expect(await other.passages.keywordSearch('captured soldier', 10)).toEqual([]);
    expect(await other.passages.passagesOf('kursk.md')).toEqual([]);
    // The same version id asked for under another collection finds nothing either: every statement filters by collection.
    const own = (await kursk.open())!.passages as PostgresPassageIndex;
    const forged = new PostgresPassageIndex(db, { ...own.version, collectionId: 'apart-b' });
    expect(await forged.keywordSearch('captured soldier', 10)).toEqual([]);
    expect(await forged.passagesOf('kursk.md')).toEqual([]);
    expect((await forged.idf(['soldier'])).get('soldier')).toBe(1);
  });

  const real = Boolean(process.env.TEST_DATABASE_URL);
  if (!real) it.skip('two builders of one collection: needs TEST_DATABASE_URL (PGlite is one session)', () => {});
  it.runIf(real)("two stores building one collection at once: one gets 'a reindex is running', the other's version answers", async () => {
    const [first, second] = [new PostgresIndexStore(db, 'two-builders'), new PostgresIndexStore(db, 'two-builders')];
    const results = await Promise.allSettled([first.save(contractRecords()), second.save(contractRecords())]);
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toBeInstanceOf(CollectionBusyError);
    expect((refused[0] as PromiseRejectedResult).reason.message).toMatch(/A reindex of collection "two-builders" is running in another process/);
    expect((await first.open())!.passages.size).toBe(6);
  });

  it('a cancelled build leaves the previous version answering, and the next build removes its rows', async () => {
    const store = new PostgresIndexStore(db, 'cancelled');
    await store.save(contractRecords());
    const controller = new AbortController();
    const cancelled = store.save(contractRecords({ empty: true }), { signal: controller.signal, onStage: () => controller.abort() });
    await expect(cancelled).rejects.toThrow();
    expect((await store.open())!.passages.size).toBe(6);
    const versions = async () => (await db.query(`SELECT count(*)::int AS n FROM versions WHERE collection_id = 'cancelled'`)).rows[0]!.n;
    expect(await versions()).toBe(2);
    await store.save(contractRecords());
    // The abandoned version and the one replaced are gone, their terms with them.
    expect(await versions()).toBe(2);
    const terms = await db.query(
      `SELECT count(DISTINCT t.version_id)::int AS n FROM passage_terms t WHERE t.collection_id = 'cancelled'`,
    );
    expect(terms.rows[0]!.n).toBe(2);
  });
});
