import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { EngineConfig } from '../src/config.ts';
import type { Embedder } from '../src/embedding/embedder.ts';
import { ProcessEmbedder, type ProcessEmbedderOptions } from '../src/embedding/process-embedder.ts';
import { Engine } from '../src/engine.ts';
import type { BenchDocument } from './bench-documents.ts';
import { quantile, round } from './stats.ts';

/**
 * Where a reindex embeds: on the bot's own thread; in a child process as the
 * bot does (every core, lower priority); in a one-thread child at normal
 * priority, as the bot did before, the baseline for responsiveness; or in an
 * every-core child at normal priority, what lowering the priority is weighed against.
 */
export type BulkMode = 'inline' | 'process' | 'process-1-thread' | 'process-normal-priority';

export const BULK_MODES: readonly BulkMode[] = ['inline', 'process', 'process-1-thread', 'process-normal-priority'];

/** How the report names each mode. */
export const BULK_MODE_LABELS: Record<BulkMode, string> = {
  inline: "on the bot's thread (the CLI)",
  process: 'in a child process (the bot: every core, nice 10)',
  'process-1-thread': 'in a one-thread child (the bot before)',
  'process-normal-priority': 'in a child process, every core, nice 0',
};

export interface ResponsivenessSettings {
  /** Engine settings with the model to measure; the folders are replaced per mode. */
  config: EngineConfig;
  /** Articles added before the measured reindex (the first one is indexed beforehand). */
  documents: readonly BenchDocument[];
  workDir: string;
  /** Pause between the questions asked while the reindex runs. */
  askEveryMs?: number;
  onProgress?: (mode: BulkMode) => void;
}

/** One reindex, measured from the bot's side. */
export interface ReindexModeResult {
  mode: BulkMode;
  passages_embedded: number;
  reindex_s: number;
  passages_per_s: number;
  /** Passages per second of the embedding phase alone: the child's start and model load included, reading, chunking and saving not. */
  embed_passages_per_s: number;
  /**
   * Seconds from the embedding phase's start to the first request's vectors: for a child, its start and model
   * load plus one request; the rest of the phase runs at `embed_after_first_passages_per_s` (0 when one request held all).
   */
  embed_first_request_s: number;
  embed_after_first_passages_per_s: number;
  /** How late the event loop ran timers during the reindex (a Discord heartbeat is such a timer). */
  event_loop_delay_max_ms: number;
  event_loop_delay_p99_ms: number;
  /** Questions answered while the reindex ran, and how long each took. */
  asks: number;
  ask_p50_ms: number;
  ask_p95_ms: number;
  ask_max_ms: number;
}

export interface ResponsivenessReport {
  model: string;
  documents: number;
  modes: ReindexModeResult[];
}

const articleFile = (doc: BenchDocument, i: number) => ({
  name: `${String(i).padStart(4, '0')}.md`,
  text: `---\ntitle: ${JSON.stringify(doc.title)}\n---\n${doc.text}\n`,
});

/** Writes `documents` as Markdown articles numbered from `from` into `dir`. */
export async function writeArticles(dir: string, documents: readonly BenchDocument[], from: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [i, doc] of documents.entries()) {
    const file = articleFile(doc, from + i);
    await writeFile(path.join(dir, file.name), file.text);
  }
}

