import path from 'node:path';
import { readFile } from 'node:fs/promises';
import type { EngineConfig } from '../src/config.ts';
import { inOrderBatches, paddingOf, paddingShare } from '../src/embedding/length-batches.ts';
import { createNativeSession, onnxRuntime, type OrtSession } from '../src/embedding/onnx-runtime.ts';
import { MODEL_FILE } from '../src/embedding/transformers-embedder.ts';
import { Engine } from '../src/engine.ts';
import { EMBED_BATCH } from '../src/indexing/build-index.ts';
import type { BenchDocument } from './bench-documents.ts';
import { writeArticles } from './reindex-responsiveness.ts';
import { quantile, round } from './stats.ts';

/** The report's `embedding` object: exactly these keys (checks rely on them). */
export interface EmbeddingReport {
  model: string;
  /** `npm run index`'s embedding phase: passages per second of embedding, through the engine in this process. */
  passages_per_s: number;
  /** A bare onnxruntime-node session on the same model file and thread count, batches of 32 x 200 tokens, same run. */
  ceiling_passages_per_s: number;
  /** Share of the token positions the model computed that were padding. */
  padding_share: number;
  threads: number;
}

/** What explains the figures; printed and kept in the report's notes, not in `embedding`. */
export interface EmbeddingDetails {
  passages: number;
  mean_tokens: number;
  embed_s: number;
  build_s: number;
  /** Padding share the same passages had with the old batching: requests of EMBED_BATCH in article order, 16 rows per model call. */
  padding_share_before: number;
  question_p50_ms: number;
  question_p95_ms: number;
}

/** The old embedder's rows per model call (transformers.js pipeline over 16 texts at a time). */
const OLD_BATCH_ROWS = 16;
const share = (value: number) => Math.round(value * 1000) / 1000;
const CEILING_ROWS = 32;
const CEILING_TOKENS = 200;

export interface EmbeddingSpeedSettings {
  /** Engine settings with the model to measure (EMBEDDING_MODEL) and its thread count. */
  config: EngineConfig;
  documents: readonly BenchDocument[];
  workDir: string;
  /** Timed runs of the bare session (split before and after the build, so both see the same load). */
  ceilingRuns: number;
  questions: number;
}

/** Passages per second of a bare session over `runs` batches of 32 x 200 tokens. */
async function bareSessionRate(session: OrtSession, runs: number): Promise<{ rows: number; ms: number }> {
  const ort = onnxRuntime();
  const size = CEILING_ROWS * CEILING_TOKENS;
  // Word-piece ids drawn from the vocabulary's common range; BERT's cost does not depend on which ids.
  const ids = BigInt64Array.from({ length: size }, (_, i) => BigInt(1000 + ((i * 7919) % 20000)));
  const dims = [CEILING_ROWS, CEILING_TOKENS];
  const feeds = Object.fromEntries(
    session.inputNames.map((name) => [
      name,
      new ort.Tensor('int64', name === 'input_ids' ? ids : name === 'attention_mask' ? new BigInt64Array(size).fill(1n) : new BigInt64Array(size), dims),
    ]),
  );
  const started = performance.now();
  for (let i = 0; i < runs; i++) await session.run(feeds);
  return { rows: runs * CEILING_ROWS, ms: performance.now() - started };
}

/**
 * How fast `npm run index` embeds (the engine building an index of
 * `documents` in this process, as the CLI does) against the ceiling of this
 * machine: a bare onnxruntime-node session on the same model file with the
 * same threads, timed in the same run (half before the build, half after).
 */
export async function measureEmbeddingSpeed(settings: EmbeddingSpeedSettings): Promise<{ report: EmbeddingReport; details: EmbeddingDetails }> {
  const { config } = settings;
  if (!config.embeddingModel) throw new Error('the embedding speed needs a model folder (EMBEDDING_MODEL)');
  const modelDir = path.resolve(config.embeddingModel);
  const session = await createNativeSession(new Uint8Array(await readFile(path.join(modelDir, MODEL_FILE))), config.embeddingThreads);
  let ceiling = { rows: 0, ms: 0 };
  const timeCeiling = async (runs: number) => {
    const { rows, ms } = await bareSessionRate(session, runs);
    ceiling = { rows: ceiling.rows + rows, ms: ceiling.ms + ms };
  };
  try {
    await bareSessionRate(session, 1); // warm-up: the first run allocates
    await timeCeiling(Math.ceil(settings.ceilingRuns / 2));

    const root = path.join(settings.workDir, 'embedding-speed');
    const articlesDir = path.join(root, 'articles');
    await writeArticles(articlesDir, settings.documents, 0);
    let embedStarted = 0;
    let embedEnded = 0;
    let buildStarted = 0;
    const engine = await Engine.open(
      { ...config, articlesDir, indexDir: path.join(root, 'index') },
      {
        bulkEmbedding: 'inline',
        onBuildProgress: (p) => {
          if (p.phase === 'scan') buildStarted = performance.now();
          if (p.phase !== 'embed') return;
          if (p.done === 0) embedStarted = performance.now();
          embedEnded = performance.now();
        },
      },
    );
    try {
      const buildEnded = performance.now();
      const embedder = engine.model.embedder;
      const snapshot = engine.snapshot!;
      const passages = snapshot.chunks.length;
      // Everything this embedder computed so far: the load's one-row probe (no padding) and the build.
      const padding = embedder.paddingStats;
      const lengths = snapshot.chunks.map((c) => embedder.countTokens(c.text) + 2);
      const before = paddingOf(
        inOrderBatches(passages, EMBED_BATCH).flatMap((request) =>
          inOrderBatches(request.length, OLD_BATCH_ROWS).map((rows) => rows.map((j) => request[j]!)),
        ),
        lengths,
      );
      const questions = snapshot.documents.map((d) => `What happened: ${d.title}?`);
      const latencies: number[] = [];
      for (let i = 0; i < settings.questions + 3; i++) {
        const started = performance.now();
        await embedder.embed([questions[i % questions.length]!]);
        if (i >= 3) latencies.push(performance.now() - started);
      }
      await timeCeiling(Math.floor(settings.ceilingRuns / 2));
      const embedSeconds = (embedEnded - embedStarted) / 1000;
      return {
        report: {
          model: embedder.modelId,
          passages_per_s: round(passages / embedSeconds),
          ceiling_passages_per_s: round(ceiling.rows / (ceiling.ms / 1000)),
          padding_share: share(paddingShare(padding)),
          threads: embedder.threads,
        },
        details: {
          passages,
          mean_tokens: round(lengths.reduce((a, b) => a + b, 0) / Math.max(1, passages)),
          embed_s: round(embedSeconds),
          build_s: round((buildEnded - buildStarted) / 1000),
          padding_share_before: share(paddingShare(before)),
          question_p50_ms: round(quantile(latencies, 0.5)),
          question_p95_ms: round(quantile(latencies, 0.95)),
        },
      };
    } finally {
      await engine.close();
    }
  } finally {
    await session.release?.();
  }
}
