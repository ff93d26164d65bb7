import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { pipeline, type FeatureExtractionPipeline } from '@xenova/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWordVectorModel } from '../../src/embedding/test-model/make-word-vector-model.ts';
import { isGeneratedTestModel, isWordVectorModel } from '../../src/embedding/test-model/model-config.ts';
import type { TestModelInfo } from '../../src/embedding/test-model/make-test-model.ts';
import { WORD_VECTOR_FILES } from '../../src/embedding/test-model/word-vectors.ts';
import { SYNTHETIC_COMMON, SYNTHETIC_WORDS, writeSyntheticWordVectors } from '../support/word-vector-files.ts';
import { dot, embedWithPipeline as embed, fileHashes, useLocalModels } from '../support/model-files.ts';
import { loadEngineConfig } from '../../src/config.ts';
import { Engine } from '../../src/engine.ts';
import { SAMPLE_ARTICLES } from '../support/engine-fixture.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const REAL_VECTORS = path.resolve(PROJECT_ROOT, '../shared/datasets/word-vectors');
const WIDTH = 8;
const COMMON = SYNTHETIC_COMMON;
const WORDS = SYNTHETIC_WORDS;
const writeWordVectors = (dir: string, words: [string, number[]][]) => writeSyntheticWordVectors(dir, words);

let root: string;
let model: TestModelInfo;
let extractor: FeatureExtractionPipeline;

async function load(parent: string, name: string): Promise<FeatureExtractionPipeline> {
  useLocalModels(parent);
  return (await pipeline('feature-extraction', name, { quantized: true })) as FeatureExtractionPipeline;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'word-vector-model-'));
  await writeWordVectors(path.join(root, 'vectors'), WORDS);
  model = await makeWordVectorModel(path.join(root, 'model'), path.join(root, 'vectors'));
  extractor = await load(root, 'model');
});

