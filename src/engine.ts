import path from 'node:path';
import type { EngineConfig } from './config.ts';
import { answerQuestion } from './answer/answer-question.ts';
import type { AnswerSettings } from './answer/build-answer.ts';
import type { Answer } from './answer/types.ts';
import { UserError } from './errors.ts';
import { cleanQuestion } from './answer/clean-question.ts';
import { followUpQuery } from './conversation/follow-up-query.ts';
import type { Embedder, ModelLoadProgress } from './embedding/embedder.ts';
import { loadEmbeddingModel, type LoadedModel } from './embedding/load-model.ts';
import { BACKGROUND_NICENESS, ProcessEmbedder } from './embedding/process-embedder.ts';
import { buildIndex, type BuildProgress, type BuildSummary } from './indexing/build-index.ts';
import { calibrateGate } from './indexing/calibrate-gate.ts';
import { denseGate, type DenseGate } from './indexing/dense-gate.ts';
import { silentLogger, type Logger } from './logger.ts';
import type { RetrievalMode } from './search/passage-index.ts';
import { acquireBuildLock } from './store/build-lock.ts';
import { crashPoint } from './store/crash-point.ts';
import { FileIndexStore } from './store/file-index-store.ts';
import type { IndexStore, OpenedIndex } from './store/index-store.ts';
import type { DocumentRecord } from './records/index.ts';
import { FolderArticleSource, type ArticleSource } from './articles/index.ts';

/** Questions longer than this are shortened before retrieval (and the asker told). */
export const MAX_QUESTION_CHARS = 1000;
/** Sentences repeated at the start of the next chunk. */
export const OVERLAP_SENTENCES = 1;

export interface EngineOptions {
  logger?: Logger;
  onModelProgress?: (event: ModelLoadProgress) => void;
  /**
   * Where bulk embedding for (re)indexing runs: 'process' (a child process)
   * keeps the event loop free (the bot); 'inline' reuses the already loaded
   * model (the CLI).
   */
  bulkEmbedding?: 'process' | 'inline';
  /** Replaces the on-disk store (tests, other backends); whoever passes one closes it. */
  store?: IndexStore;
  /** Makes this collection's store in place of the on-disk one (DATABASE_URL set); the engine closes what it makes. */
  openStore?: (config: EngineConfig) => IndexStore;
  /** Where this collection's article files are kept in place of its folder (DATABASE_URL set: the database). */
  openArticles?: (config: EngineConfig) => ArticleSource;
  /** Replaces the bulk embedder (tests inject failures). */
  bulkEmbedder?: Embedder;
  /**
   * Runs each reindex when its turn comes (collections share one: at most one embedding process
   * at a time); `onQueued` hears the position while it waits.
   */
  reindexGate?: <T>(run: () => Promise<T>, onQueued?: (position: number) => void) => Promise<T>;
}

export interface SourcesListing {
  documents: readonly DocumentRecord[];
  model: string;
  builtAt: string;
  chunks: number;
  /** The dense threshold of the relevance gate and where it comes from. */
  gate: DenseGate;
}

interface Loaded {
  index: OpenedIndex;
  documents: Map<string, DocumentRecord>;
}

/** A collection's article files: the database's when `options.openArticles` is given, else its folder. */
export const articleSourceFor = (config: EngineConfig, options: Pick<EngineOptions, 'openArticles'>): ArticleSource =>
  options.openArticles?.(config) ?? new FolderArticleSource(config.articlesDir);

/** An earlier question as quoted in a notice: whole up to 200 characters. */
const truncateQuestion = (question: string) => (question.length > 200 ? `${question.slice(0, 199)}…` : question);

/** Where the model's off-topic question vectors are cached (once per model), inside the model cache. */
export const calibrationCacheDir = (modelCacheDir: string) => path.join(modelCacheDir, 'gate-calibration');

/**
 * The answering engine: one model, one loaded index, questions in, cited
 * answers out. Knows nothing about Discord or terminals.
 */
export class Engine {
  private loaded: Loaded | null = null;
  private ownsModel = true;
  private reindexing: Promise<BuildSummary> | null = null;
  private readonly logger: Logger;
  private readonly store: IndexStore;
  /** The collection's article files, which a reindex reads and /article add|remove change. */
  readonly articles: ArticleSource;
  /** The store was made here (not passed in options), so closing the engine closes it. */
  private readonly ownsStore: boolean;

