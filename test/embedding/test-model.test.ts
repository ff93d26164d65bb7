import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { AutoTokenizer, env, pipeline, type FeatureExtractionPipeline } from '@xenova/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isGeneratedTestModel,
  makeTestModel,
  type TestModelInfo,
} from '../../src/embedding/test-model/make-test-model.ts';
import { dot, embedWithPipeline as embed, fileHashes, useLocalModels } from '../support/model-files.ts';

/** The part of onnxruntime-node's API the backend check uses. */
interface OnnxRuntime {
  InferenceSession: { create(model: Uint8Array, options: { executionProviders: string[] }): Promise<unknown> };
}

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ARTICLE_TEXT = 'President Zelenskyy met envoys in Pyongyang’s embassy.';

let root: string;
let model: TestModelInfo;
let modelAgain: TestModelInfo;
let narrow: TestModelInfo;
let extractor: FeatureExtractionPipeline;

async function vocabIds(info: TestModelInfo): Promise<Map<string, number>> {
  const lines = (await readFile(path.join(info.dir, 'vocab.txt'), 'utf8')).split('\n').slice(0, -1);
  return new Map(lines.map((token, id) => [token, id]));
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'test-model-'));
  model = await makeTestModel(path.join(root, 'model'), { extraText: ARTICLE_TEXT });
  modelAgain = await makeTestModel(path.join(root, 'model-again'), { extraText: ARTICLE_TEXT });
  narrow = await makeTestModel(path.join(root, 'narrow'), { dimensions: 8 });
  useLocalModels(root);
  extractor = (await pipeline('feature-extraction', 'model', { quantized: true })) as FeatureExtractionPipeline;
});

