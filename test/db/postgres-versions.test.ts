import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_HNSW_EF_SEARCH } from '../../src/config.ts';
import { Database } from '../../src/db/connect.ts';
import { CollectionBusyError, LOCK_KEY, LOCK_NAMESPACE } from '../../src/db/collection-lock.ts';
import { DatabaseUnavailableError } from '../../src/db/database-errors.ts';
import { migrate } from '../../src/db/migrate.ts';
import { activeVersion, denseSearch, keywordSearch, listDocuments, passagesOf, type ActiveVersion } from '../../src/db/passage-queries.ts';
import { beginVersionBuild } from '../../src/db/version-writer.ts';
import { openTestServer, type TestSchema, type TestServer } from '../support/test-database.ts';
import { buildSample, MARKETS, sampleRecords, SOLDIER, WEATHER, writeSample } from './sample-version.ts';

let server: TestServer;
let schema: TestSchema;

beforeAll(async () => {
  server = await openTestServer();
  console.info(`test/db/postgres-versions: ${server.description}`);
});
afterAll(() => server?.close());
afterEach(() => schema?.drop());

async function migrated(): Promise<Database> {
  schema = await server.newSchema();
  const db = schema.open();
  await migrate(db);
  return db;
}

const active = async (db: Database, collection: string): Promise<ActiveVersion> => {
  const version = await activeVersion(db, collection);
  if (!version) throw new Error(`collection ${collection} has no active version`);
  return version;
};

