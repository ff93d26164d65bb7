import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { env, pipeline, type FeatureExtractionPipeline } from '@xenova/transformers';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { makeMiniLmShapedModel } from '../../bench/minilm-shaped-model.ts';
import { chunkText } from '../../src/chunking/chunk-text.ts';
import { inOrderBatches, lengthBatches, paddingOf } from '../../src/embedding/length-batches.ts';
import { TransformersEmbedder } from '../../src/embedding/transformers-embedder.ts';
import { SAMPLE_ARTICLES } from '../support/engine-fixture.ts';
import { dot } from '../support/model-files.ts';

/**
 * The embedder before EMBEDDING_THREADS: transformers.js's feature-extraction
 * pipeline over 16 texts at a time, in the order given, mean pooled and
 * normalised by transformers.js.
 */
async function embedAsBefore(dir: string, texts: string[]): Promise<Float32Array[]> {
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  env.localModelPath = path.dirname(dir);
  env.useFSCache = false;
  const extractor = (await pipeline('feature-extraction', path.basename(dir), { quantized: true })) as FeatureExtractionPipeline;
  try {
    const vectors: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += 16) {
      const batch = texts.slice(i, i + 16);
      const output = await extractor(batch, { pooling: 'mean', normalize: true });
      const width = output.dims[output.dims.length - 1]!;
      for (let row = 0; row < batch.length; row++) vectors.push((output.data as Float32Array).slice(row * width, (row + 1) * width));
    }
    return vectors;
  } finally {
    await extractor.dispose();
  }
}

/** Passages of the sample articles as the index cuts them, then headlines-length lines and questions: lengths from 3 to ~200 word pieces. */
async function sampleTexts(counter: TransformersEmbedder): Promise<string[]> {
  const passages: string[] = [];
  for (const file of (await readdir(SAMPLE_ARTICLES)).sort()) {
    const text = await readFile(path.join(SAMPLE_ARTICLES, file), 'utf8');
    const countTokens = (t: string) => counter.countTokens(t);
    passages.push(...chunkText(text, { maxTokens: 120, overlapSentences: 1, countTokens }).map((c) => c.text));
    passages.push(text.split('\n').find((line) => line.startsWith('title:')) ?? file);
  }
  return [...passages, 'When did the soldier die?', 'Where was he captured?', 'NIS', ''];
}

const minCosine = (a: Float32Array[], b: Float32Array[]) => Math.min(...a.map((v, i) => dot(v, b[i]!)));

describe.each([
  ['the generated test model', async () => inject('testModelDir')],
  // A real BERT encoder graph with dynamic int8 quantisation (all-MiniLM-L6-v2's operators, smaller), where the
  // batch a text shares and its padding change the quantisation scales: the case that could move vectors.
  ['a small BERT-shaped int8 model', async (root: string) => (await makeMiniLmShapedModel(path.join(root, 'bert'), { layers: 2, hidden: 64, heads: 4, intermediate: 128, maxPositions: 512 })).dir],
])('embedding with %s', (_name, makeModel) => {
  let root: string;
  let dir: string;
  let texts: string[];
  let before: Float32Array[];

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'vectors-unchanged-'));
    dir = await makeModel(root);
    const counter = await TransformersEmbedder.load({ kind: 'local', id: `local:${dir}`, dir }, undefined, { threads: 1 });
    try {
      texts = await sampleTexts(counter);
    } finally {
      await counter.close();
    }
    before = await embedAsBefore(dir, texts);
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it.each([1, 2])('gives the vectors the transformers.js pipeline gave (cosine >= 0.9999), in the order asked, with %i thread(s)', async (threads) => {
    const embedder = await TransformersEmbedder.load({ kind: 'local', id: `local:${dir}`, dir }, undefined, { threads });
    try {
      expect(texts.length).toBeGreaterThan(20);
      const vectors = await embedder.embed(texts);
      expect(vectors).toHaveLength(texts.length);
      expect(vectors.every((v) => v instanceof Float32Array && v.length === embedder.dimensions)).toBe(true);
      expect(minCosine(vectors, before)).toBeGreaterThanOrEqual(0.9999);
      // Unit length, as the index and the dense scan assume.
      for (const v of vectors) expect(Math.abs(dot(v, v) - 1)).toBeLessThan(1e-5);
      // One text at a time (a question) gives the same vectors as the grouped batches.
      const alone = await Promise.all(texts.slice(0, 5).map(async (t) => (await embedder.embed([t]))[0]!));
      expect(minCosine(alone, vectors.slice(0, 5))).toBeGreaterThanOrEqual(0.9999);
    } finally {
      await embedder.close();
    }
  });

  it('pads only within groups of similar length: less padding than batches in the order given, and it counts what it computed', async () => {
    const embedder = await TransformersEmbedder.load({ kind: 'local', id: `local:${dir}`, dir }, undefined, { threads: 1 });
    try {
      const start = embedder.paddingStats;
      // Long and short texts interleaved, as an index build sees them across articles.
      const mixed = texts.flatMap((t, i) => [t, texts[texts.length - 1 - i]!]).slice(0, 64);
      await embedder.embed(mixed);
      const lengths = mixed.map((t) => embedder.countTokens(t) + 2);
      const counted = { positions: embedder.paddingStats.positions - start.positions, padding: embedder.paddingStats.padding - start.padding };
      expect(counted).toEqual(paddingOf(lengthBatches(lengths), lengths));
      expect(counted.padding).toBeLessThan(paddingOf(inOrderBatches(mixed.length, 16), lengths).padding / 2);
    } finally {
      await embedder.close();
    }
  });
});
