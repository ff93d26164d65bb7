import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DEFAULT_DATASETS_DIR } from '../../bench/datasets-dir.ts';
import { createWorkspace, type Workspace } from '../support/engine-fixture.ts';
import { runCli } from '../support/run-cli.ts';
import { expectRefusedWithoutServer, expectSchemaDropped, testDatabaseUrl } from './postgres-cli.ts';

/**
 * `npm run eval -- --store postgres` as a process against a real PostgreSQL
 * (TEST_DATABASE_URL, as CI sets it from scripts/test-db.sh). Not on PGlite:
 * it is one session, and the evaluation's stores use a pool of connections
 * whose search path comes from the URL's startup options.
 */
const url = testDatabaseUrl('eval');

const run = z.object({
  label: z.string(),
  xquad: z.object({ questions: z.number().int(), chunks: z.number().int() }),
  samples: z.object({ answered: z.number().int(), total: z.number().int() }),
});
const report = z.object({
  runs: z.array(run),
  stores: z.object({
    file: z.object({ runs: z.array(run) }),
    postgres: z.object({ server: z.string(), schema: z.string(), passages: z.record(z.number().int()), runs: z.array(run) }),
  }),
});

describe('npm run eval -- --store postgres', () => {
  let workspace: Workspace;
  let datasets: string;
  beforeAll(async () => {
    workspace = await createWorkspace({ copyArticles: false });
    // XQuAD only (the real one when present, else one paragraph): no word vectors, so one model runs.
    datasets = path.join(workspace.root, 'datasets');
    await mkdir(path.join(datasets, 'xquad'), { recursive: true });
    const real = path.join(DEFAULT_DATASETS_DIR, 'xquad', 'xquad.en.json');
    if (existsSync(real)) await symlink(path.resolve(real), path.join(datasets, 'xquad', 'xquad.en.json'));
    else
      await writeFile(
        path.join(datasets, 'xquad', 'xquad.en.json'),
        JSON.stringify({
          version: '1.1',
          data: [{ title: 'Bread', paragraphs: [{ context: 'Bread is baked from flour and water.', qas: [{ id: 'q1', question: 'What is bread baked from?', answers: [{ answer_start: 20, text: 'flour and water' }] }] }] }],
        }),
      );
  });
  afterAll(async () => {
    await workspace?.cleanup();
  });

  it('refuses --store postgres without a server, naming both ways to give one', async () => {
    await expectRefusedWithoutServer('bench/eval.ts', datasets, workspace.env);
  });

  it.skipIf(!url)(
    'answers every question from the file store and from PostgreSQL, prints both side by side and drops its schema',
    async () => {
      const out = path.join(workspace.root, 'eval.json');
      const result = await runCli(
        'bench/eval.ts',
        ['--quick', '--questions', '20', '--store', 'postgres', '--database-url', url!, '--datasets', datasets, '--out', out],
        workspace.env,
        240_000,
      );
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/Stores compared, lexical test model: the file store and PostgreSQL at 127\.0\.0\.1:\d+/);
      expect(result.stdout).toMatch(/\| measure +\| file store +\| PostgreSQL +\| difference \(points\) \|/);
      expect(result.stdout).toMatch(/\| XQuAD hybrid: cited top-1 +\| +\d+\.\d% +\| +\d+\.\d% +\| *[+-]?\d+\.\d *\|/);
      expect(result.stdout).toMatch(/\| sample questions answered with the fact +\| +\d+\.\d% \(\d+\/15\) +\| +\d+\.\d% \(\d+\/15\) +\|/);
      expect(result.stdout).toMatch(/Every figure is within 1 point of the file store's\.|More than 1 point from the file store's: /);
      expect(result.stdout).not.toContain('article-bot-test-only'); // the password in TEST_DATABASE_URL

      const parsed = report.parse(JSON.parse(await readFile(out, 'utf8')));
      const [file] = parsed.stores.file.runs;
      const [postgres] = parsed.stores.postgres.runs;
      expect(parsed.runs).toEqual(parsed.stores.file.runs);
      expect(postgres!.label).toBe('lexical test model');
      expect(postgres!.xquad.questions).toBe(file!.xquad.questions);
      expect(postgres!.samples.total).toBe(15);
      // The PostgreSQL answers were read from the database: its active versions hold exactly the indexes asked.
      expect(parsed.stores.postgres.passages).toEqual({ 'model-1-samples': expect.any(Number), 'model-1-xquad': postgres!.xquad.chunks });
      expect(parsed.stores.postgres.passages['model-1-samples']).toBeGreaterThan(0);

      await expectSchemaDropped(url!, parsed.stores.postgres.schema);
    },
    300_000,
  );
});
