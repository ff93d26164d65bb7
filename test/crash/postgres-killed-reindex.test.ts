import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace, type Workspace } from '../support/engine-fixture.ts';
import { runCli } from '../support/run-cli.ts';
import { openSuiteDatabase, type SuiteDatabase } from '../support/test-database.ts';
import { startEntry } from './support/run-entry.ts';

/**
 * `npm run index` with DATABASE_URL, killed with SIGKILL at each point of a
 * build (INDEX_CRASH_AT): before the switch the previous version keeps
 * answering, after it the new one does, and the next build removes what the
 * killed ones left. On a real server (TEST_DATABASE_URL) or PGlite.
 */
const MARKER = {
  file: 'zz-puffin-census.md',
  text:
    '---\ntitle: Puffin census on Skarvoy\noutlet: The Coastal Gazette\n---\n' +
    'The lighthouse keeper on Skarvoy counted 4,172 puffins during the June census.\n\n' +
    'She said the colony had grown since the last count.\n',
  question: 'How many puffins did the lighthouse keeper count on Skarvoy?',
};

/** Points before the switch, in build order: the engine's own, then the PostgreSQL store's. */
const BEFORE_SWITCH = ['after-model-load', 'lock-owned', 'embedded', 'db-version-begun', 'db-documents-written', 'db-chunk-batch:0', 'db-terms-written'];

let database: SuiteDatabase;
let url: string;
let workspace: Workspace;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  database = await openSuiteDatabase('test/crash/postgres-killed-reindex');
  url = database.url;
  workspace = await createWorkspace();
  const { TEST_DATABASE_URL: _, ...rest } = workspace.env;
  env = { ...rest, DATABASE_URL: url };
  for (const script of ['db-migrate.ts', 'index-articles.ts']) {
    const result = await runCli(script, [], env, 120_000);
    expect(result.code, result.stderr).toBe(0);
  }
  // The killed builds were adding this article to the five sample ones.
  await writeFile(path.join(workspace.config.articlesDir, MARKER.file), MARKER.text);
}, 300_000);
afterAll(async () => {
  await database?.close();
  await workspace?.cleanup();
});

const articlesListed = async () => {
  const result = await runCli('sources.ts', ['--json'], env);
  expect(result.code, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as { documents: { documentId: string }[] }).documents.map((d) => d.documentId);
};

async function killAt(point: string): Promise<void> {
  const result = await startEntry('index-articles.ts', [], { ...env, INDEX_CRASH_AT: point }).done;
  expect(result.signal, result.stderr).toBe('SIGKILL');
  expect(result.stderr).toContain(`INDEX_CRASH_AT: killed at ${point}`);
}

describe('npm run index with DATABASE_URL, killed at every point of a build', () => {
  it('is killed at every crash point the PostgreSQL store marks, so a new step of its save cannot go untested', async () => {
    const dir = path.join(import.meta.dirname, '../../src/db');
    const marked = new Set<string>();
    for (const file of await readdir(dir)) {
      if (!file.endsWith('.ts')) continue;
      for (const call of (await readFile(path.join(dir, file), 'utf8')).matchAll(/\bcrashPoint\('([^']+)'/g)) marked.add(call[1]!);
    }
    const killedAt = new Set([...BEFORE_SWITCH, 'db-switched'].map((point) => point.split(':')[0]!).filter((p) => p.startsWith('db-')));
    expect(marked.size, 'the scan finds the crash points in src/db/').toBeGreaterThan(3);
    expect([...marked].filter((name) => !killedAt.has(name)), 'marked in src/db/ but never killed at').toEqual([]);
    expect([...killedAt].filter((name) => !marked.has(name)), 'killed at but marked nowhere in src/db/').toEqual([]);
  });

  it.each(BEFORE_SWITCH)('killed at %s: the previous version still answers', async (point) => {
    await killAt(point);
    const listed = await articlesListed();
    expect(listed).toHaveLength(5);
    expect(listed).not.toContain(MARKER.file);
  }, 180_000);

  it('killed right after the switch: the new version answers', async () => {
    await killAt('db-switched');
    expect(await articlesListed()).toContain(MARKER.file);
    const asked = await runCli('ask.ts', [MARKER.question, '--json'], env);
    expect(asked.code, asked.stderr).toBe(0);
    expect(asked.stdout).toMatch(/4,172 puffins/);
  }, 180_000);

  it('the next build removes what a killed build left: the active version and the one before it remain', async () => {
    const db = database.inspect();
    try {
      const count = async (sql: string) => (await db.query<{ n: number }>(sql)).rows[0]!.n;
      await killAt('db-terms-written');
      const killed = (await db.query<{ id: string }>(`SELECT id::text AS id FROM versions WHERE collection_id = 'shared' AND status = 'building'`)).rows;
      expect(killed).toHaveLength(1);
      const partitions = `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'chunks\\_v%'`;
      expect(await count(partitions)).toBe(2); // the active version's and the killed build's

      const result = await runCli('index-articles.ts', [], env, 120_000);
      expect(result.code, result.stderr).toBe(0);
      expect(await count(`SELECT count(*)::int AS n FROM versions WHERE collection_id = 'shared' AND status = 'building'`)).toBe(0);
      expect(await count(`SELECT count(*)::int AS n FROM versions WHERE id = ${Number(killed[0]!.id)}`)).toBe(0);
      expect(await count(`SELECT count(*)::int AS n FROM versions WHERE collection_id = 'shared'`)).toBe(2);
      expect(await count(partitions)).toBe(2);
      expect(await count(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'passage\\_postings\\_v%'`)).toBe(2);
      expect(await count(`SELECT count(DISTINCT version_id)::int AS n FROM passage_postings`)).toBe(2);
      expect(await count(`SELECT count(DISTINCT version_id)::int AS n FROM passage_terms`)).toBe(2);
      expect(await articlesListed()).toContain(MARKER.file);
    } finally {
      await db.close();
    }
  }, 240_000);
});
