/**
 * npx tsx bench/compare-embedding-paths.ts [--threads N] [--passages N] [--rounds N]
 *
 * Why the embedder runs its own onnxruntime-node session instead of handing
 * options to transformers.js: the same news passages embedded, in one
 * process and in alternating rounds (so each round's figures share the
 * machine's load), by
 *   - before: transformers.js's pipeline as the project used it (its default session, 16 texts per call, in order);
 *   - pipeline + options: the same pipeline with our session options wrapped into the create call
 *     transformers.js makes (the only way in: it passes no options), and batches grouped by length;
 *   - ours: TransformersEmbedder (our session, grouped batches, pooling over typed arrays);
 *   - bare: the bare session over batches of 32 x 200 tokens (the ceiling).
 * Prints passages/s, the share of the bare session's (median of the per-round ratios) and CPU ms per passage,
 * then question embedding latency (one short text per call) before and ours, alternating.
 * Uses the MiniLM-shaped benchmark model (written into MODEL_CACHE_DIR once).
 */
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { pipeline, type FeatureExtractionPipeline } from '@xenova/transformers';
import { loadEngineConfig } from '../src/config.ts';
import { lengthBatches } from '../src/embedding/length-batches.ts';
import { createNativeSession, nativeSessionOptions, onnxRuntime } from '../src/embedding/onnx-runtime.ts';
import { MODEL_FILE, TransformersEmbedder } from '../src/embedding/transformers-embedder.ts';
import { OVERLAP_SENTENCES } from '../src/engine.ts';
import { chunkCorpus } from './bench-corpus.ts';
import { DEFAULT_DATASETS_DIR } from './datasets-dir.ts';
import { responsivenessModel } from './responsiveness-model.ts';
import { documentSource } from './run-bench.ts';
import { median, quantile } from './stats.ts';

const { values } = parseArgs({ options: { threads: { type: 'string' }, passages: { type: 'string', default: '128' }, rounds: { type: 'string', default: '5' } } });
const config = loadEngineConfig();
const threads = Number(values.threads ?? config.embeddingThreads);
const count = Number(values.passages);
const rounds = Number(values.rounds);
const { embeddingModel: dir } = await responsivenessModel(config);
const modelDir = path.resolve(dir);

const ours = await TransformersEmbedder.load({ kind: 'local', id: `local:${modelDir}`, dir: modelDir }, undefined, { threads });
const texts = chunkCorpus((await documentSource(DEFAULT_DATASETS_DIR)).documents, count, {
  maxTokens: config.chunkMaxTokens,
  overlapSentences: OVERLAP_SENTENCES,
  tokens: ours,
}).chunks.map((c) => c.text);
const lengths = texts.map((t) => ours.countTokens(t) + 2);

// TransformersEmbedder.load pointed transformers.js at the model folder's parent; the pipelines load from there.
const ort = onnxRuntime() as unknown as { InferenceSession: { create: (model: unknown, options: object) => Promise<unknown> } };
const create = ort.InferenceSession.create;
ort.InferenceSession.create = (model: unknown, options: object) => create.call(ort.InferenceSession, model, { ...options, ...nativeSessionOptions(threads) });
const withOptions = (await pipeline('feature-extraction', path.basename(modelDir), { quantized: true })) as FeatureExtractionPipeline;
ort.InferenceSession.create = create;
const before = (await pipeline('feature-extraction', path.basename(modelDir), { quantized: true })) as FeatureExtractionPipeline;
const bare = await createNativeSession(new Uint8Array(await readFile(path.join(modelDir, MODEL_FILE))), threads);
const { Tensor } = onnxRuntime();
const feeds = Object.fromEntries(
  bare.inputNames.map((k) => [k, new Tensor('int64', new BigInt64Array(32 * 200).fill(k === 'token_type_ids' ? 0n : 1n), [32, 200])]),
);
const REQUEST = 64;

const paths: Record<string, () => Promise<number>> = {
  before: async () => {
    for (let i = 0; i < texts.length; i += 16) await before(texts.slice(i, i + 16), { pooling: 'mean', normalize: true });
    return texts.length;
  },
  'pipeline + options': async () => {
    for (let at = 0; at < texts.length; at += REQUEST) {
      const request = texts.slice(at, at + REQUEST);
      for (const batch of lengthBatches(lengths.slice(at, at + REQUEST))) {
        await withOptions(batch.map((j) => request[j]!), { pooling: 'mean', normalize: true });
      }
    }
    return texts.length;
  },
  ours: async () => {
    for (let at = 0; at < texts.length; at += REQUEST) await ours.embed(texts.slice(at, at + REQUEST));
    return texts.length;
  },
  bare: async () => {
    for (let i = 0; i < 4; i++) await bare.run(feeds);
    return 4 * 32;
  },
};
for (const run of Object.values(paths)) await run(); // warm-up
const rate: Record<string, number[]> = {};
const cpu: Record<string, number[]> = {};
for (let r = 0; r < rounds; r++) {
  for (const [name, run] of Object.entries(paths)) {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const passages = await run();
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpuBefore);
    (rate[name] ??= []).push(passages / seconds);
    (cpu[name] ??= []).push((used.user + used.system) / 1000 / passages);
  }
}
process.stdout.write(
  `${texts.length} passages (mean ${Math.round(lengths.reduce((a, b) => a + b, 0) / lengths.length)} tokens), ${threads} thread(s), ${rounds} rounds, model ${modelDir}\n`,
);
for (const name of Object.keys(paths)) {
  const share = median(rate[name]!.map((r, i) => r / rate.bare![i]!));
  process.stdout.write(
    `${name.padEnd(20)} ${median(rate[name]!).toFixed(1).padStart(7)} passages/s  ${Math.round(share * 100)
      .toString()
      .padStart(3)}% of bare  ${median(cpu[name]!).toFixed(1).padStart(6)} CPU ms/passage\n`,
  );
}
const questions = texts.map((t) => `What happened: ${t.split(/[.!?]/)[0]!.slice(0, 80)}?`);
const latency: Record<'before' | 'ours', number[]> = { before: [], ours: [] };
for (let i = 0; i < Math.max(50, rounds * 10) + 5; i++) {
  const question = questions[i % questions.length]!;
  let started = performance.now();
  await before(question, { pooling: 'mean', normalize: true });
  const beforeMs = performance.now() - started;
  started = performance.now();
  await ours.embed([question]);
  if (i >= 5) {
    latency.before.push(beforeMs);
    latency.ours.push(performance.now() - started);
  }
}
for (const [name, ms] of Object.entries(latency)) {
  process.stdout.write(`question embedding, ${name.padEnd(6)} p50 ${quantile(ms, 0.5).toFixed(2)} ms, p95 ${quantile(ms, 0.95).toFixed(2)} ms (${ms.length} questions)\n`);
}
await Promise.all([ours.close(), before.dispose(), withOptions.dispose(), bare.release?.()]);
