import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadArticlesFrom } from '../../src/articles/index.ts';
import { Database } from '../../src/db/connect.ts';
import { assertSchemaCurrent, ensurePgvector, migrate } from '../../src/db/migrate.ts';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/db/migrations.ts';
import { PostgresArticleSource } from '../../src/db/postgres-article-source.ts';
import { PostgresIndexStore } from '../../src/db/postgres-index-store.ts';
import { openTestServer, type TestSchema, type TestServer } from '../support/test-database.ts';
import { SOLDIER, WEATHER, MARKETS, sampleRecords } from './sample-version.ts';

/**
 * Migration 4 (article files in the database) upgrading a database that a
 * release at schema version 3 built and answers from: every collection keeps
 * answering from its version, and the first use of a collection's articles
 * copies its folder in, once, so no article is lost by the upgrade.
 */
const GUILD = '123456789012345678';
const MAX_BYTES = 1024 * 1024;
const SOLDIER_MD = '---\ntitle: Captured North Korean soldier dies of wounds\n---\nThe North Korean soldier died of his wounds on Friday.\n';
const WEATHER_MD = '# Snow in Seoul\n\nHeavy snow fell across Seoul, closing schools and roads.\n';

let server: TestServer;
let schema: TestSchema;
let db: Database | undefined;
let folder: string;

beforeAll(async () => {
  server = await openTestServer();
  console.info(`test/db/migrate-article-files: ${server.description}`);
});
afterAll(() => server?.close());
afterEach(async () => {
  await db?.close();
  await schema?.drop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

/** What `npm run db:migrate` of a release at schema version 3 left: migrations 1 to 3 and their bookkeeping. */
async function schemaAtVersion3(db: Database): Promise<void> {
  await ensurePgvector(db);
  await db.query('CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
  for (const m of MIGRATIONS.filter((m) => m.version <= 3)) {
    await db.query(m.sql);
    await db.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
  }
}

const titles = async (store: PostgresIndexStore) => (await store.open())!.documents.map((d) => d.title);

describe('migration 4 on a database built at schema version 3', () => {
  it('keeps every collection answering, and copies a collection’s folder in the first time its articles are needed', async () => {
    schema = await server.newSchema();
    db = new Database(schema.config(), { schema: schema.name, maxConnections: 2 });
    await schemaAtVersion3(db);
    // What that release's builds wrote (its code writes versions exactly as this one does).
    const shared = new PostgresIndexStore(db, 'shared');
    await shared.save(sampleRecords([SOLDIER, WEATHER]));
    const guild = new PostgresIndexStore(db, GUILD);
    await guild.save(sampleRecords([MARKETS]));
    await expect(assertSchemaCurrent(db)).rejects.toThrow(`has schema version 3; this code needs version ${SCHEMA_VERSION}. Run \`npm run db:migrate\``);

    const result = await migrate(db);
    expect(result).toMatchObject({ from: 3, to: SCHEMA_VERSION });
    expect(result.applied[0]).toEqual({ version: 4, name: 'article files per collection' });
    await expect(assertSchemaCurrent(db)).resolves.toBeUndefined();

    // Both collections answer from the versions built before the upgrade.
    expect(await titles(shared)).toEqual(['Captured North Korean soldier dies of wounds', 'Snow in Seoul']);
    expect(await titles(guild)).toEqual(['Rates rise']);
    const hits = await (await shared.open())!.passages.keywordSearch('When did the soldier die?', 3);
    expect(hits.map((h) => h.chunk.documentId)).toContain('news/soldier.md');
    const copied = await db.query('SELECT id, articles_copied_at FROM collections ORDER BY id');
    expect(copied.rows).toEqual([
      { id: GUILD, articles_copied_at: null },
      { id: 'shared', articles_copied_at: null },
    ]);
    expect((await db.query('SELECT count(*)::int AS n FROM article_files')).rows[0]).toEqual({ n: 0 });

    // The machine with the shared collection's folder: its first use copies the folder in.
    folder = await mkdtemp(path.join(os.tmpdir(), 'articles-upgrade-'));
    await mkdir(path.join(folder, 'news'));
    await writeFile(path.join(folder, 'news', 'soldier.md'), SOLDIER_MD);
    await writeFile(path.join(folder, 'news', 'weather.md'), WEATHER_MD);
    const here = new PostgresArticleSource(db, 'shared', folder, MAX_BYTES);
    const loaded = await loadArticlesFrom(here, { maxFileBytes: MAX_BYTES });
    expect(loaded.documents.map((d) => [d.id, d.title])).toEqual([
      ['news/soldier.md', 'Captured North Korean soldier dies of wounds'],
      ['news/weather.md', 'Snow in Seoul'],
    ]);
    expect(loaded.problems).toEqual([]);
    const rows = await db.query<{ name: string; origin: string; size: string }>(`SELECT name, origin, size::text AS size FROM article_files WHERE collection_id = 'shared' ORDER BY name`);
    expect(rows.rows).toEqual([
      { name: 'news/soldier.md', origin: 'folder', size: String(Buffer.byteLength(SOLDIER_MD)) },
      { name: 'news/weather.md', origin: 'folder', size: String(Buffer.byteLength(WEATHER_MD)) },
    ]);

    // Once: another process, whose folder is empty (another machine), reads the same files from the database.
    await rm(folder, { recursive: true, force: true });
    const elsewhere = new PostgresArticleSource(db, 'shared', path.join(folder, 'not-here'), MAX_BYTES);
    const read = await elsewhere.read('news/weather.md', MAX_BYTES);
    expect(read.ok && Buffer.from(read.value).toString('utf8')).toBe(WEATHER_MD);
    expect((await elsewhere.list()).files.map((f) => f.id)).toEqual(['news/soldier.md', 'news/weather.md']);

    // The server's collection predates the upgrade: it exists (it has a version) though no folder of it is here.
    const guildArticles = new PostgresArticleSource(db, GUILD, path.join(folder, 'guilds', GUILD), MAX_BYTES);
    expect(await guildArticles.exists()).toBe(true);
    expect(await new PostgresArticleSource(db, '223456789012345678', path.join(folder, 'guilds', 'none'), MAX_BYTES).exists()).toBe(false);
  });
});
