import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Embedder } from '../embedding/embedder.ts';
import { writeFileAtomic } from '../fs/atomic-file.ts';
import type { GateCalibration } from '../records/index.ts';
import { VectorIndex } from '../search/vector-index.ts';
import { OFF_TOPIC_QUESTIONS } from './off-topic-questions.ts';

/**
 * Largest share of the off-topic questions allowed to reach the dense
 * threshold: 1% (2 of the 275). Above the highest of them (share 0) the gate
 * refused paraphrases a semantic model finds and XQuAD questions whose
 * paragraph shares few of their words. Measured with `npm run eval`
 * (2026-11-29, README), once the keyword half stopped admitting questions
 * about names no passage mentions: XQuAD questions wrongly answered from the
 * sample articles 12 -> 18 (lexical model) and 12 -> 12 (word-vector model),
 * both within the 20 we allow; XQuAD answered 91.4% -> 92.9% and cited top-1
 * 78.0% -> 78.3% (lexical); word-vector paraphrases quoted 10 -> 11 of 24.
 */
export const OFF_TOPIC_SHARE = 0.01;

/**
 * Above any cosine: the threshold of an empty collection (nothing to answer
 * from), so no passage ever passes by meaning.
 */
const NOTHING_PASSES = 1.01;

/** A hash of the question set, so that editing it re-embeds it. */
export const questionSetHash = (questions: readonly string[]): string =>
  createHash('sha256').update(questions.join('\n')).digest('hex').slice(0, 16);

export interface CalibrationInput {
  /** The collection's passage vectors, row-major, normalised. */
  vectors: Float32Array;
  dimensions: number;
  /** Embeds the questions when the cache has no copy for this model. */
  embedder: Embedder;
  /**
   * Re-embeds one question to check a cached copy (default `embedder`). The
   * bot passes its already loaded model here, so a reindex that finds the
   * copy good never starts the embedding process just for that.
   */
  probeEmbedder?: Embedder;
  /** Folder of cached question vectors (one file per model and question set); none: embed every time. */
  cacheDir?: string;
  questions?: readonly string[];
  share?: number;
  /**
   * Told when the cache cannot be written (a read-only model cache): the
   * calibration still completes, only the next build embeds the questions
   * again. Without it, that failure is thrown.
   */
  onWarning?: (message: string) => void;
}

const quantile = (descending: readonly number[], q: number): number =>
  descending.length === 0 ? 0 : descending[Math.min(descending.length - 1, Math.floor((1 - q) * descending.length))]!;
const round = (n: number) => Math.round(n * 10_000) / 10_000;

/**
 * Measures the model's own score range on this collection: each off-topic
 * question's best dense score against the passages, and the threshold that
 * at most `share` of them reach (just above the score of the first question
 * beyond that share; with share 0, just above the highest). A model whose cosines sit high for any pair of texts
 * gets a high threshold, one with spread-out scores a low one: no number is
 * set by hand.
 */
export async function calibrateGate(input: CalibrationInput): Promise<GateCalibration> {
  const questions = input.questions ?? OFF_TOPIC_QUESTIONS;
  const share = input.share ?? OFF_TOPIC_SHARE;
  const questionSet = questionSetHash(questions);
  const best: number[] = [];
  // An empty collection has nothing to score the questions against: no need to embed them.
  if (input.vectors.length > 0) {
    const queries = await questionVectors(input.embedder, input.probeEmbedder ?? input.embedder, questions, questionSet, input.cacheDir, input.onWarning);
    const index = new VectorIndex(input.vectors, input.dimensions);
    for (const query of queries) best.push(index.search(query, 1)[0]?.score ?? 0);
  }
  best.sort((a, b) => b - a);
  const allowed = Math.floor(share * best.length);
  // The next representable step above the first score beyond the allowed share, so exactly `allowed` questions reach it.
  const threshold = best.length === 0 ? NOTHING_PASSES : Math.min(NOTHING_PASSES, best[allowed]! + 1e-6);
  return {
    questions: questions.length,
    questionSet,
    share,
    denseThreshold: Math.ceil(threshold * 10_000) / 10_000,
    offTopic: { median: round(quantile(best, 0.5)), p90: round(quantile(best, 0.9)), p99: round(quantile(best, 0.99)), max: round(best[0] ?? 0) },
  };
}

/**
 * The questions' vectors, embedded once per model and question set and kept
 * in `cacheDir`. A cached copy is trusted only if re-embedding the first
 * question gives the same vector, so a model regenerated in the same folder
 * (same id, other weights) is embedded afresh rather than compared wrongly.
 */
async function questionVectors(
  embedder: Embedder,
  probeEmbedder: Embedder,
  questions: readonly string[],
  questionSet: string,
  cacheDir: string | undefined,
  onWarning: ((message: string) => void) | undefined,
): Promise<Float32Array[]> {
  const { dimensions } = embedder;
  const key = createHash('sha256').update(`${embedder.modelId}\n${dimensions}\n${questionSet}`).digest('hex').slice(0, 24);
  const file = cacheDir ? path.join(cacheDir, `off-topic-${key}.f32`) : null;
  const split = (data: Float32Array) => questions.map((_, i) => data.slice(i * dimensions, (i + 1) * dimensions));
  if (file && questions.length > 0) {
    const cached = await readFile(file).catch(() => null);
    if (cached && cached.byteLength === questions.length * dimensions * 4) {
      const vectors = split(new Float32Array(cached.buffer, cached.byteOffset, cached.byteLength / 4));
      const [probe] = await probeEmbedder.embed([questions[0]!]);
      let agreement = 0;
      for (let i = 0; i < dimensions; i++) agreement += probe![i]! * vectors[0]![i]!;
      if (agreement > 0.9999) return vectors;
    }
  }
  const vectors = await embedder.embed([...questions]);
  if (file) {
    const data = new Float32Array(questions.length * dimensions);
    vectors.forEach((v, i) => data.set(v, i * dimensions));
    try {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFileAtomic(file, new Uint8Array(data.buffer));
    } catch (error) {
      const message = `caching the gate calibration's question vectors in ${file}: ${(error as Error).message}`;
      if (!onWarning) throw new Error(message, { cause: error });
      onWarning(`${message}; the next build embeds them again`);
    }
  }
  return vectors;
}
