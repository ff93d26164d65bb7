import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { z } from 'zod';
import { createWorkspace, type Workspace } from '../support/engine-fixture.ts';
import { runCli } from '../support/run-cli.ts';
import { expectRefusedWithoutServer, expectSchemaDropped, testDatabaseUrl } from './postgres-cli.ts';

/**
 * `npm run bench -- --store postgres` as a process against a real PostgreSQL
 * (TEST_DATABASE_URL, as CI sets it from scripts/test-db.sh): the PostgreSQL
 * rows are printed beside the file store's, the JSON gains a `postgres` key
 * per size, and the run's schema is dropped.
 */
const url = testDatabaseUrl('bench');

const ms = z.number().nonnegative();
const recall = z.object({ ef_search: z.number().int(), recall_at_10: z.number().min(0).max(1), p50_ms: ms, p95_ms: ms });
const postgresRun = z.object({
  build_chunks_per_s: z.number().positive(),
  save_ms: ms,
  load_ms: ms,
  rss_mb: z.number().positive(),
  rss_after_questions_mb: z.number().positive(),
  retrieval_p50_ms: ms,
  retrieval_p95_ms: ms,
  dense_p50_ms: ms,
  dense_p95_ms: ms,
  keyword_p50_ms: ms,
  keyword_p95_ms: ms,
  answered_share: z.number().min(0).max(1),
  vectors: z.enum(['corpus', 'clustered']),
  keyword_overlap_at_10: z.number().min(0).max(1),
  keyword_overlap_at_40: z.number().min(0).max(1),
  recall: z.array(recall).min(1),
  other_builds: z.array(z.object({ m: z.number().int(), ef_construction: z.number().int(), build_ms: ms, recall: z.array(recall).min(1) })),
});
const report = z.object({
  runs: z.array(z.object({ chunks: z.number().int(), retrieval_p95_ms: ms, rss_mb: z.number().positive(), postgres: postgresRun })),
});

