import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertSchemaCurrent, ensurePgvector, migrate } from '../../src/db/migrate.ts';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/db/migrations.ts';
import { Database } from '../../src/db/connect.ts';
import { vectorLiteral } from '../../src/db/chunk-partition.ts';
import { writeDocumentFrequencies } from '../../src/db/passage-terms.ts';
import { PostgresIndexStore } from '../../src/db/postgres-index-store.ts';
import { MARKETS, SOLDIER, WEATHER, sampleRecords, type SampleArticle } from './sample-version.ts';
import { openTestServer, type TestSchema, type TestServer } from '../support/test-database.ts';

/**
 * Migration 3 (BM25 postings) upgrading a database that a release at schema
 * version 2 built and answers from: the upgrade keeps its active version
 * answering (by full-text search, as before), and the next build writes
 * postings and is searched by BM25.
 */
let server: TestServer;
let schema: TestSchema;
let db: Database | undefined;

beforeAll(async () => {
  server = await openTestServer();
  console.info(`test/db/migrate-postings: ${server.description}`);
});
afterAll(() => server?.close());
afterEach(async () => {
  await db?.close();
  await schema?.drop();
});

/** What `npm run db:migrate` of a release at schema version 2 left: migrations 1 and 2 and their bookkeeping. */
async function schemaAtVersion2(db: Database): Promise<void> {
  await ensurePgvector(db);
  await db.query('CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
  for (const m of MIGRATIONS.filter((m) => m.version <= 2)) {
    await db.query(m.sql);
    await db.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
  }
}

/** The rows that release's build wrote for these articles (no postings: it had none), made active. */
async function versionBuiltAtVersion2(db: Database, collection: string, articles: readonly SampleArticle[]): Promise<string> {
  const records = sampleRecords(articles);
  await db.query('INSERT INTO collections (id) VALUES ($1)', [collection]);
  const version = (
    await db.query<{ id: string }>(
      `INSERT INTO versions (collection_id, status, manifest, model_id, dimensions, ready_at) VALUES ($1, 'ready', $2, $3, 4, now()) RETURNING id::text AS id`,
      [collection, JSON.stringify(records.manifest), records.manifest.model.id],
    )
  ).rows[0]!.id;
  for (const [i, d] of records.documents.entries()) {
    await db.query(
      `INSERT INTO documents (version_id, collection_id, id, position, title, outlet, date, byline, url, hash, bytes, chunks) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [version, collection, d.id, i, d.title, d.outlet, d.date, d.byline, d.url, d.hash, d.bytes, d.chunks],
    );
  }
  await db.query(`CREATE TABLE chunks_v${version} PARTITION OF chunks FOR VALUES IN (${version})`);
  for (const [i, c] of records.chunks.entries()) {
    await db.query(
      `INSERT INTO chunks (version_id, collection_id, position, document_id, chunk_index, start_offset, end_offset, text, sentences, embedding) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [version, collection, i, c.documentId, c.index, c.start, c.end, c.text, JSON.stringify(c.sentences), vectorLiteral(records.vectors.subarray(i * 4, i * 4 + 4))],
    );
  }
  await writeDocumentFrequencies(db, collection, version, records.statistics.df);
  await db.query('UPDATE collections SET active_version = $1 WHERE id = $2', [version, collection]);
  return version;
}

const keywordRows = async (store: PostgresIndexStore, question: string) => {
  const opened = (await store.open())!;
  return (await opened.passages.keywordSearch(question, 5)).map((hit) => `${hit.chunk.documentId}#${hit.chunk.index}`);
};

describe('migration 3 on a database built at schema version 2', () => {
  it('upgrades it in place: the old version answers by full-text search until the next build, which is searched by BM25', async () => {
    schema = await server.newSchema();
    // Two connections, also on PGlite (its one session is never used by both at once): a build holds
    // one for its advisory lock while the other writes the version's term counts.
    db = new Database(schema.config(), { schema: schema.name, maxConnections: 2 });
    await schemaAtVersion2(db);
    const old = await versionBuiltAtVersion2(db, 'shared', [SOLDIER, WEATHER]);
    await expect(assertSchemaCurrent(db)).rejects.toThrow(`has schema version 2; this code needs version ${SCHEMA_VERSION}. Run \`npm run db:migrate\``);

    const result = await migrate(db);
    expect(result).toMatchObject({ from: 2, to: SCHEMA_VERSION });
    expect(result.applied[0]).toEqual({ version: 3, name: 'BM25 postings per version' });
    await expect(assertSchemaCurrent(db)).resolves.toBeUndefined();

    const store = new PostgresIndexStore(db, 'shared');
    const before = await db.query('SELECT id::text AS id, keyword_postings FROM versions');
    expect(before.rows).toEqual([{ id: old, keyword_postings: false }]);
    expect(await keywordRows(store, 'When did the captured soldier die?')).toEqual(['news/soldier.md#0', 'news/soldier.md#1']);
    expect(await keywordRows(store, 'snow in Seoul')).toEqual(['news/weather.md#0']);

    await store.save(sampleRecords([SOLDIER, MARKETS]));
    const after = await db.query(`SELECT keyword_postings FROM versions v JOIN collections c ON c.active_version = v.id`);
    expect(after.rows).toEqual([{ keyword_postings: true }]);
    const postings = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM passage_postings');
    expect(postings.rows[0]!.n).toBeGreaterThan(0);
    expect(await keywordRows(store, 'When did the captured soldier die?')).toEqual(['news/soldier.md#0', 'news/soldier.md#1']);
    expect(await keywordRows(store, 'interest rates')).toEqual(['markets.md#0']);
    expect(await keywordRows(store, 'snow in Seoul')).toEqual([]);
  });
});