  private constructor(
    readonly config: EngineConfig,
    readonly model: LoadedModel,
    private readonly options: EngineOptions,
  ) {
    this.logger = options.logger ?? silentLogger;
    this.store = options.store ?? options.openStore?.(config) ?? new FileIndexStore(config.indexDir);
    this.ownsStore = !options.store;
    this.articles = articleSourceFor(config, options);
  }

  /** Loads the model and the newest good index (building one if there is none or it was built with another model). */
  static async open(
    config: EngineConfig,
    options: EngineOptions & { onBuildProgress?: (p: BuildProgress) => void; onBuilt?: (s: BuildSummary) => void } = {},
  ): Promise<Engine> {
    const model = await loadEmbeddingModel(config, options.onModelProgress);
    crashPoint('after-model-load');
    if (model.fallback) (options.logger ?? silentLogger).warn(model.fallback);
    return Engine.withModel(config, model, options, true);
  }

  /**
   * Opens another collection (its own articles and index folders in `config`) on a model that is
   * already loaded: many collections share one model. Closing this engine leaves the model open
   * unless `ownsModel`.
   */
  static async withModel(
    config: EngineConfig,
    model: LoadedModel,
    options: EngineOptions & { onBuildProgress?: (p: BuildProgress) => void; onBuilt?: (s: BuildSummary) => void } = {},
    ownsModel = false,
  ): Promise<Engine> {
    const engine = new Engine(config, model, options);
    engine.ownsModel = ownsModel;
    const index = await engine.store.open((w) => engine.logger.warn(w.message, { version: w.version }));
    if (index && index.manifest.model.id === model.embedder.modelId) {
      engine.install(index);
    } else {
      // An index built with another model can't be queried with this one: rebuild before answering.
      if (index) engine.logger.info(`the index was built with ${index.manifest.model.id}; rebuilding with ${model.embedder.modelId}`);
      const summary = await engine.reindex({ onProgress: options.onBuildProgress });
      options.onBuilt?.(summary);
    }
    return engine;
  }

  /** True while a reindex runs; questions are still answered from the current index. */
  get isReindexing(): boolean {
    return this.reindexing !== null;
  }

  /** The index version questions are answered from (null until one is built); the benchmarks and tests read it. */
  get index(): OpenedIndex | null {
    return this.loaded?.index ?? null;
  }

  private install(index: OpenedIndex): void {
    this.loaded = { index, documents: new Map(index.documents.map((d) => [d.id, d])) };
  }

  /**
   * Answers a question from the loaded index. `asOf` is the day it is asked
   * (`YYYY-MM-DD`, default today, UTC): articles published after it are left
   * out, and recent ones come first when the question asks about recent news.
   * `previous` are the questions asked before in the same conversation
   * (oldest first): a follow-up that leans on them ("where was he captured?")
   * is retrieved and gated with the earlier subject filled in, and the answer's
   * notice says which question it was read with.
   */
  async ask(
    question: string,
    options: { topK?: number; mode?: RetrievalMode; asOf?: string; previous?: readonly string[] } = {},
  ): Promise<Answer> {
    const asked = cleanQuestion(question).replace(/\s+/g, ' ').trim();
    if (asked === '') throw new UserError('empty-question', 'Ask a question: the text is empty.');
    const followUp = followUpQuery(asked, (options.previous ?? []).map((q) => cleanQuestion(q).replace(/\s+/g, ' ').trim()));
    let text = followUp.query;
    let notice: string | undefined;
    if (text.length > MAX_QUESTION_CHARS) {
      // Cut between code points: half an emoji would reach the model and the echoed question as U+FFFD.
      const cut = /[\uD800-\uDBFF]/.test(text[MAX_QUESTION_CHARS - 1]!) ? MAX_QUESTION_CHARS - 1 : MAX_QUESTION_CHARS;
      text = text.slice(0, cut);
      notice = `Your question was long; only its first ${MAX_QUESTION_CHARS} characters were used.`;
    }
    const loaded = this.loaded;
    if (!loaded || loaded.index.passages.size === 0) {
      throw new UserError('index-empty', 'Nothing is indexed yet: add articles to the articles folder and reindex.');
    }
    const mode = options.mode ?? 'hybrid';
    const [vector] = mode === 'keyword' ? [null] : await this.model.embedder.embed([text]);
    const settings: AnswerSettings = {
      topK: options.topK ?? this.config.topK,
      minKeywordCoverage: this.config.minKeywordCoverage,
      minDenseScore: denseGate(this.config.minDenseScore, loaded.index.manifest.calibration).minDenseScore,
      asOf: options.asOf ?? new Date().toISOString().slice(0, 10),
    };
    const embed = (texts: string[]) => this.model.embedder.embed(texts);
    let answer = await answerQuestion(loaded.index.passages, loaded.documents, text, vector ?? null, settings, mode, embed);
    if (followUp.context !== null) {
      // Shown as asked; the notice says what it was read with.
      const read = `Read with the earlier question: “${truncateQuestion(followUp.context)}”`;
      answer = { ...answer, question: asked, notice: notice ? `${read} ${notice}` : read };
    } else if (notice) answer = { ...answer, notice };
    return answer;
  }