/** Sessions holding the lock of this schema's 'shared' collection (pg_locks shows an advisory lock's two keys). */
const lockHolders = async (db: Database) =>
  (
    await db.query<{ pid: number }>(
      `SELECT pid FROM pg_locks
       WHERE locktype = 'advisory' AND classid = $1::integer::oid AND objid = ${LOCK_KEY}::oid
         AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      [LOCK_NAMESPACE, 'shared'],
    )
  ).rows.map((r) => r.pid);

/** Ends a session as a crash would, and waits until the server has let go of its locks. */
async function terminate(db: Database, pid: number): Promise<void> {
  await db.query('SELECT pg_terminate_backend($1)', [pid]);
  await expect.poll(() => lockHolders(db), { timeout: 10_000, interval: 50 }).not.toContain(pid);
}

const near = (x: number, y: number, z: number, w: number) => new Float32Array([x, y, z, w]);
const ids = (hits: { chunk: { documentId: string; index: number } }[]) => hits.map((h) => `${h.chunk.documentId}#${h.chunk.index}`);
const versionIds = async (db: Database) => (await db.query<{ id: string; status: string }>('SELECT id::text AS id, status FROM versions ORDER BY id')).rows;
const partitions = async (db: Database) =>
  (await db.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'chunks\\_v%' ORDER BY 1`)).rows.map((r) => r.t);

describe('a version written, switched to and searched', () => {
  it('answers dense (cosine, nearest first) and keyword (any of the question\'s words) searches with the right passages', async () => {
    const db = await migrated();
    await buildSample(db, 'shared', [SOLDIER, WEATHER, MARKETS]);
    const version = await active(db, 'shared');
    expect(version).toMatchObject({ dimensions: 4, size: 4, manifest: { model: { id: 'hand-made-4d' } } });

    const dense = await denseSearch(db, version, near(0.95, 0.05, 0, 0), 3);
    expect(ids(dense)).toEqual(['news/soldier.md#0', 'news/soldier.md#1', 'news/weather.md#0']);
    expect(dense.map((h) => h.row)).toEqual([0, 1, 2]);
    expect(dense[0]!.score).toBeGreaterThan(dense[1]!.score);
    expect(dense[0]!.score).toBeCloseTo(0.9986, 3);
    // The passage comes back as the file store keeps it.
    expect(dense[0]!.chunk).toEqual(sampleRecords([SOLDIER]).chunks[0]);

    // "When" and "did" are stop words; "soldier" and "die" (from "died") are in one passage only.
    expect(ids(await keywordSearch(db, version, 'When did the soldier die?', 5))).toEqual(['news/soldier.md#0']);
    // Terms are OR-ed: a question whose words are spread over passages still finds each of them.
    const spread = await keywordSearch(db, version, 'snow, interest rates and the captured soldier', 5);
    expect(ids(spread).sort()).toEqual(['markets.md#0', 'news/soldier.md#0', 'news/soldier.md#1', 'news/weather.md#0']);
    // Rank: the passage matching two of the words comes before those matching one.
    expect(ids(await keywordSearch(db, version, 'interest rates in Seoul', 5))).toEqual(['markets.md#0', 'news/weather.md#0']);
    expect(await keywordSearch(db, version, 'the of and?', 5)).toEqual([]);
    expect(ids(await keywordSearch(db, version, "Kursk's O'Brien \\ 'quoted' & | ! words", 5))).toEqual(['news/soldier.md#1']);
  });

  it('lists the articles in build order, and fetches passages by row and by article', async () => {
    const db = await migrated();
    await buildSample(db, 'shared', [SOLDIER, WEATHER]);
    const version = await active(db, 'shared');
    expect(await listDocuments(db, version)).toEqual(sampleRecords([SOLDIER, WEATHER]).documents);
    expect((await passagesOf(db, version, SOLDIER.id)).map((c) => c.text)).toEqual(SOLDIER.passages.map((p) => p.text));
    expect(await passagesOf(db, version, 'no-such.md')).toEqual([]);
  });

  it('switches to a rebuilt version in one step and removes the superseded one at the next build', async () => {
    const db = await migrated();
    const first = await buildSample(db, 'shared', [SOLDIER]);
    const second = await buildSample(db, 'shared', [WEATHER]);
    expect((await active(db, 'shared')).id).toBe(second);
    expect(ids(await denseSearch(db, await active(db, 'shared'), near(1, 0, 0, 0), 5))).toEqual(['news/weather.md#0']);
    // The version before stays until the next build, like the file store's previous version.
    expect((await versionIds(db)).map((v) => v.id)).toEqual([first, second]);
    const third = await buildSample(db, 'shared', [MARKETS]);
    expect((await versionIds(db)).map((v) => v.id)).toEqual([second, third]);
    expect(await partitions(db)).toEqual([`chunks_v${second}`, `chunks_v${third}`]);
  });
});

describe('the dense query plan', () => {
  it('walks the version partition\'s HNSW index, not a sort of every row', async () => {
    schema = await server.newSchema();
    // One connection, so the planner setting below holds for the EXPLAIN.
    const db = schema.open({ maxConnections: 1 });
    await migrate(db);
    const n = 300;
    const records = sampleRecords([
      { id: 'many.md', title: 'Many', passages: Array.from({ length: n }, (_, i) => ({ text: `passage ${i}`, vector: [Math.cos(i), Math.sin(i), (i % 7) / 7, 1] as [number, number, number, number] })) },
    ]);
    const build = await beginVersionBuild(db, 'shared', records.manifest, records.statistics);
    await build.writeDocuments(records.documents);
    await build.writeChunks(records.chunks, records.vectors);
    await build.finish();
    const version = await active(db, 'shared');
    // The statement denseSearch sends, caught on its way to the server.
    const sent: { text: string; values: unknown[] }[] = [];
    const query = db.pool.query.bind(db.pool) as (text: string, values?: unknown[]) => Promise<unknown>;
    (db.pool as unknown as { query: typeof query }).query = (text, values = []) => (sent.push({ text, values }), query(text, values));
    const hits = await denseSearch(db, version, near(1, 0, 0, 1), 5);
    expect(hits).toHaveLength(5);
    expect(hits[0]!.row).toBe(0);
    const dense = sent.at(-1)!;
    expect(dense.text).toContain('<=>');
    // A table this small is cheaper to sort than to walk by index, so sorting is priced out:
    // the plan then reads the HNSW index in order, unless the query's ORDER BY is one the
    // index cannot give (a second, tie-breaking key did that: the planner sorted every row).
    await db.query('SET enable_sort = off');
    const plan = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${dense.text}`, dense.values);
    const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toMatch(new RegExp(`Index Scan using \\S*embedding\\S* on chunks_v${version.id}\\b`));
    expect(text).not.toMatch(/Sort|Seq Scan/);
  });
});

