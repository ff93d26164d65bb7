import { cp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine.ts';
import type { Logger } from '../../src/logger.ts';
import { DEATH_QUESTION } from '../../bench/sample-questions.ts';
import { createWorkspace, type Workspace } from '../support/engine-fixture.ts';
import { runCli } from '../support/run-cli.ts';

const CHANGED = '002-captured-north-korean-soldier-dies-in-custody.md';

/** A logger that keeps the warnings. */
function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, debug() {}, info() {}, error() {}, warn: (message: string) => void warnings.push(message) };
}

/** Same length, different bytes: a checksum or a structure check must notice, a size check cannot. */
async function garble(file: string, at: 'whole' | 'middle') {
  const data = await readFile(file);
  const from = at === 'whole' ? 0 : Math.floor(data.length / 2) - 8;
  const to = at === 'whole' ? data.length : from + 16;
  for (let i = from; i < to; i++) data[i] = 0x20 + ((data[i]! * 7 + i) % 90);
  await writeFile(file, data);
}
const halve = async (file: string) => truncate(file, Math.floor((await readFile(file)).length / 2));

/** Ways a version folder gets damaged, and what the warning must name. */
const DAMAGE: Array<[string, (dir: string) => Promise<void>, RegExp]> = [
  ['a truncated manifest.json', (dir) => halve(path.join(dir, 'manifest.json')), /manifest\.json is not valid JSON/],
  ['a garbled manifest.json', (dir) => garble(path.join(dir, 'manifest.json'), 'whole'), /manifest\.json is not valid JSON/],
  ['an empty manifest.json', (dir) => writeFile(path.join(dir, 'manifest.json'), ''), /manifest\.json is not valid JSON/],
  ['no manifest.json', (dir) => rm(path.join(dir, 'manifest.json')), /ENOENT/],
  ['a manifest.json that is JSON but not a manifest', (dir) => writeFile(path.join(dir, 'manifest.json'), '{"formatVersion":1}'), /manifest\.json is not an index manifest \(builtAt: Required/],
  ['a truncated index.json', (dir) => halve(path.join(dir, 'index.json')), /index\.json has the wrong size/],
  ['a garbled index.json of the same size', (dir) => garble(path.join(dir, 'index.json'), 'whole'), /index\.json does not start and end like a vectra index/],
  ['an empty index.json', (dir) => writeFile(path.join(dir, 'index.json'), ''), /index\.json has the wrong size/],
  ['a truncated vectors.f32', (dir) => halve(path.join(dir, 'vectors.f32')), /vectors\.f32 has \d+ bytes, expected/],
  ['chunks.json garbled in the middle, same size', (dir) => garble(path.join(dir, 'chunks.json'), 'middle'), /chunks\.json checksum mismatch/],
  ['no documents.json', (dir) => rm(path.join(dir, 'documents.json')), /ENOENT/],
];

describe('a damaged index on disk at start-up', () => {
  let workspace: Workspace;
  let pristine: string;
  let firstBuiltAt: string;
  let secondBuiltAt: string;
  const version = (name: string) => path.join(workspace.indexDir, name);
  const versions = async () => (await readdir(workspace.indexDir)).filter((e) => /^v\d{6}$/.test(e)).sort();

  beforeAll(async () => {
    workspace = await createWorkspace();
    const engine = await Engine.open(workspace.config, { bulkEmbedding: 'inline' });
    try {
      firstBuiltAt = engine.index!.manifest.builtAt;
      const file = path.join(workspace.articlesDir, CHANGED);
      await writeFile(file, `${await readFile(file, 'utf8')}\nA later paragraph about prisoner exchanges.\n`);
      await engine.reindex();
      secondBuiltAt = engine.index!.manifest.builtAt;
    } finally {
      await engine.close();
    }
    pristine = path.join(workspace.root, 'pristine-index');
    await cp(workspace.indexDir, pristine, { recursive: true });
  });
  beforeEach(async () => {
    await rm(workspace.indexDir, { recursive: true, force: true });
    await cp(pristine, workspace.indexDir, { recursive: true });
  });
  afterAll(async () => {
    await workspace?.cleanup();
  });

  it('starts from two good versions (v000001, v000002)', async () => {
    expect(await versions()).toEqual(['v000001', 'v000002']);
    expect(firstBuiltAt).not.toBe(secondBuiltAt);
  });

  it.each(DAMAGE)('with %s in the newest version, falls back to the previous one with a warning and answers', async (_name, damage, reason) => {
    await damage(version('v000002'));
    const logger = recordingLogger();
    const engine = await Engine.open(workspace.config, { bulkEmbedding: 'inline', logger });
    try {
      expect(engine.index!.manifest.builtAt).toBe(firstBuiltAt);
      expect(logger.warnings).toHaveLength(1);
      expect(logger.warnings[0]).toMatch(/^index version v000002 is damaged \(.+\); trying an older one$/);
      expect(logger.warnings[0]).toMatch(reason);
      const answer = await engine.ask(DEATH_QUESTION.question);
      expect(answer.answered).toBe(true);
      expect(answer.citations.some((c) => DEATH_QUESTION.fact.test(c.excerpt))).toBe(true);
    } finally {
      await engine.close();
    }
  });

  it('replaces a damaged version at the next reindex, keeping the last good one as the fallback', async () => {
    await halve(path.join(version('v000002'), 'manifest.json'));
    const engine = await Engine.open(workspace.config, { bulkEmbedding: 'inline', logger: recordingLogger() });
    try {
      await engine.reindex();
    } finally {
      await engine.close();
    }
    expect(await versions()).toEqual(['v000001', 'v000003']);
    // And when the new one is damaged too, the good old one still answers.
    await halve(path.join(version('v000003'), 'chunks.json'));
    const reopened = await Engine.open(workspace.config, { bulkEmbedding: 'inline', logger: recordingLogger() });
    try {
      expect(reopened.index!.manifest.builtAt).toBe(firstBuiltAt);
    } finally {
      await reopened.close();
    }
  });

  it('rebuilds from the articles when every version is damaged, then starts cleanly', async () => {
    await halve(path.join(version('v000001'), 'manifest.json'));
    await garble(path.join(version('v000002'), 'vectors.f32'), 'middle');
    const logger = recordingLogger();
    const engine = await Engine.open(workspace.config, { bulkEmbedding: 'inline', logger });
    let rebuiltAt: string;
    try {
      rebuiltAt = engine.index!.manifest.builtAt;
      expect([firstBuiltAt, secondBuiltAt]).not.toContain(rebuiltAt);
      expect(logger.warnings).toEqual(
        expect.arrayContaining([expect.stringMatching(/index version v000002 is damaged/), expect.stringMatching(/index version v000001 is damaged/)]),
      );
      expect((await engine.ask(DEATH_QUESTION.question)).answered).toBe(true);
    } finally {
      await engine.close();
    }
    // The damaged versions are gone, so they are never tried again.
    expect(await versions()).toEqual(['v000003']);
    const again = recordingLogger();
    const reopened = await Engine.open(workspace.config, { bulkEmbedding: 'inline', logger: again });
    try {
      expect(reopened.index!.manifest.builtAt).toBe(rebuiltAt);
      expect(again.warnings).toEqual([]);
    } finally {
      await reopened.close();
    }
  });

  it('npm run ask prints the warning and still answers from the previous version', async () => {
    await garble(path.join(version('v000002'), 'index.json'), 'whole');
    const result = await runCli('ask.ts', ['--json', DEATH_QUESTION.question], workspace.env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/warning: index version v000002 is damaged \(index\.json does not start and end like a vectra index/);
    expect(result.stderr).not.toMatch(/Indexed/);
    expect(JSON.parse(result.stdout)).toMatchObject({ answered: true });
  });

  it('npm run ask with every version damaged rebuilds once, answers every time and never fails', async () => {
    for (const v of ['v000001', 'v000002']) await writeFile(path.join(version(v), 'manifest.json'), '{"truncated": ');
    const runs = [];
    for (let i = 0; i < 2; i++) runs.push(await runCli('ask.ts', ['--json', DEATH_QUESTION.question], workspace.env));
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ answered: true });
    }
    expect(runs[0]!.stderr).toMatch(/warning: index version v000002 is damaged/);
    expect(runs[0]!.stderr).toMatch(/Indexed 5 articles/);
    for (const run of runs.slice(1)) expect(run.stderr).not.toMatch(/warning|Indexed/);
  });
});
