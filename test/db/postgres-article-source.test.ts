import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FolderArticleSource, loadArticlesFrom } from '../../src/articles/index.ts';
import { Database } from '../../src/db/connect.ts';
import { migrate } from '../../src/db/migrate.ts';
import { PostgresArticleSource } from '../../src/db/postgres-article-source.ts';
import { openTestServer, type TestSchema, type TestServer } from '../support/test-database.ts';

/**
 * A collection's article files in PostgreSQL (`article_files`): the folder
 * copy `npm run index` makes, what it keeps, and what a build sees when the
 * database fails while it reads.
 */
const MAX_BYTES = 1000;
const GUILD = '123456789012345678';

let server: TestServer;
let schema: TestSchema;
let folder: string;

beforeAll(async () => {
  server = await openTestServer();
  console.info(`test/db/postgres-article-source: ${server.description}`);
});
afterAll(() => server?.close());
afterEach(async () => {
  await schema?.drop();
  await rm(folder, { recursive: true, force: true });
});

async function setUp(): Promise<Database> {
  schema = await server.newSchema();
  folder = await mkdtemp(path.join(os.tmpdir(), 'articles-db-'));
  const db = schema.open({ maxConnections: 2 });
  await migrate(db);
  return db;
}

const text = async (source: PostgresArticleSource, id: string) => {
  const read = await source.read(id, MAX_BYTES);
  return read.ok ? Buffer.from(read.value).toString('utf8') : `(${read.reason})`;
};

describe('PostgresArticleSource', () => {
  it('copies the folder’s new, changed and deleted files, names the ones it cannot copy, and keeps articles added from Discord', async () => {
    const db = await setUp();
    await writeFile(path.join(folder, 'a.md'), 'Alpha text.\n');
    await writeFile(path.join(folder, 'b.md'), 'Beta text.\n');
    const source = new PostgresArticleSource(db, 'shared', folder, MAX_BYTES);
    const first = await source.copyFolder();
    expect(first).toMatchObject({ added: ['a.md', 'b.md'], changed: [], removed: [], unchanged: 0, problems: [] });
    await source.write('uploaded.md', new TextEncoder().encode('Uploaded text.\n'));

    await writeFile(path.join(folder, 'a.md'), 'Alpha text, edited.\n');
    await rm(path.join(folder, 'b.md'));
    await writeFile(path.join(folder, 'c.md'), 'Gamma text.\n');
    await writeFile(path.join(folder, 'huge.md'), 'x'.repeat(MAX_BYTES + 1));
    const second = await source.copyFolder();
    expect(second).toMatchObject({ added: ['c.md'], changed: ['a.md'], removed: ['b.md'], unchanged: 0 });
    expect(second.problems).toEqual([{ path: 'huge.md', reason: expect.stringMatching(/^is too large: .* over the 1000 bytes limit/), skipped: true }]);
    expect((await source.list()).files.map((f) => f.id)).toEqual(['a.md', 'c.md', 'uploaded.md']);
    expect(await text(source, 'a.md')).toBe('Alpha text, edited.\n');
    expect(await text(source, 'uploaded.md')).toBe('Uploaded text.\n');
    expect(await text(source, 'b.md')).toMatch(/no longer in the collection/);

    // Another collection's files are its own.
    const other = new PostgresArticleSource(db, GUILD, path.join(folder, 'guilds', GUILD), MAX_BYTES);
    expect(await other.exists()).toBe(false);
    await other.create(source);
    expect(await other.exists()).toBe(true);
    expect((await other.list()).files.map((f) => f.id)).toEqual(['a.md', 'c.md', 'uploaded.md']);
    await other.remove('a.md');
    expect((await source.list()).files.map((f) => f.id)).toEqual(['a.md', 'c.md', 'uploaded.md']);
    await other.destroy();
    expect(await other.exists()).toBe(false);
    expect((await db.query(`SELECT count(*)::int AS n FROM article_files WHERE collection_id = $1`, [GUILD])).rows[0]).toEqual({ n: 0 });
  });

  it('reads what a folder reads: a build from either gives the same documents', async () => {
    const db = await setUp();
    await writeFile(path.join(folder, 'story.md'), '---\ntitle: Ferry\noutlet: Gazette\n---\nThe ferry carried 212 passengers.\n');
    await writeFile(path.join(folder, 'empty.md'), '');
    const fromFolder = await loadArticlesFrom(new FolderArticleSource(folder), { maxFileBytes: MAX_BYTES });
    const fromDatabase = await loadArticlesFrom(new PostgresArticleSource(db, 'shared', folder, MAX_BYTES), { maxFileBytes: MAX_BYTES });
    expect(fromDatabase).toEqual(fromFolder);
    expect(fromDatabase.documents.map((d) => d.title)).toEqual(['Ferry']);
    expect(fromDatabase.problems.map((p) => p.path)).toEqual(['empty.md']);
  });

  it('stops a build when the database fails while it reads, instead of leaving the articles out', async () => {
    const db = await setUp();
    await writeFile(path.join(folder, 'a.md'), 'Alpha text.\n');
    await writeFile(path.join(folder, 'b.md'), 'Beta text.\n');
    const source = new PostgresArticleSource(db, 'shared', folder, MAX_BYTES);
    // The connection goes after the files are listed, before their contents are read.
    const failing = new Proxy(source, {
      get: (target, key) =>
        key === 'list'
          ? async () => {
              const listing = await target.list();
              await db.close();
              return listing;
            }
          : Reflect.get(target, key),
    });
    await expect(loadArticlesFrom(failing, { maxFileBytes: MAX_BYTES })).rejects.toThrow(/Cannot use a pool after calling end on the pool/);
  });
});
