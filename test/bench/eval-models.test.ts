import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createWorkspace, type Workspace } from '../support/engine-fixture.ts';
import { runCli } from '../support/run-cli.ts';
import { writeSyntheticWordVectors } from '../support/word-vector-files.ts';

const run = z.object({
  label: z.string(),
  model: z.string(),
  gate: z.object({ samples: z.object({ source: z.literal('calibrated'), minDenseScore: z.number() }) }),
  samples: z.object({ paraphrases: z.object({ total: z.number().int() }) }),
});

describe('npm run eval, once per model', () => {
  let workspace: Workspace;
  let datasets: string;
  beforeAll(async () => {
    workspace = await createWorkspace({ copyArticles: false });
    datasets = path.join(workspace.root, 'datasets');
    await mkdir(path.join(datasets, 'xquad'), { recursive: true });
    await writeFile(
      path.join(datasets, 'xquad', 'xquad.en.json'),
      JSON.stringify({
        version: '1.1',
        data: [{ title: 'Bread', paragraphs: [{ context: 'Bread is baked from flour and water.', qas: [{ id: 'q1', question: 'What is bread baked from?', answers: [{ answer_start: 20, text: 'flour and water' }] }] }] }],
      }),
    );
    // Found where eval looks by default: <datasets>/word-vectors.
    await writeSyntheticWordVectors(path.join(datasets, 'word-vectors'));
  });
  afterAll(async () => {
    await workspace?.cleanup();
  });

  it('measures the lexical and the word-vector model, each with its own calibrated gate, and prints a row per model', async () => {
    const out = path.join(workspace.root, 'eval.json');
    const result = await runCli('bench/eval.ts', ['--quick', '--datasets', datasets, '--out', out], workspace.env, 120_000);
    expect(result.code, result.stderr).toBe(0);
    const { runs } = z.object({ runs: z.array(run) }).parse(JSON.parse(await readFile(out, 'utf8')));
    expect(runs.map((r) => r.label)).toEqual(['lexical test model', 'word-vector model']);
    expect(runs[1]!.model).toMatch(/generated-word-vector-model$/);
    expect(runs[1]!.gate.samples.minDenseScore).not.toBe(runs[0]!.gate.samples.minDenseScore);
    expect(result.stdout).toMatch(/\| word-vector model +\| hybrid +\|/);
    expect(result.stdout).toMatch(/\| word-vector model +\| +\d\.\d{3} \| +\d\.\d{3} \| +\d+ of \d+ +\| +\d+ \(\d+\) of 24 /);
  }, 150_000);

  it('exits 1 when --word-vectors names a folder that does not exist', async () => {
    const result = await runCli('bench/eval.ts', ['--quick', '--datasets', datasets, '--word-vectors', path.join(workspace.root, 'nowhere')], workspace.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--word-vectors .*nowhere: no such folder/);
  });
});
