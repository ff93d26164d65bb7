import path from 'node:path';
import { readFile } from 'node:fs/promises';
import type { EngineConfig } from '../src/config.ts';
import { inOrderBatches, paddingOf, paddingShare } from '../src/embedding/length-batches.ts';
import { createNativeSession, onnxRuntime, type OrtSession } from '../src/embedding/onnx-runtime.ts';
import { MODEL_FILE } from '../src/embedding/transformers-embedder.ts';
import { Engine } from '../src/engine.ts';
import { EMBED_BATCH } from '../src/indexing/build-index.ts';
import type { ChunkRecord } from '../src/records/index.ts';
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
  parts: number;
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
  /** Parts the articles are indexed in, with the bare session timed between them. */
  segments: number;
  /** Timed runs of the bare session before each part and after the last. */
  ceilingRunsPerPart: number;
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
 * How fast `npm run index` embeds (the engine indexing `documents` in this
 * process, as the CLI does) against the ceiling of this machine: a bare
 * onnxruntime-node session on the same model file with the same threads.
 * The articles arrive in `segments` parts, each indexed incrementally as
 * `npm run index` does, with the bare session timed before each part and
 * after the last, so both see the same load even when other processes come
 * and go on a shared machine.
 */
export async function measureEmbeddingSpeed(settings: EmbeddingSpeedSettings): Promise<{ report: EmbeddingReport; details: EmbeddingDetails }> {
  const { config } = settings;
  if (!config.embeddingModel) throw new Error('the embedding speed needs a model folder (EMBEDDING_MODEL)');
  const modelDir = path.resolve(config.embeddingModel);
  const session = await createNativeSession(new Uint8Array(await readFile(path.join(modelDir, MODEL_FILE))), config.embeddingThreads);
  let ceiling = { rows: 0, ms: 0 };
  const timeCeiling = async () => {
    const { rows, ms } = await bareSessionRate(session, settings.ceilingRunsPerPart);
    ceiling = { rows: ceiling.rows + rows, ms: ceiling.ms + ms };
  };
  try {
    await bareSessionRate(session, 1); // warm-up: the first run allocates
    const root = path.join(settings.workDir, 'embedding-speed');
    const articlesDir = path.join(root, 'articles');
    const engineConfig = { ...config, articlesDir, indexDir: path.join(root, 'index') };
    const parts = Math.max(1, Math.min(settings.segments, settings.documents.length - 1));
    const cut = (part: number) => 1 + Math.round(((settings.documents.length - 1) * part) / parts);
    // The first article is indexed when the engine opens (not timed), so each timed part is an incremental reindex.
    await writeArticles(articlesDir, settings.documents.slice(0, 1), 0);
    const engine = await Engine.open(engineConfig, { bulkEmbedding: 'inline' });
    try {
      const embedder = engine.model.embedder;
      const seeded = new Set(engine.index!.documents.map((d) => d.id));
      const padding = { positions: 0, padding: 0 };
      let embedMs = 0;
      let buildMs = 0;
      let passages = 0;
      for (let part = 0; part < parts; part++) {
        await writeArticles(articlesDir, settings.documents.slice(cut(part), cut(part + 1)), cut(part));
        await timeCeiling();
        const before = embedder.paddingStats;
        let embedStarted = 0;
        let embedEnded = 0;
        const started = performance.now();
        const summary = await engine.reindex({
          onProgress: (p) => {
            if (p.phase !== 'embed') return;
            if (p.done === 0) embedStarted = performance.now();
            embedEnded = performance.now();
          },
        });
        buildMs += performance.now() - started;
        embedMs += embedEnded - embedStarted;
        passages += summary.embedded;
        const after = embedder.paddingStats;
        padding.positions += after.positions - before.positions;
        padding.padding += after.padding - before.padding;
      }
      await timeCeiling();
      const index = engine.index!;
      // Passages in index order (article by article), as the reindexes embedded them.
      const embedded: ChunkRecord[] = [];
      for (const d of index.documents) if (!seeded.has(d.id)) embedded.push(...(await index.passages.passagesOf(d.id)));
      const lengths = embedded.map((c) => embedder.countTokens(c.text) + 2);
      // The same passages batched as before: requests of EMBED_BATCH in article order, OLD_BATCH_ROWS per model call.
      const old = paddingOf(
        inOrderBatches(lengths.length, EMBED_BATCH).flatMap((request) =>
          inOrderBatches(request.length, OLD_BATCH_ROWS).map((rows) => rows.map((j) => request[j]!)),
        ),
        lengths,
      );
      const questions = index.documents.map((d) => `What happened: ${d.title}?`);
      const latencies: number[] = [];
      for (let i = 0; i < settings.questions + 3; i++) {
        const started = performance.now();
        await embedder.embed([questions[i % questions.length]!]);
        if (i >= 3) latencies.push(performance.now() - started);
      }
      return {
        report: {
          model: embedder.modelId,
          passages_per_s: round(passages / (embedMs / 1000)),
          ceiling_passages_per_s: round(ceiling.rows / (ceiling.ms / 1000)),
          padding_share: share(paddingShare(padding)),
          threads: embedder.threads,
        },
        details: {
          passages,
          parts,
          mean_tokens: round(lengths.reduce((a, b) => a + b, 0) / Math.max(1, lengths.length)),
          embed_s: round(embedMs / 1000),
          build_s: round(buildMs / 1000),
          padding_share_before: share(paddingShare(old)),
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