describe('the keyword query plan and the dense search setting', () => {
  it("reads each question term's best postings from the front of the version's (term, impact DESC) index", async () => {
    schema = await server.newSchema();
    const db = schema.open({ maxConnections: 1 });
    await migrate(db);
    const n = 300;
    await buildSample(db, 'shared', [
      { id: 'many.md', title: 'Many', passages: Array.from({ length: n }, (_, i) => ({ text: `ferry ${i % 3 === 0 ? 'harbour' : 'storm'} passage ${i}`, vector: [1, i, 0, 1] as [number, number, number, number] })) },
    ]);
    const version = await active(db, 'shared');
    const sent: { text: string; values: unknown[] }[] = [];
    const query = db.pool.query.bind(db.pool) as (text: string, values?: unknown[]) => Promise<unknown>;
    (db.pool as unknown as { query: typeof query }).query = (text, values = []) => (sent.push({ text, values }), query(text, values));
    const hits = await keywordSearch(db, version, 'harbour ferry', 5);
    expect(hits).toHaveLength(5);
    const keyword = sent.at(-1)!;
    // 300 passages are cheaper to read whole than through an index: reading whole is priced out, as for the dense plan.
    await db.query('SET enable_bitmapscan = off');
    await db.query('SET enable_sort = off');
    const plan = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${keyword.text}`, keyword.values);
    const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toMatch(new RegExp(`Index Only Scan using \\S+ on passage_postings_v${version.id}\\b`));
    expect(text).not.toMatch(/Seq Scan on passage_postings/);
  });

  it('searches on every connection with DATABASE_HNSW_EF_SEARCH (default DEFAULT_HNSW_EF_SEARCH)', async () => {
    schema = await server.newSchema();
    const setting = async (db: Database) => (await db.query<{ ef: string }>(`SELECT current_setting('hnsw.ef_search') AS ef`)).rows[0]!.ef;
    expect(await setting(schema.open())).toBe(String(DEFAULT_HNSW_EF_SEARCH));
    const configured = new Database({ ...schema.config(), hnswEfSearch: 321 }, { schema: schema.name, maxConnections: 1 });
    try {
      expect(await setting(configured)).toBe('321');
      await migrate(configured);
      await buildSample(configured, 'shared', [SOLDIER, WEATHER]);
      expect(ids(await denseSearch(configured, await active(configured, 'shared'), near(0, 1, 0, 0), 1))).toEqual(['news/weather.md#0']);
      expect(await setting(configured)).toBe('321');
    } finally {
      await configured.close();
    }
  });
});

describe('how a version is built', () => {
  it('indexes with DATABASE_BUILD_MEMORY_MB, attaches the partition with the parent\'s own indexes, and gives the connection back as it was', async () => {
    schema = await server.newSchema();
    const configured = new Database({ ...schema.config(), buildMemoryMb: 200 }, { schema: schema.name, maxConnections: 1 });
    try {
      await migrate(configured);
      const show = async (name: string) => (await configured.query<{ value: string }>(`SELECT current_setting('${name}') AS value`)).rows[0]!.value;
      const serverMemory = await show('maintenance_work_mem');
      expect(serverMemory).not.toBe('200MB');
      const serverTimeout = await show('statement_timeout');
      // What the build's own session has set when it creates the HNSW index, asked on that session.
      let memoryWhileIndexing: string | undefined;
      const connect = configured.connect.bind(configured);
      configured.connect = async () => {
        const client = await connect();
        const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
        // Passed on whole: the pool itself calls query with a callback once the client is back in it.
        (client as unknown as { query: typeof query }).query = async (...args) => {
          if (typeof args[0] === 'string' && args[0].includes('USING hnsw')) {
            memoryWhileIndexing = ((await query('SHOW maintenance_work_mem')) as { rows: { maintenance_work_mem: string }[] }).rows[0]!.maintenance_work_mem;
          }
          return query(...args);
        };
        return client;
      };
      await buildSample(configured, 'shared', [SOLDIER, WEATHER, MARKETS]);
      expect(memoryWhileIndexing).toBe('200MB');
      expect(await show('maintenance_work_mem')).toBe(serverMemory);
      expect(await show('synchronous_commit')).toBe('on');
      expect(await show('statement_timeout')).toBe(serverTimeout);

      const version = await active(configured, 'shared');
      const partition = `chunks_v${version.id}`;
      // Built before ATTACH PARTITION and adopted by it: one index per index of the parent (none built twice), plus the HNSW one.
      const indexes = await configured.query<{ name: string; attached: boolean }>(
        `SELECT c.relname AS name, EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid) AS attached
         FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
         WHERE t.relname = $1 AND t.relnamespace = to_regnamespace($2) ORDER BY 1`,
        [partition, schema.name],
      );
      expect(indexes.rows.filter((r) => r.attached)).toHaveLength(3);
      expect(indexes.rows.filter((r) => !r.attached).map((r) => r.name)).toEqual([expect.stringContaining('embedding')]);
      const parent = await configured.query<{ parent: string }>(
        `SELECT p.relname AS parent FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent WHERE i.inhrelid = to_regclass($1)`,
        [partition],
      );
      expect(parent.rows).toEqual([{ parent: 'chunks' }]);
      expect(ids(await keywordSearch(configured, version, 'interest rates in Seoul', 5))).toEqual(['markets.md#0', 'news/weather.md#0']);
    } finally {
      await configured.close();
    }
  });
});

describe('a killed build', () => {
  it('leaves the previous version answering, and the next build removes its rows', async () => {
    const db = await migrated();
    const previous = await buildSample(db, 'shared', [SOLDIER]);
    // Every row written, never switched to: then the builder is gone (its connection closed, as when the process dies).
    const killed = await writeSample(db, 'shared', [WEATHER, MARKETS]);
    await killed.abandon();

    const version = await active(db, 'shared');
    expect(version.id).toBe(previous);
    expect(ids(await denseSearch(db, version, near(0, 1, 0, 0), 5))).toEqual(['news/soldier.md#1', 'news/soldier.md#0']);
    expect(await keywordSearch(db, version, 'snow in Seoul', 5)).toEqual([]);
    expect(await versionIds(db)).toEqual([
      { id: previous, status: 'ready' },
      { id: killed.versionId, status: 'building' },
    ]);

    const next = await writeSample(db, 'shared', [MARKETS]);
    expect(next.removedVersions).toEqual([killed.versionId]);
    await next.finish();
    expect((await versionIds(db)).map((v) => v.id)).toEqual([previous, next.versionId]);
    expect(await partitions(db)).toEqual([`chunks_v${previous}`, `chunks_v${next.versionId}`]);
    const leftovers = await db.query('SELECT count(*)::integer AS n FROM documents WHERE version_id = $1', [killed.versionId]);
    expect(leftovers.rows[0]).toEqual({ n: 0 });
  });

  it.runIf(Boolean(process.env.TEST_DATABASE_URL))('whose session the server ends mid-write leaves the previous version answering (real server)', async () => {
    const db = await migrated();
    const previous = await buildSample(db, 'shared', [SOLDIER]);
    const records = sampleRecords([WEATHER]);
    const build = await beginVersionBuild(db, 'shared', records.manifest, records.statistics);
    await build.writeDocuments(records.documents);
    // Another session ends the builder's (the one holding the lock), as a crash or a network cut would.
    const [builder] = await lockHolders(db);
    await terminate(db, builder!);
    // writeChunks returns once its last batch is sent: the lost connection is reported by finish().
    await expect(build.writeChunks(records.chunks, records.vectors).then(() => build.finish())).rejects.toBeInstanceOf(DatabaseUnavailableError);
    await build.abandon();
    expect((await active(db, 'shared')).id).toBe(previous);
    const next = await buildSample(db, 'shared', [MARKETS]);
    expect((await active(db, 'shared')).id).toBe(next);
    expect((await versionIds(db)).map((v) => v.id)).toEqual([previous, next]);
  });
});

describe('collections', () => {
  it('never see one another\'s rows, even given the other\'s version id', async () => {
    const db = await migrated();
    await buildSample(db, '111111111111111111', [SOLDIER]);
    await buildSample(db, '222222222222222222', [WEATHER, MARKETS]);
    const one = await active(db, '111111111111111111');
    const two = await active(db, '222222222222222222');
    expect(ids(await denseSearch(db, one, near(0, 1, 0, 0), 10))).toEqual(['news/soldier.md#1', 'news/soldier.md#0']);
    expect(ids(await keywordSearch(db, one, 'snow rates soldier', 10))).toEqual(['news/soldier.md#0']);
    expect((await listDocuments(db, two)).map((d) => d.id)).toEqual([WEATHER.id, MARKETS.id]);
    // A version id taken from the other collection finds nothing: every query filters by collection too.
    const forged = { ...one, id: two.id };
    expect(await denseSearch(db, forged, near(0, 1, 0, 0), 10)).toEqual([]);
    expect(await keywordSearch(db, forged, 'snow', 10)).toEqual([]);
    expect(await listDocuments(db, forged)).toEqual([]);
    expect(await passagesOf(db, forged, WEATHER.id)).toEqual([]);
    // A rebuild of one collection leaves the other's versions alone.
    await buildSample(db, '111111111111111111', [MARKETS]);
    await buildSample(db, '111111111111111111', [MARKETS]);
    expect((await active(db, '222222222222222222')).id).toBe(two.id);
    expect(await activeVersion(db, '333333333333333333')).toBeNull();
  });
});

describe('several sessions (real server only)', () => {
  const real = Boolean(process.env.TEST_DATABASE_URL);
  if (!real) it.skip('advisory lock and statement timeout between connections: need TEST_DATABASE_URL (PGlite is one session)', () => {});

  it.runIf(real)('a second builder of a collection gets "a reindex is running" while the first holds its lock; another collection builds meanwhile', async () => {
    const db = await migrated();
    const other = schema.open();
    const first = await writeSample(db, 'shared', [SOLDIER]);
    const weather = sampleRecords([WEATHER]);
    await expect(beginVersionBuild(other, 'shared', weather.manifest, weather.statistics)).rejects.toThrow(CollectionBusyError);
    await expect(beginVersionBuild(other, 'shared', weather.manifest, weather.statistics)).rejects.toThrow(/A reindex of collection "shared" is running/);
    await buildSample(other, 'elsewhere', [WEATHER]);
    await first.finish();
    // Released: the next build goes ahead.
    await buildSample(other, 'shared', [WEATHER]);
    expect(ids(await denseSearch(db, await active(db, 'shared'), near(0, 1, 0, 0), 1))).toEqual(['news/weather.md#0']);
  });

  it.runIf(real)('a killed builder\'s lock is released with its session', async () => {
    const db = await migrated();
    const first = await writeSample(db, 'shared', [SOLDIER]);
    const holders = await lockHolders(db);
    expect(holders).toHaveLength(1);
    await expect(writeSample(schema.open(), 'shared', [WEATHER])).rejects.toThrow(CollectionBusyError);
    // The builder's session ends without a word (killed process): the server frees the lock.
    await terminate(db, holders[0]!);
    const second = await writeSample(schema.open(), 'shared', [WEATHER]);
    expect(second.removedVersions).toEqual([first.versionId]);
    await second.finish();
    await first.abandon();
  });

  it.runIf(real)('cancels a statement that runs past DATABASE_STATEMENT_TIMEOUT_MS on every connection, with a clear error', async () => {
    schema = await server.newSchema();
    const { Database } = await import('../../src/db/connect.ts');
    const db = new Database(schema.config(200), { schema: schema.name, maxConnections: 2 });
    try {
      const slow = await Promise.allSettled([db.query('SELECT pg_sleep(3)'), db.query('SELECT pg_sleep(3)')]);
      for (const outcome of slow) {
        expect(outcome.status).toBe('rejected');
        const reason = (outcome as PromiseRejectedResult).reason as Error;
        expect(reason).toBeInstanceOf(DatabaseUnavailableError);
        expect(reason.message).toMatch(/ran longer than DATABASE_STATEMENT_TIMEOUT_MS and was cancelled/);
      }
      expect((await db.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
    } finally {
      await db.close();
    }
  });
});
