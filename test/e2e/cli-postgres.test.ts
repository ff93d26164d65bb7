import { readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace, type Workspace } from '../support/engine-fixture.ts';
import { runCli } from '../support/run-cli.ts';
import { openSuiteDatabase, type SuiteDatabase } from '../support/test-database.ts';

/**
 * The CLI as an operator runs it with DATABASE_URL set: every command a real
 * process, against the test database (TEST_DATABASE_URL's server, or PGlite).
 * On a real server the CLI works in a schema of its own, named in the URL's
 * startup options; PGlite ignores those, so there each test file's own PGlite
 * is used whole (its public schema).
 */
const GUILD = '123456789012345678';
const QUESTION = 'When did the soldier die?';

let database: SuiteDatabase;
let url: string;
let files: Workspace;
let postgres: Workspace;

beforeAll(async () => {
  database = await openSuiteDatabase('test/e2e/cli-postgres');
  url = database.url;
  [files, postgres] = await Promise.all([createWorkspace(), createWorkspace({ env: { COLLECTIONS: 'per-guild', SEED_NEW_GUILDS: 'false' } })]);
}, 120_000);
afterAll(async () => {
  await database?.close();
  await files?.cleanup();
  await postgres?.cleanup();
});

/** The workspace's settings with DATABASE_URL pointing at the test database (and no TEST_DATABASE_URL leaking in). */
const withDatabase = (workspace: Workspace): NodeJS.ProcessEnv => {
  const { TEST_DATABASE_URL: _, ...env } = workspace.env;
  return { ...env, DATABASE_URL: url };
};
const withoutDatabase = (workspace: Workspace): NodeJS.ProcessEnv => {
  const { TEST_DATABASE_URL: _, DATABASE_URL: __, ...env } = workspace.env;
  return env;
};
const versionFolders = async (dir: string) => (await readdir(dir).catch(() => [] as string[])).filter((name) => /^v\d+$/.test(name));

interface AnswerJson {
  answered: boolean;
  answer: string;
  facts: { kind: string; agree: boolean; values: { value: string; label: string; quote: string; resolvedFrom: string | null }[] } | null;
  citations: { documentId: string; excerpt: string }[];
}

/**
 * What an answer says and which passages it quotes, without scores or the
 * order of its citations: ts_rank does not score like BM25, so fusion may
 * order equally good passages differently (and number the citations so).
 */
function gist(stdout: string) {
  const answer = JSON.parse(stdout) as AnswerJson;
  return {
    answered: answer.answered,
    answer: answer.answer.replace(/\[\d+\]/g, '[n]'),
    facts: answer.facts && { ...answer.facts, values: answer.facts.values.map(({ value, label, quote, resolvedFrom }) => ({ value, label, quote, resolvedFrom })) },
    citations: answer.citations.map((c) => `${c.documentId}: ${c.excerpt}`).sort(),
  };
}