/** Asks questions one after another, `pauseMs` apart, until `stop()`; resolves with their latencies. */
function askWhile(engine: Engine, questions: readonly string[], pauseMs: number): { stop: () => Promise<number[]> } {
  const latencies: number[] = [];
  let running = true;
  const loop = (async () => {
    for (let i = 0; running; i++) {
      const started = performance.now();
      await engine.ask(questions[i % questions.length]!);
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return latencies;
    },
  };
}

/**
 * A child-process embedder like the bot's own but with other threads or
 * priority (a one-thread child at normal priority was the bot's before
 * EMBEDDING_THREADS); it starts at the first embedding, as the engine's does,
 * so the reindex pays for the start.
 */
function otherChild(engine: () => Engine, options: ProcessEmbedderOptions): Embedder & { stop(): Promise<void> } {
  let child: Promise<ProcessEmbedder> | null = null;
  return {
    get modelId() {
      return engine().model.embedder.modelId;
    },
    get dimensions() {
      return engine().model.embedder.dimensions;
    },
    embed: async (texts) => (await (child ??= ProcessEmbedder.start(engine().model.source, options))).embed(texts),
    close: async () => {},
    stop: async () => {
      if (child) await (await child).close();
      child = null;
    },
  };
}

async function measureMode(mode: BulkMode, settings: ResponsivenessSettings): Promise<{ model: string; result: ReindexModeResult }> {
  const root = path.join(settings.workDir, `reindex-${mode}`);
  const articlesDir = path.join(root, 'articles');
  const [first, ...rest] = settings.documents;
  if (!first) throw new Error('the reindex measurement needs at least two documents');
  await writeArticles(articlesDir, [first], 0);
  const config = { ...settings.config, articlesDir, indexDir: path.join(root, 'index') };
  // The index of the first article, built beforehand, so opening the measured engine builds nothing.
  await (await Engine.open(config, { bulkEmbedding: 'inline' })).close();
  let opened: Engine | undefined;
  const baseline =
    mode === 'process-1-thread'
      ? otherChild(() => opened!, { threads: 1, niceness: 0 })
      : mode === 'process-normal-priority'
        ? otherChild(() => opened!, { threads: config.embeddingThreads, niceness: 0 })
        : undefined;
  const engine = await Engine.open(config, { bulkEmbedding: mode === 'inline' ? 'inline' : 'process', bulkEmbedder: baseline });
  opened = engine;
  try {
    await writeArticles(articlesDir, rest, 1);
    const questions = rest.slice(0, 20).map((doc) => `What happened: ${doc.title}?`);
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const asking = askWhile(engine, questions, settings.askEveryMs ?? 100);
    const started = performance.now();
    let embedStarted = started;
    let embedEnded = started;
    let firstRequest = { at: started, done: 0 };
    const summary = await engine.reindex({
      onProgress: (p) => {
        if (p.phase !== 'embed') return;
        if (p.done === 0) embedStarted = performance.now();
        else if (firstRequest.done === 0) firstRequest = { at: performance.now(), done: p.done };
        embedEnded = performance.now();
      },
    });
    const seconds = (performance.now() - started) / 1000;
    await baseline?.stop();
    const asks = await asking.stop();
    delay.disable();
    const result: ReindexModeResult = {
      mode,
      passages_embedded: summary.embedded,
      reindex_s: round(seconds),
      passages_per_s: round(summary.embedded / seconds),
      embed_passages_per_s: round(summary.embedded / ((embedEnded - embedStarted) / 1000)),
      embed_first_request_s: round((firstRequest.at - embedStarted) / 1000),
      embed_after_first_passages_per_s:
        summary.embedded > firstRequest.done ? round((summary.embedded - firstRequest.done) / ((embedEnded - firstRequest.at) / 1000)) : 0,
      event_loop_delay_max_ms: round(delay.max / 1e6),
      event_loop_delay_p99_ms: round(delay.percentile(99) / 1e6),
      asks: asks.length,
      ask_p50_ms: round(quantile(asks, 0.5)),
      ask_p95_ms: round(quantile(asks, 0.95)),
      ask_max_ms: round(Math.max(...asks)),
    };
    return { model: engine.model.embedder.modelId, result };
  } finally {
    await baseline?.stop();
    await engine.close();
  }
}

/**
 * What a reindex does to the bot while it runs: the same articles reindexed
 * with embedding on the bot's thread and in a child process, while questions
 * are asked every `askEveryMs`. Event-loop delay stands for the Discord
 * heartbeat and every other timer; ask latency is what users wait.
 */
export async function measureReindexResponsiveness(settings: ResponsivenessSettings): Promise<ResponsivenessReport> {
  const modes: ReindexModeResult[] = [];
  let model = '';
  for (const mode of BULK_MODES) {
    settings.onProgress?.(mode);
    const measured = await measureMode(mode, settings);
    model = measured.model;
    modes.push(measured.result);
  }
  return { model, documents: settings.documents.length, modes };
}