afterAll(async () => {
  await extractor?.dispose();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('word-vector model, loaded by transformers.js', () => {
  it('embeds a text as a unit vector as wide as the word vectors', async () => {
    const vectors = await embed(extractor, ['fake documents', 'What died?', '']);
    expect(vectors.map((v) => v.length)).toEqual([WIDTH, WIDTH, WIDTH]);
    for (const v of vectors) expect(Math.sqrt(dot(v, v))).toBeCloseTo(1, 4);
  });

  it('puts a paraphrase with no word in common close, and another topic far', async () => {
    const [question, paraphrase, other] = await embed(extractor, ['Were the documents fake?', 'false papers', 'bake bread']);
    expect(dot(question!, paraphrase!)).toBeGreaterThan(0.9);
    expect(dot(question!, other!)).toBeLessThan(0.3);
  });

  it('removes the component every word shares: without it two unrelated texts score above 0.9', async () => {
    const raw = (words: string[]) => COMMON.map((c, i) => words.reduce((sum, w) => sum + WORDS.find(([x]) => x === w)![1][i]! + c, 0));
    const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0) / Math.hypot(...a) / Math.hypot(...b);
    expect(cosine(raw(['fake', 'documents']), raw(['died', 'wounds']))).toBeGreaterThan(0.9);
    const [documents, wounds] = await embed(extractor, ['fake documents', 'died wounds']);
    expect(dot(documents!, wounds!)).toBeLessThan(0.3);
  });

  it('weighs frequent words down and ignores words missing from the vectors', async () => {
    const [bare, wordy, named] = await embed(extractor, ['bread', 'the of the bread', 'bread Zelenskyy']);
    expect(dot(bare!, wordy!)).toBeGreaterThan(0.97);
    expect(dot(bare!, named!)).toBeGreaterThan(0.99);
  });
});

describe('the word-vector model folder', () => {
  it('is byte-identical when generated twice from the same vectors, and marked as a word-vector model', async () => {
    const again = await makeWordVectorModel(path.join(root, 'again'), path.join(root, 'vectors'));
    expect(await fileHashes(again)).toEqual(await fileHashes(model));
    const config = JSON.parse(await readFile(path.join(model.dir, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ model_type: 'bert', hidden_size: WIDTH, vocab_size: model.vocabSize });
    expect(await isWordVectorModel(model.dir)).toBe(true);
    expect(await isGeneratedTestModel(model.dir)).toBe(false);
  });

  it('refuses to remove as many common components as there are dimensions', async () => {
    await expect(makeWordVectorModel(path.join(root, 'bad'), path.join(root, 'vectors'), { components: WIDTH })).rejects.toThrow(/components must be a whole number from 1 to 7/);
  });

  it('names the file and the problem when the vectors are missing or do not fit the words', async () => {
    await expect(makeWordVectorModel(path.join(root, 'bad'), path.join(root, 'nowhere'))).rejects.toThrow(/glove\.6B\.100d\.top60k\.words\.txt: ENOENT/);
    const uneven = path.join(root, 'uneven');
    await writeWordVectors(uneven, WORDS);
    await writeFile(path.join(uneven, WORD_VECTOR_FILES.vectors), Buffer.alloc(WORDS.length * WIDTH * 2 + 2));
    await expect(makeWordVectorModel(path.join(root, 'bad'), uneven)).rejects.toThrow(/not 2 bytes \(float16\) × 12 words/);
    const repeated = path.join(root, 'repeated');
    await writeWordVectors(repeated, [...WORDS.slice(0, 3), WORDS[0]!]);
    await expect(makeWordVectorModel(path.join(root, 'bad'), repeated)).rejects.toThrow(/line 4: "the" is listed twice/);
  });
});

describe('make-test-model --word-vectors', () => {
  const run = (args: string[]) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/make-test-model.ts', ...args], { cwd: PROJECT_ROOT });

  it('writes the word-vector model and says what it is', async () => {
    const dir = path.join(root, 'from-cli');
    const { stdout } = await run([dir, '--word-vectors', path.join(root, 'vectors')]);
    expect(stdout).toContain(`Wrote a generated word-vector model to ${dir}`);
    expect(stdout).toMatch(/8 dimensions \(a SIF-weighted average of real word vectors/);
    expect(await isWordVectorModel(dir)).toBe(true);
  });

  it('exits 1 with the reason for a missing folder or a width given as well', async () => {
    const never = path.join(root, 'never-written');
    const cases = [
      [[never, '--word-vectors', path.join(root, 'nowhere')], /--word-vectors .*nowhere: reading word vectors: .*ENOENT/],
      [[never, '--word-vectors', path.join(root, 'vectors'), '--dimensions', '8'], /--dimensions and --word-vectors do not go together/],
    ] as const;
    for (const [args, problem] of cases) {
      const failure = await run([...args]).then(() => null, (error: { code: number; stderr: string }) => error);
      expect(failure?.code, args.join(' ')).toBe(1);
      expect(failure?.stderr).toMatch(problem);
    }
    await expect(stat(never)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe.skipIf(!existsSync(REAL_VECTORS))('with the real GloVe vectors (../shared/datasets/word-vectors)', () => {
  let real: TestModelInfo;
  beforeAll(async () => {
    real = await makeWordVectorModel(path.join(root, 'glove'), REAL_VECTORS);
  }, 60_000);

  it('rates the articles\' words closer to the issue\'s paraphrases than to an unrelated text', async () => {
    const pipe = await load(root, 'glove');
    try {
      const [question, passage, unrelated, death, wounds] = await embed(pipe, [
        'Were the North Korean soldiers given false documents?',
        'They were issued fake identity cards.',
        'How do I bake bread?',
        'What killed the POW?',
        'The prisoner succumbed to his wounds.',
      ]);
      expect(real.dimensions).toBe(100);
      expect(dot(question!, passage!)).toBeGreaterThan(dot(question!, unrelated!) + 0.2);
      expect(dot(death!, wounds!)).toBeGreaterThan(dot(death!, unrelated!) + 0.2);
    } finally {
      await pipe.dispose();
    }
  }, 60_000);

  it('answers a question the articles phrase in other words, through the engine, and still refuses an off-topic one', async () => {
    const config = loadEngineConfig(
      { ARTICLES_DIR: SAMPLE_ARTICLES, INDEX_DIR: path.join(root, 'glove-index'), EMBEDDING_MODEL: path.join(root, 'glove'), MODEL_CACHE_DIR: path.join(root, 'cache'), LOG_LEVEL: 'silent' },
      root,
    );
    const engine = await Engine.open(config, { bulkEmbedding: 'inline' });
    try {
      expect(engine.sources().gate.source).toBe('calibrated');
      // The articles say "fake identity cards" and "fake military identification"; the question shares none of those words.
      const answer = await engine.ask('Were the North Korean soldiers given false documents?');
      expect(answer.answered).toBe(true);
      expect(answer.citations.slice(0, 3).map((c) => c.excerpt).join('\n')).toMatch(/fake (identity cards|military identification)/);
      // A passage admitted by meaning is quoted at its sentence closest to the question, not at one that shares its words.
      const diary = await engine.ask('What was written in the diary of a North Korean fighter?');
      expect(diary.citations.slice(0, 3).map((c) => c.excerpt).join('\n')).toMatch(/notebook detailing drone warfare tactics|birthday greeting/);
      // Chosen by similarity alone, the passage holding the evidence was quoted at a sentence closer to "North Korean";
      // similarity and the question's words together pick the one that answers.
      const relatives = await engine.ask('What do North Korean deserters fear will happen to their relatives?');
      expect(relatives.citations.slice(0, 3).map((c) => c.excerpt).join('\n')).toMatch(/reprisal against their families/);
      expect((await engine.ask('How do I bake bread?')).answered).toBe(false);
    } finally {
      await engine.close();
    }
  }, 90_000);
});
