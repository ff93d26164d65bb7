import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Embedder } from '../../src/embedding/embedder.ts';
import { Engine } from '../../src/engine.ts';
import { calibrateGate, OFF_TOPIC_SHARE } from '../../src/indexing/calibrate-gate.ts';
import { OFF_TOPIC_QUESTIONS } from '../../src/indexing/off-topic-questions.ts';
import { loadEngineConfig } from '../../src/config.ts';
import { createWorkspace, PROJECT_ROOT, type Workspace } from '../support/engine-fixture.ts';
import { runCli } from '../support/run-cli.ts';

const unit = (values: number[]) => {
  const norm = Math.hypot(...values);
  return Float32Array.from(values, (v) => v / norm);
};

/** An embedder whose vector for question i is chosen by the test, counting what it is asked to embed. */
function scriptedEmbedder(vectorFor: (text: string) => Float32Array, modelId = 'scripted'): Embedder & { embedded: number } {
  const embedder = {
    modelId,
    dimensions: 2,
    embedded: 0,
    embed: async (texts: string[]) => {
      embedder.embedded += texts.length;
      return texts.map(vectorFor);
    },
    close: async () => {},
  };
  return embedder;
}

describe('calibrateGate', () => {
  let cache: string;
  beforeAll(async () => {
    cache = await mkdtemp(path.join(os.tmpdir(), 'gate-cache-'));
  });
  afterAll(async () => {
    await rm(cache, { recursive: true, force: true });
  });

  // Question i sits at angle i/n·90° from the only passage, (1, 0): question 0 scores 1, the last about 0.
  const questions = Array.from({ length: 300 }, (_, i) => `question ${i}`);
  const angle = (text: string) => (Number(text.split(' ')[1]) / questions.length) * (Math.PI / 2);
  const passage = unit([1, 0]);

  it('sets the threshold that only the given share of the off-topic questions reach', async () => {
    const embedder = scriptedEmbedder((t) => unit([Math.cos(angle(t)), Math.sin(angle(t))]));
    const calibration = await calibrateGate({ vectors: passage, dimensions: 2, embedder, questions, share: 0.01 });
    const scores = questions.map((q) => Math.cos(angle(q)));
    expect(scores.filter((s) => s >= calibration.denseThreshold)).toHaveLength(3);
    expect(calibration).toMatchObject({ questions: 300, share: 0.01, offTopic: { max: 1 } });
    expect(calibration.denseThreshold).toBeCloseTo(Math.cos(angle('question 3')), 3);
  });

  it('by default lets 1% of the off-topic questions reach it, just above the next best one', async () => {
    const embedder = scriptedEmbedder((t) => unit([Math.cos(angle(t)), Math.sin(angle(t))]));
    const calibration = await calibrateGate({ vectors: passage, dimensions: 2, embedder, questions });
    expect(OFF_TOPIC_SHARE).toBe(0.01);
    expect(calibration.share).toBe(0.01);
    const scores = questions.map((q) => Math.cos(angle(q)));
    expect(scores.filter((s) => s >= calibration.denseThreshold)).toHaveLength(3);
    expect(calibration.denseThreshold).toBeCloseTo(Math.cos(angle('question 3')), 3);
  });

  it('with share 0, sets it just above the best-scoring off-topic question, so none reaches it', async () => {
    const tilted = unit([1, 1]);
    const embedder = scriptedEmbedder((t) => unit([Math.cos(angle(t)), Math.sin(angle(t))]));
    const calibration = await calibrateGate({ vectors: tilted, dimensions: 2, embedder, questions, share: 0 });
    const scores = questions.map((q) => Math.cos(angle(q) - Math.PI / 4));
    expect(scores.filter((s) => s >= calibration.denseThreshold)).toEqual([]);
    expect(calibration.denseThreshold - Math.max(...scores)).toBeLessThan(0.001);
  });

  it('embeds the questions once per model and reuses them, but not for another model under the same name', async () => {
    const first = scriptedEmbedder((t) => unit([Math.cos(angle(t)), Math.sin(angle(t))]));
    const a = await calibrateGate({ vectors: passage, dimensions: 2, embedder: first, questions, cacheDir: cache });
    expect(first.embedded).toBe(300);
    const again = scriptedEmbedder((t) => unit([Math.cos(angle(t)), Math.sin(angle(t))]));
    const b = await calibrateGate({ vectors: passage, dimensions: 2, embedder: again, questions, cacheDir: cache });
    expect(again.embedded).toBe(1); // only the probe that checks the cached copy is still this model's
    expect(b).toEqual(a);
    // Same id, other weights (a model regenerated in the same folder): every question scores 0 against the passage now.
    const regenerated = scriptedEmbedder(() => unit([0, 1]));
    const c = await calibrateGate({ vectors: passage, dimensions: 2, embedder: regenerated, questions, cacheDir: cache });
    expect(regenerated.embedded).toBe(301);
    expect(c.offTopic.max).toBe(0);
    expect(await readdir(cache)).toHaveLength(1);
  });

  it('checks a cached copy with the probe embedder, so the bulk one is not started when the copy is good', async () => {
    const vector = (t: string) => unit([Math.cos(angle(t)), Math.sin(angle(t))]);
    await calibrateGate({ vectors: passage, dimensions: 2, embedder: scriptedEmbedder(vector, 'probed'), questions, cacheDir: cache });
    const bulk = scriptedEmbedder(vector, 'probed');
    const probe = scriptedEmbedder(vector, 'probed');
    await calibrateGate({ vectors: passage, dimensions: 2, embedder: bulk, probeEmbedder: probe, questions, cacheDir: cache });
    expect([bulk.embedded, probe.embedded]).toEqual([0, 1]);
  });

  it('still calibrates when the cache cannot be written, and says so', async () => {
    const blocked = path.join(cache, 'not-a-folder');
    await writeFile(blocked, 'a file where the cache folder would go');
    const warnings: string[] = [];
    const vector = (t: string) => unit([Math.cos(angle(t)), Math.sin(angle(t))]);
    const calibration = await calibrateGate({
      vectors: passage,
      dimensions: 2,
      embedder: scriptedEmbedder(vector, 'read-only cache'),
      questions,
      cacheDir: path.join(blocked, 'gate-calibration'),
      onWarning: (message) => warnings.push(message),
    });
    expect(calibration.offTopic.max).toBe(1);
    expect(warnings).toEqual([expect.stringMatching(/caching the gate calibration's question vectors in .*not-a-folder.*; the next build embeds them again/)]);
    await expect(
      calibrateGate({ vectors: passage, dimensions: 2, embedder: scriptedEmbedder(vector, 'read-only cache'), questions, cacheDir: path.join(blocked, 'gate-calibration') }),
    ).rejects.toThrow(/caching the gate calibration's question vectors/);
  });

  it('lets nothing pass by meaning in an empty collection', async () => {
    const embedder = scriptedEmbedder(() => unit([1, 0]));
    const calibration = await calibrateGate({ vectors: new Float32Array(0), dimensions: 2, embedder, questions });
    expect(calibration.denseThreshold).toBeGreaterThan(1);
    expect(embedder.embedded).toBe(0); // nothing to score them against: the questions are not embedded
  });
});

describe('the off-topic question set', () => {
  it('holds at least 200 distinct questions', () => {
    expect(OFF_TOPIC_QUESTIONS.length).toBeGreaterThanOrEqual(200);
    expect(new Set(OFF_TOPIC_QUESTIONS.map((q) => q.toLowerCase())).size).toBe(OFF_TOPIC_QUESTIONS.length);
    for (const q of OFF_TOPIC_QUESTIONS) expect(q).toMatch(/^[A-Z].*\?$/);
  });

  const xquad = path.resolve(PROJECT_ROOT, '../shared/datasets/xquad/xquad.en.json');
  it.skipIf(!existsSync(xquad))('shares no question with XQuAD, which stays the independent test of the gate', () => {
    const data = JSON.parse(readFileSync(xquad, 'utf8')) as { data: { paragraphs: { qas: { question: string }[] }[] }[] };
    const normal = (q: string) => q.toLowerCase().replace(/[^a-z0-9 ]/g, '').trim();
    const theirs = new Set(data.data.flatMap((a) => a.paragraphs.flatMap((p) => p.qas.map((qa) => normal(qa.question)))));
    expect(theirs.size).toBeGreaterThan(1000);
    expect(OFF_TOPIC_QUESTIONS.filter((q) => theirs.has(normal(q)))).toEqual([]);
  });
});

describe('a calibrated gate, through the engine and the CLI', () => {
  let workspace: Workspace;
  beforeAll(async () => {
    workspace = await createWorkspace();
  });
  afterAll(async () => {
    await workspace?.cleanup();
  });

  it('stores the calibration in the manifest, answers with its threshold, and shows it in npm run sources', async () => {
    const engine = await Engine.open(workspace.config, { bulkEmbedding: 'inline' });
    try {
      const { gate } = engine.sources();
      expect(gate.source).toBe('calibrated');
      expect(gate.calibration).toMatchObject({ questions: OFF_TOPIC_QUESTIONS.length, share: OFF_TOPIC_SHARE });
      expect(gate.minDenseScore).toBe(gate.calibration!.denseThreshold);
      expect(gate.minDenseScore).toBeGreaterThan(gate.calibration!.offTopic.median);
      const manifest = JSON.parse(await readFile(path.join(workspace.indexDir, (await readdir(workspace.indexDir)).find((v) => /^v\d+$/.test(v))!, 'manifest.json'), 'utf8'));
      expect(manifest.calibration.denseThreshold).toBe(gate.minDenseScore);
      expect((await engine.ask('How do I bake bread?')).answered).toBe(false);
      expect((await engine.ask('How do soldiers bake bread?')).answered).toBe(false);
    } finally {
      await engine.close();
    }
    const text = await runCli('sources.ts', [], workspace.env);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/Relevance gate: dense score ≥ 0\.\d\d \(calibrated for this model: \d+ of \d+ off-topic questions reach it\)/);
    const json = await runCli('sources.ts', ['--json'], workspace.env);
    expect(JSON.parse(json.stdout).gate).toMatchObject({ source: 'calibrated', calibration: { share: OFF_TOPIC_SHARE } });
  }, 60_000);

  it('uses MIN_DENSE_SCORE instead when it is set', async () => {
    const config = loadEngineConfig({ ...workspace.env, MIN_DENSE_SCORE: '0.05' });
    const engine = await Engine.open(config, { bulkEmbedding: 'inline' });
    try {
      expect(engine.sources().gate).toMatchObject({ source: 'MIN_DENSE_SCORE', minDenseScore: 0.05 });
      // At 0.05 the bag-of-words model rates a passage about the soldiers similar enough to an unrelated question that names soldiers, which the calibrated gate refuses.
      expect((await engine.ask('How do soldiers bake bread?')).answered).toBe(true);
    } finally {
      await engine.close();
    }
  });
});