  /**
   * Answers from the store's active version again: another process (a shard
   * sharing the database) has switched it. An index built with another model
   * is left alone: this engine could not query it.
   *
   * @returns whether a version was installed.
   */
  async refresh(): Promise<boolean> {
    const index = await this.store.open((w) => this.logger.warn(w.message, { version: w.version }));
    if (!index || index.manifest.model.id !== this.model.embedder.modelId) return false;
    this.install(index);
    return true;
  }

  /** What is indexed. */
  sources(): SourcesListing {
    const index = this.loaded?.index;
    return {
      documents: index?.documents ?? [],
      model: index?.manifest.model.id ?? this.model.embedder.modelId,
      builtAt: index?.manifest.builtAt ?? '',
      chunks: index?.passages.size ?? 0,
      gate: denseGate(this.config.minDenseScore, index?.manifest.calibration),
    };
  }

  /**
   * Rebuilds from the collection's articles (its folder, or the database's
   * article files with DATABASE_URL), incrementally, and swaps the new index
   * in. One at a time per process (a second call gets `reindex-running`) and
   * across processes (a file lock). On failure the current index stays.
   */
  reindex(
    options: { onProgress?: (p: BuildProgress) => void; signal?: AbortSignal; onQueued?: (position: number) => void } = {},
  ): Promise<BuildSummary> {
    if (this.reindexing) {
      return Promise.reject(new UserError('reindex-running', 'A reindex is already running; wait for it to finish.'));
    }
    const gate = this.options.reindexGate;
    const run = (gate ? gate(() => this.runReindex(options), options.onQueued) : this.runReindex(options)).finally(() => {
      this.reindexing = null;
    });
    this.reindexing = run;
    return run;
  }

  private async runReindex(options: { onProgress?: (p: BuildProgress) => void; signal?: AbortSignal }): Promise<BuildSummary> {
    const release = await acquireBuildLock(this.config.indexDir, (error) =>
      this.logger.error('the index build lock was lost', { error: error.message }),
    );
    const ownBulk = !this.options.bulkEmbedder && this.options.bulkEmbedding === 'process';
    let child: Promise<ProcessEmbedder> | null = null;
    // The embedding process (and its copy of the model) starts only when something needs embedding.
    const bulk: Embedder = ownBulk
      ? {
          modelId: this.model.embedder.modelId,
          dimensions: this.model.embedder.dimensions,
          embed: async (texts) =>
            (await (child ??= ProcessEmbedder.start(this.model.source, { threads: this.config.embeddingThreads, niceness: BACKGROUND_NICENESS }))).embed(texts),
          close: async () => (child ? (await child).close() : undefined),
        }
      : (this.options.bulkEmbedder ?? this.model.embedder);
    try {
      // Another process may have built a newer version while we waited; its embeddings are reused.
      const latest = await this.store.load((w) => this.logger.warn(w.message, { version: w.version }));
      const { index, summary } = await buildIndex({
        articles: this.articles,
        maxFileBytes: this.config.maxFileBytes,
        store: this.store,
        previous: latest,
        embedder: bulk,
        tokens: this.model.embedder,
        chunking: { maxTokens: this.config.chunkMaxTokens, overlapSentences: OVERLAP_SENTENCES },
        onProgress: options.onProgress,
        signal: options.signal,
        calibrate: (input) =>
          calibrateGate({
            ...input,
            probeEmbedder: this.model.embedder,
            cacheDir: calibrationCacheDir(this.config.modelCacheDir),
            onWarning: (message) => this.logger.warn(message),
          }),
      });
      this.install(index);
      for (const problem of summary.problems) {
        this.logger.warn(`${problem.skipped ? 'skipped' : 'warning for'} ${problem.path}: ${problem.reason}`);
      }
      return summary;
    } finally {
      if (ownBulk) await bulk.close().catch(() => {});
      await release().catch(() => {});
    }
  }

  async close(): Promise<void> {
    await this.reindexing?.catch(() => {});
    if (this.ownsModel) await this.model.embedder.close();
    if (this.ownsStore) await this.store.close();
  }
}