describe('the CLI with DATABASE_URL (PostgreSQL store)', () => {
  it('refuses to run against a database without the schema, naming npm run db:migrate, and builds nothing', async () => {
    const result = await runCli('ask.ts', [QUESTION], withDatabase(postgres));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('has no schema for this bot yet: run `npm run db:migrate`');
    expect(result.stderr).not.toMatch(/Indexed/);
    expect(await versionFolders(postgres.indexDir)).toEqual([]);
  }, 120_000);

  it(`answers "${QUESTION}" from PostgreSQL as the file store does, keeping no index files`, async () => {
    const fromFiles = await runCli('ask.ts', [QUESTION, '--json'], withoutDatabase(files));
    expect(fromFiles.code, fromFiles.stderr).toBe(0);
    const migrated = await runCli('db-migrate.ts', [], withDatabase(postgres));
    expect(migrated.code, migrated.stderr).toBe(0);

    const fromDatabase = await runCli('ask.ts', [QUESTION, '--json'], withDatabase(postgres));
    expect(fromDatabase.code, fromDatabase.stderr).toBe(0);
    expect(fromDatabase.stderr).toMatch(/Indexed 5 articles/);
    const [database, file] = [gist(fromDatabase.stdout), gist(fromFiles.stdout)];
    expect(database.answered).toBe(true);
    expect(database.answer).toMatch(/^Friday, 27 December 2024 /);
    expect(database).toEqual(file);
    expect(await versionFolders(postgres.indexDir)).toEqual([]);

    // The next run answers from the stored version: nothing is indexed again.
    const again = await runCli('ask.ts', [QUESTION, '--json'], withDatabase(postgres));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toMatch(/Indexed/);
    expect(gist(again.stdout)).toEqual(file);
  }, 300_000);

  it('npm run db:import copies a file index into the database, which answers from it without embedding again', async () => {
    const listed = async (env: NodeJS.ProcessEnv) => {
      const result = await runCli('sources.ts', ['--json'], env);
      expect(result.code, result.stderr).toBe(0);
      return JSON.parse(result.stdout) as { builtAt: string; documents: { documentId: string }[] };
    };
    const fileIndex = await listed(withoutDatabase(files));
    const imported = await runCli('db-import.ts', [files.indexDir], withDatabase(postgres));
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/^Imported 5 articles and \d+ passages \(model [^)]+\) from .* into collection "shared" at 127\.0\.0\.1:\d+; it answers from them now\.\n/);
    // The collection's articles folder is here too: its files are in the database already (copied by the first build), so none change.
    expect(imported.stdout.split('\n')[1]).toBe(`Copied ${postgres.articlesDir} into the database: +0 new, ~0 changed, -0 removed, 5 unchanged.`);
    expect(imported.stdout + imported.stderr).not.toContain(new URL(url).password || '\0');
    // The imported version, not the one the last test built: same build time as the file index.
    const fromDatabase = await listed(withDatabase(postgres));
    expect(fromDatabase).toEqual(fileIndex);
    const asked = await runCli('ask.ts', [QUESTION, '--json'], withDatabase(postgres));
    expect(asked.code, asked.stderr).toBe(0);
    expect(asked.stderr).not.toMatch(/Indexed/);
    expect(gist(asked.stdout).answer).toMatch(/^Friday, 27 December 2024 /);

    const missing = await runCli('db-import.ts', [path.join(files.root, 'nothing-here')], withDatabase(postgres));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('holds no usable index version');
    const badCollection = await runCli('db-import.ts', [files.indexDir, '--collection', 'guild one'], withDatabase(postgres));
    expect(badCollection.code).toBe(1);
    expect(badCollection.stderr).toContain('--collection must be "shared" or a Discord server id');
  }, 300_000);

  it("keeps a server's collection apart: its article never reaches the shared collection's answers or listing", async () => {
    const article = path.join(os.tmpdir(), `lighthouse-${process.pid}.md`);
    await writeFile(article, '# Keeper retires\n\nThe Zorbulan lighthouse keeper retired on 3 March 2019 after forty years at the light.\n');
    const added = await runCli('add.ts', [article, '--guild', GUILD], withDatabase(postgres));
    expect(added.code, added.stderr).toBe(0);

    const shared = await runCli('sources.ts', ['--json'], withDatabase(postgres));
    const sharedIds = (JSON.parse(shared.stdout) as { documents: { documentId: string }[] }).documents.map((d) => d.documentId);
    expect(sharedIds).toHaveLength(5);
    expect(sharedIds.some((id) => id.includes('lighthouse'))).toBe(false);
    const asked = await runCli('ask.ts', ['When did the Zorbulan lighthouse keeper retire?', '--json'], withDatabase(postgres));
    expect(asked.code, asked.stderr).toBe(0);
    expect(asked.stdout).not.toContain('Zorbulan lighthouse keeper retired');

    // In the database: the server's collection holds exactly its one article, the shared one its five.
    const db = database.inspect();
    try {
      const rows = await db.query<{ collection: string; ids: string[] }>(
        `SELECT c.id AS collection, array_agg(d.id ORDER BY d.id) AS ids
         FROM collections c JOIN documents d ON d.collection_id = c.id AND d.version_id = c.active_version GROUP BY c.id ORDER BY c.id`,
      );
      expect(rows.rows.map((r) => [r.collection, r.ids.length])).toEqual([
        [GUILD, 1],
        ['shared', 5],
      ]);
      expect(rows.rows[0]!.ids[0]).toMatch(/^keeper-retires-[0-9a-f]+\.md$/);
    } finally {
      await db.close();
    }
  }, 300_000);
});