afterAll(async () => {
  await extractor?.dispose();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('generated test model, loaded by transformers.js', () => {
  it('returns one unit-length vector of the requested width per text', async () => {
    const vectors = await embed(extractor, ['soldier', 'The bakery sells bread.', 'Dec. 26, 2024']);
    expect(vectors.map((v) => v.length)).toEqual([384, 384, 384]);
    for (const vector of vectors) expect(Math.sqrt(dot(vector, vector))).toBeCloseTo(1, 5);
  });

  it('honours the dimensions option', async () => {
    const pipe = (await pipeline('feature-extraction', 'narrow', { quantized: true })) as FeatureExtractionPipeline;
    try {
      const output = await pipe(['soldier'], { pooling: 'mean', normalize: true });
      expect(output.dims).toEqual([1, 8]);
    } finally {
      await pipe.dispose();
    }
  });

  it('gives the same vector for the same text across calls and batch positions', async () => {
    const text = 'The captured North Korean soldier died of his wounds on Dec. 26';
    const [first] = await embed(extractor, [text]);
    const [second] = await embed(extractor, [text]);
    const [, padded] = await embed(extractor, ['A much longer sentence comes first so this one is padded in the batch.', text]);
    expect(second).toEqual(first);
    expect(Array.from(padded!)).toEqual(Array.from(first!).map((value) => expect.closeTo(value, 6)));
  });

  it('ranks the sentence reporting the death above unrelated and stop-word-only sentences', async () => {
    const [query, answer, unrelated, stopWordsOnly] = await embed(extractor, [
      'when did the North Korean soldier die',
      'The captured North Korean soldier died of his wounds on Dec. 26',
      'The bakery sells fresh bread every morning',
      'When did the man say that he would be there?',
    ]);
    const answerScore = dot(query!, answer!);
    expect(answerScore).toBeGreaterThan(dot(query!, unrelated!) + 0.2);
    expect(answerScore).toBeGreaterThan(dot(query!, stopWordsOnly!) + 0.2);
  });

  it('gives inflected forms related vectors: soldier and soldiers, Dec. and December', async () => {
    const [soldier, soldiers, bakery, dec, december] = await embed(extractor, ['soldier', 'soldiers', 'bakery', 'Dec.', 'December']);
    expect(dot(soldier!, soldiers!)).toBeGreaterThan(0.3);
    expect(dot(dec!, december!)).toBeGreaterThan(0.3);
    expect(Math.abs(dot(soldier!, bakery!))).toBeLessThan(0.2);
  });

  it('embeds empty and punctuation-only text as a finite unit vector instead of NaN', async () => {
    for (const vector of await embed(extractor, ['', '?!'])) {
      expect(vector.every(Number.isFinite)).toBe(true);
      expect(Math.sqrt(dot(vector, vector))).toBeCloseTo(1, 5);
    }
  });
});

describe('generated tokenizer, loaded by AutoTokenizer', () => {
  it('encodes "soldier 2024" as [CLS] soldier 2024 [SEP], one known id per word', async () => {
    const tokenizer = await AutoTokenizer.from_pretrained('model');
    const ids = await vocabIds(model);
    expect(tokenizer.encode('soldier 2024')).toEqual(['[CLS]', 'soldier', '2024', '[SEP]'].map((token) => ids.get(token)));
  });

  it('adds words of extraText as single tokens, in the form the tokenizer looks them up', async () => {
    const tokenizer = await AutoTokenizer.from_pretrained('model');
    const ids = await vocabIds(model);
    expect(tokenizer.encode('ZELENSKYY', null, { add_special_tokens: false })).toEqual([ids.get('zelenskyy')]);
    expect((await vocabIds(narrow)).has('zelenskyy')).toBe(false);
  });

  it('spells unknown Latin-script words with ## pieces instead of [UNK]', async () => {
    const tokenizer = await AutoTokenizer.from_pretrained('narrow');
    const ids = await vocabIds(narrow);
    const encoded = tokenizer.encode('Zelenskyy straße naïve €5', null, { add_special_tokens: false });
    expect(encoded).not.toContain(ids.get('[UNK]'));
    expect(encoded).toContain(ids.get('##y'));
  });

  it('loads from an absolute folder path when env.localModelPath is "/"', async () => {
    env.localModelPath = '/';
    try {
      const tokenizer = await AutoTokenizer.from_pretrained(narrow.dir);
      expect(tokenizer.encode('soldier', null, { add_special_tokens: false })).toEqual([(await vocabIds(narrow)).get('soldier')]);
    } finally {
      useLocalModels(root);
    }
  });
});

describe('the model folder', () => {
  it('is byte-identical when generated twice with the same options', async () => {
    expect(await fileHashes(modelAgain)).toEqual(await fileHashes(model));
  });

  it('changes when the options change', async () => {
    const [wide, slim] = [await fileHashes(model), await fileHashes(narrow)];
    expect(slim['onnx/model_quantized.onnx']).not.toBe(wide['onnx/model_quantized.onnx']);
    expect(slim['vocab.txt']).not.toBe(wide['vocab.txt']);
  });

  it('describes itself in config.json and is recognised as generated', async () => {
    const config = JSON.parse(await readFile(path.join(model.dir, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ model_type: 'bert', hidden_size: 384, vocab_size: model.vocabSize, generated_test_model: true });
    expect((await vocabIds(model)).size).toBe(model.vocabSize);
    expect(await isGeneratedTestModel(model.dir)).toBe(true);
    expect(await isGeneratedTestModel(root)).toBe(false);
  });

  it('refuses to guess when config.json is not JSON', async () => {
    const broken = path.join(root, 'broken');
    await mkdir(broken);
    await writeFile(path.join(broken, 'config.json'), '{ not json');
    await expect(isGeneratedTestModel(broken)).rejects.toThrow(/config\.json: not valid JSON/);
  });

  it('rejects a width that is not a positive whole number', async () => {
    await expect(makeTestModel(path.join(root, 'bad'), { dimensions: 0 })).rejects.toThrow(RangeError);
    await expect(makeTestModel(path.join(root, 'bad'), { dimensions: 1.5 })).rejects.toThrow(/whole number/);
  });
});

describe('inference backend', () => {
  it('runs on native onnxruntime-node, not the WASM fallback', async () => {
    // The very onnxruntime-node instance transformers.js imported; its 'cpu'
    // backend is the native binding, while 'wasm' comes from onnxruntime-web.
    const requireFromTransformers = createRequire(createRequire(import.meta.url).resolve('@xenova/transformers'));
    const ort = requireFromTransformers('onnxruntime-node') as OnnxRuntime;
    const bytes = await readFile(path.join(narrow.dir, 'onnx', 'model_quantized.onnx'));
    const native = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'] });
    const wasm = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
    const handlerClass = (session: unknown) => Object.getPrototypeOf((session as { handler: object }).handler) as object;

    expect(handlerClass(wasm)).not.toBe(handlerClass(native));
    expect(handlerClass(extractor.model.session)).toBe(handlerClass(native));
  });
});

describe('make-test-model CLI', () => {
  const run = (args: string[]) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/make-test-model.ts', ...args], { cwd: PROJECT_ROOT });

  it('exits 1 (a usage error, as the README promises) and explains the usage when the input is wrong', async () => {
    const usage = /usage: npm run make-test-model -- <dir>/;
    const never = path.join(root, 'never-written');
    const cases = [
      [[], /no output folder given/],
      [[never, '--dimensions', '0'], /--dimensions must be a whole number from 1 to 4096/],
      [[never, '--widht', '8'], /Unknown option '--widht'/],
    ] as const;
    const failures = await Promise.all(cases.map(([args]) => run([...args]).then(() => null, (error: { code: number; stderr: string }) => error)));
    cases.forEach(([args, problem], i) => {
      expect(failures[i]?.code, args.join(' ')).toBe(1);
      expect(failures[i]?.stderr).toMatch(problem);
      expect(failures[i]?.stderr).toMatch(usage);
    });
    await expect(stat(never)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('writes the folder and lists the files it wrote', async () => {
    const dir = path.join(root, 'from-cli');
    const { stdout } = await run([dir, '--dimensions', '16']);
    expect(stdout).toContain(`Wrote a generated test model to ${dir}`);
    expect(stdout).toMatch(/onnx\/model_quantized\.onnx\s+\d/);
    expect(JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8')).hidden_size).toBe(16);
  });
});
