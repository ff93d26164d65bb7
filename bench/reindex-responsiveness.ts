import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { EngineConfig } from '../src/config.ts';
import { Engine } from '../src/engine.ts';
import type { BenchDocument } from './bench-documents.ts';
import { quantile, round } from './stats.ts';

/** Where a reindex embeds: on the bot's own thread, or in a child process (what the bot does). */
export type BulkMode = 'inline' | 'process';

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

async function writeArticles(dir: string, documents: readonly BenchDocument[], from: number): Promise<void> {
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

async function measureMode(mode: BulkMode, settings: ResponsivenessSettings): Promise<{ model: string; result: ReindexModeResult }> {
  const root = path.join(settings.workDir, `reindex-${mode}`);
  const articlesDir = path.join(root, 'articles');
  const [first, ...rest] = settings.documents;
  if (!first) throw new Error('the reindex measurement needs at least two documents');
  await writeArticles(articlesDir, [first], 0);
  const config = { ...settings.config, articlesDir, indexDir: path.join(root, 'index') };
  const engine = await Engine.open(config, { bulkEmbedding: mode });
  try {
    await writeArticles(articlesDir, rest, 1);
    const questions = rest.slice(0, 20).map((doc) => `What happened: ${doc.title}?`);
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const asking = askWhile(engine, questions, settings.askEveryMs ?? 100);
    const started = performance.now();
    const summary = await engine.reindex();
    const seconds = (performance.now() - started) / 1000;
    const asks = await asking.stop();
    delay.disable();
    const result: ReindexModeResult = {
      mode,
      passages_embedded: summary.embedded,
      reindex_s: round(seconds),
      passages_per_s: round(summary.embedded / seconds),
      event_loop_delay_max_ms: round(delay.max / 1e6),
      event_loop_delay_p99_ms: round(delay.percentile(99) / 1e6),
      asks: asks.length,
      ask_p50_ms: round(quantile(asks, 0.5)),
      ask_p95_ms: round(quantile(asks, 0.95)),
      ask_max_ms: round(Math.max(...asks)),
    };
    return { model: engine.model.embedder.modelId, result };
  } finally {
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
  for (const mode of ['inline', 'process'] as const) {
    settings.onProgress?.(mode);
    const measured = await measureMode(mode, settings);
    model = measured.model;
    modes.push(measured.result);
  }
  return { model, documents: settings.documents.length, modes };
}
