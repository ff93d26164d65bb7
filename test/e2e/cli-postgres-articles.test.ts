import { appendFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace, type Workspace } from '../support/engine-fixture.ts';
import { runCli } from '../support/run-cli.ts';
import { openSuiteDatabase, type SuiteDatabase } from '../support/test-database.ts';

/**
 * Where the articles live with DATABASE_URL, through the CLI as an operator
 * runs it: `npm run index` copies ARTICLES_DIR's changes (new, edited,
 * deleted files) into the database and builds from there; `npm run add`
 * stores an article in the database, not the folder, and the folder copy
 * never removes it. Real processes, against TEST_DATABASE_URL's server (a
 * schema of its own) or this file's own PGlite (whole).
 */
const WALRUS = 'walrus.md';
const WALRUS_MD = '---\ntitle: Walrus count on the ice shelf\noutlet: Polar Times\n---\nRangers counted 140 walruses on the ice shelf this spring.\n';
const EDITED = '001-upi-first-north-korean-pow-dies.md';
const DELETED = '004-nis-injured-north-korean-soldier-succumbs.md';
const LIGHTHOUSE_MD = '# Keeper retires\n\nThe Zorbulan lighthouse keeper retired on 3 March 2019 after forty years at the light.\n';

let database: SuiteDatabase;
let url: string;
let workspace: Workspace;

beforeAll(async () => {
  database = await openSuiteDatabase('test/e2e/cli-postgres-articles');
  url = database.url;
  workspace = await createWorkspace();
}, 120_000);
afterAll(async () => {
  await database?.close();
  await workspace?.cleanup();
});

const env = (): NodeJS.ProcessEnv => {
  const { TEST_DATABASE_URL: _, ...rest } = workspace.env;
  return { ...rest, DATABASE_URL: url };
};

/** The shared collection's article files in the database: name -> [origin, content]. */
async function storedFiles(): Promise<Record<string, [string, string]>> {
  const db = database.inspect();
  try {
    const rows = await db.query<{ name: string; origin: string; content: Buffer }>(`SELECT name, origin, content FROM article_files WHERE collection_id = 'shared' ORDER BY name`);
    return Object.fromEntries(rows.rows.map((r) => [r.name, [r.origin, r.content.toString('utf8')]]));
  } finally {
    await db.close();
  }
}

const ask = async (question: string) => {
  const result = await runCli('ask.ts', [question, '--json'], env());
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as { answered: boolean; answer: string; citations: { documentId: string; excerpt: string }[] };
};

describe('article files in PostgreSQL, through the CLI', () => {
  it('npm run index copies the folder in and builds from the database; npm run add stores in the database, not the folder', async () => {
    expect((await runCli('db-migrate.ts', [], env())).code).toBe(0);
    const first = await runCli('index-articles.ts', [], env(), 240_000);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain(`Copied ${workspace.articlesDir} into the database: +5 new, ~0 changed, -0 removed.`);
    expect(first.stderr).toMatch(/Indexed 5 articles/);
    const folderFiles = (await readdir(workspace.articlesDir)).sort();
    const stored = await storedFiles();
    expect(Object.keys(stored)).toEqual(folderFiles);
    expect(Object.values(stored).every(([origin]) => origin === 'folder')).toBe(true);

    const upload = path.join(workspace.root, 'lighthouse.md');
    await writeFile(upload, LIGHTHOUSE_MD);
    const added = await runCli('add.ts', [upload], env(), 240_000);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/^Added "Keeper retires": 1 passage, stored as keeper-retires-[0-9a-f]+\.md in collection "shared" of the database at 127\.0\.0\.1:\d+\n$/);
    const keeperId = /stored as (\S+\.md)/.exec(added.stdout)![1]!;
    expect((await readdir(workspace.articlesDir)).sort()).toEqual(folderFiles);
    expect((await storedFiles())[keeperId]?.[0]).toBe('added');
  }, 600_000);

  it('npm run index brings the folder’s new, edited and deleted files into the database, keeping what was added, and answers from them', async () => {
    await writeFile(path.join(workspace.articlesDir, WALRUS), WALRUS_MD);
    await appendFile(path.join(workspace.articlesDir, EDITED), '\nThe soldier’s body was handed to the Zorbulan embassy on 9 January.\n');
    await rm(path.join(workspace.articlesDir, DELETED));

    const again = await runCli('index-articles.ts', [], env(), 240_000);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(`Copied ${workspace.articlesDir} into the database: +1 new, ~1 changed, -1 removed, 3 unchanged.`);
    expect(again.stderr).toMatch(/Indexed 6 articles .*: \+1 new, ~1 changed, -1 removed, 4 unchanged/);

    const stored = await storedFiles();
    expect(Object.keys(stored).filter((name) => !name.startsWith('keeper-retires-'))).toEqual((await readdir(workspace.articlesDir)).sort());
    expect(stored[DELETED]).toBeUndefined();
    expect(stored[WALRUS]).toEqual(['folder', WALRUS_MD]);
    expect(stored[EDITED]![1]).toContain('handed to the Zorbulan embassy on 9 January');
    expect(Object.entries(stored).filter(([name]) => name.startsWith('keeper-retires-')).map(([, [origin]]) => origin)).toEqual(['added']);

    const walrus = await ask('How many walruses did rangers count on the ice shelf?');
    expect(walrus.answered).toBe(true);
    expect(walrus.citations.map((c) => c.documentId)).toContain(WALRUS);
    const embassy = await ask('Which embassy was the soldier’s body handed to?');
    expect(embassy.citations.some((c) => c.documentId === EDITED && c.excerpt.includes('Zorbulan embassy'))).toBe(true);
    const keeper = await ask('When did the Zorbulan lighthouse keeper retire?');
    expect(keeper.citations.some((c) => c.excerpt.includes('retired on 3 March 2019'))).toBe(true);
    const sources = await runCli('sources.ts', ['--json'], env());
    const ids = (JSON.parse(sources.stdout) as { documents: { documentId: string }[] }).documents.map((d) => d.documentId);
    expect(ids).not.toContain(DELETED);
    expect(ids).toHaveLength(6);
  }, 600_000);
});