describe('npm run bench -- --store postgres', () => {
  let workspace: Workspace;
  let datasets: string;
  beforeAll(async () => {
    workspace = await createWorkspace({ copyArticles: false });
    // No realtimeqa-news here: the corpus is synthetic, as in the quick bench test.
    datasets = path.join(workspace.root, 'datasets');
    await mkdir(datasets, { recursive: true });
  });
  afterAll(async () => {
    await workspace?.cleanup();
  });

  it('refuses --store postgres without a server, naming both ways to give one', async () => {
    await expectRefusedWithoutServer('bench/bench.ts', datasets, workspace.env);
  });

  const bench = async (extra: string[]) => {
    const out = path.join(workspace.root, 'bench.json');
    const args = ['--quick', '--store', 'postgres', '--database-url', url!, '--datasets', datasets, '--sizes', '300', '--questions', '20', '--embed-docs', '0', '--reindex-docs', '0', '--out', out];
    const result = await runCli('bench/bench.ts', [...args, ...extra], workspace.env, 240_000);
    expect(result.code, result.stderr).toBe(0);
    return { result, parsed: report.parse(JSON.parse(await readFile(out, 'utf8'))) };
  };

  it.skipIf(!url)(
    'measures PostgreSQL beside the file store, prints both rows and drops its schema',
    async () => {
      const out = path.join(workspace.root, 'bench.json');
      const result = await runCli(
        'bench/bench.ts',
        ['--quick', '--store', 'postgres', '--database-url', url!, '--datasets', datasets, '--sizes', '300', '--questions', '20', '--embed-docs', '0', '--reindex-docs', '0', '--out', out],
        workspace.env,
        240_000,
      );
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('PostgreSQL beside the file store (same chunks, vectors and questions):');
      expect(result.stdout).toMatch(/\| +300 \| file +\|/);
      expect(result.stdout).toMatch(/\| +300 \| PostgreSQL \| +\d[\d.]* \|/);
      expect(result.stdout).toMatch(/recall@10 \(p95 ms\), ef_search 40/);
      expect(result.stdout + result.stderr).not.toContain('article-bot-test-only'); // the password in TEST_DATABASE_URL

      const parsed = report.parse(JSON.parse(await readFile(out, 'utf8')));
      expect(parsed.runs.map((r) => r.chunks)).toEqual([300]);
      const postgres = parsed.runs[0]!.postgres;
      expect(postgres.recall.map((r) => r.ef_search)).toEqual([40, 100, 200, 400]);
      // 300 rows: the search is all but exact, whatever plan the server picks.
      expect(postgres.recall[0]!.recall_at_10).toBeGreaterThanOrEqual(0.9);
      // 300 passages: every question term is held by fewer than POSTINGS_PER_TERM, so keyword search is exact BM25.
      expect(postgres).toMatchObject({ vectors: 'corpus', keyword_overlap_at_10: 1, keyword_overlap_at_40: 1, other_builds: [] });
      expect(result.stdout).toMatch(/keyword overlap with exact BM25 @10 \/ @40/);

      const schema = /schema (bench_\d+_[0-9a-f]+) \(dropped at the end\)/.exec(result.stderr)?.[1];
      expect(schema).toBeDefined();
      await expectSchemaDropped(url!, schema!);
    },
    300_000,
  );

  it.skipIf(!url)(
    'saves clustered Gaussian vectors with --vectors clustered, and rebuilds the HNSW index per --hnsw pair to measure recall again; --skip-vectra leaves vectra out',
    async () => {
      const { result, parsed } = await bench(['--vectors', 'clustered', '--hnsw', '8:32,24:100', '--skip-vectra']);
      // --skip-vectra: vectra's columns read – and its JSON figures are null; the file store is still measured.
      expect(result.stderr).not.toContain("vectra's queryItems");
      expect(result.stdout).toMatch(/\| +300 \| +\d[\d,]* \|.*\| – +\| – +\| – +\| – +\| – +\|\n/);
      const raw = JSON.parse(await readFile(path.join(workspace.root, 'bench.json'), 'utf8')) as { runs: Record<string, unknown>[] };
      expect(raw.runs[0]).toMatchObject({ vectra_queryItems_p95_ms: null, vectra_load_ms: null, vectra_queryItems_questions: 0 });
      expect(raw.runs[0]!.retrieval_p95_ms).toEqual(expect.any(Number));
      const postgres = parsed.runs[0]!.postgres;
      expect(postgres.vectors).toBe('clustered');
      expect(postgres.other_builds.map((b) => [b.m, b.ef_construction])).toEqual([
        [8, 32],
        [24, 100],
      ]);
      for (const build of postgres.other_builds) expect(build.recall.map((r) => r.ef_search)).toEqual([40, 100, 200, 400]);
      expect(result.stdout).toContain('Vectors in PostgreSQL: clustered Gaussians');
      expect(result.stdout).toMatch(/300 chunks, HNSW rebuilt with m 24, ef_construction 100 \([\d.]+ s\): recall@10/);
    },
    300_000,
  );

  it.skipIf(!url)(
    '--skip-file measures PostgreSQL alone: no file store or vectra figures, and with --vectors clustered no corpus embedding; --keep-schema leaves its collection in the database',
    async () => {
      const out = path.join(workspace.root, 'bench-alone.json');
      const args = ['--store', 'postgres', '--database-url', url!, '--skip-file', '--vectors', 'clustered', '--keep-schema', '--datasets', datasets];
      const result = await runCli('bench/bench.ts', [...args, '--sizes', '300', '--questions', '20', '--repeats', '1', '--embed-docs', '0', '--reindex-docs', '0', '--out', out], workspace.env, 240_000);
      expect(result.code, result.stderr).toBe(0);
      // Nothing written or asked of the file store or vectra, and the 300 passages never embedded.
      expect(result.stderr).not.toMatch(/saving the index|loading and querying in a fresh process|vectra|Embedding chunks/);
      expect(result.stderr).toContain('300 chunks: saving into PostgreSQL and querying it in a fresh process...');
      expect(result.stdout).toContain('PostgreSQL alone (--skip-file: no file store or vectra measured):');
      expect(result.stdout).not.toMatch(/\| +300 \| file +\|/);
      expect(result.stdout).toMatch(/\| +300 \| PostgreSQL \| +\d[\d.]* \|/);
      expect(result.stdout).toMatch(/\| +300 \| – +\| – +\| – +\| – +\|/);

      const raw = JSON.parse(await readFile(out, 'utf8')) as { runs: Record<string, unknown>[] };
      expect(raw.runs[0]).toMatchObject({ chunks: 300, load_ms: null, rss_mb: null, retrieval_p95_ms: null, build_chunks_per_s: null, vectra_queryItems_p95_ms: null, embed_chunks_per_s: null });
      expect(raw.runs[0]!.embed_query_p50_ms).toEqual(expect.any(Number));
      const postgres = postgresRun.parse(raw.runs[0]!.postgres);
      expect(postgres.vectors).toBe('clustered');
      expect(postgres.recall[0]!.recall_at_10).toBeGreaterThanOrEqual(0.9);
      expect(postgres).toMatchObject({ keyword_overlap_at_10: 1, keyword_overlap_at_40: 1 });
      // --keep-schema: the collection is still there to query, until dropped as the run says.
      const schema = /schema (bench_\d+_[0-9a-f]+) \(kept at the end\)/.exec(result.stderr)?.[1];
      expect(result.stderr).toContain(`Kept schema ${schema}; remove it with: DROP SCHEMA ${schema} CASCADE`);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const kept = await client.query(`SELECT count(*)::int AS n FROM ${pg.escapeIdentifier(schema!)}.chunks WHERE collection_id = 'bench-300'`);
        expect(kept.rows[0].n).toBe(300);
        await client.query(`DROP SCHEMA ${pg.escapeIdentifier(schema!)} CASCADE`);
      } finally {
        await client.end();
      }
      await expectSchemaDropped(url!, schema!);
    },
    300_000,
  );

  it('refuses --vectors, --hnsw and --skip-file without --store postgres, and a malformed --hnsw pair', async () => {
    for (const [args, message] of [
      [['--vectors', 'clustered'], '--vectors is for --store postgres'],
      [['--hnsw', '24:100'], '--hnsw is for --store postgres'],
      [['--skip-file'], '--skip-file is for --store postgres'],
      [['--keep-schema'], '--keep-schema is for --store postgres'],
      [['--store', 'postgres', '--database-url', 'postgres://u:p@127.0.0.1:1/x', '--hnsw', '24:10'], '--hnsw takes m:ef_construction pairs'],
      [['--store', 'postgres', '--database-url', 'postgres://u:p@127.0.0.1:1/x', '--vectors', 'random'], '--vectors takes corpus or clustered, got "random"'],
    ] as const) {
      const result = await runCli('bench/bench.ts', [...args, '--datasets', datasets], workspace.env, 60_000);
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toContain(message);
    }
  }, 120_000);
});
