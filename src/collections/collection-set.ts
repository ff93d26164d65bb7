import path from 'node:path';
import type { ArticleSource } from '../articles/index.ts';
import { GUILDS_FOLDER } from '../articles/walk-folder.ts';
import type { EngineConfig } from '../config.ts';
import { articleSourceFor, Engine, type EngineOptions } from '../engine.ts';
import { loadEmbeddingModel, type LoadedModel } from '../embedding/load-model.ts';
import { silentLogger } from '../logger.ts';
import { TurnQueue } from './turn-queue.ts';

/** `shared`: one collection for every server (today's behaviour); `per-guild`: each server its own. */
export type CollectionMode = 'shared' | 'per-guild';

export interface CollectionSetOptions {
  mode: CollectionMode;
  /** Per-server collections kept in memory at most; the least recently used is unloaded beyond it. */
  maxLoaded: number;
  /** A per-server collection unused this long is unloaded. */
  idleUnloadMs: number;
  /** Start a new server's collection with a copy of ARTICLES_DIR's own articles. */
  seedNewGuilds: boolean;
  /** For every engine: the logger, where bulk embedding runs. */
  engine: EngineOptions;
}

interface LoadedCollection {
  engine: Promise<Engine>;
  /** The engine once loaded (a reindexing one is never unloaded). */
  ready?: Engine;
  lastUsed: number;
}

const GUILD_ID = /^\d{17,20}$/;

/** Whether `id` has the form of a Discord server id (17-20 digits): the only names a server's collection folder may have. */
export const isGuildId = (id: string): boolean => GUILD_ID.test(id);

/** The settings of a server's own collection: its articles and index folders under `guilds/<guild id>/`. */
export function guildCollectionConfig(base: EngineConfig, guildId: string): EngineConfig {
  if (!isGuildId(guildId)) throw new RangeError(`not a Discord server id: ${JSON.stringify(guildId)}`);
  return {
    ...base,
    collectionId: guildId,
    articlesDir: path.join(base.articlesDir, GUILDS_FOLDER, guildId),
    indexDir: path.join(base.indexDir, GUILDS_FOLDER, guildId),
  };
}

/**
 * The collections the bot answers from. In `shared` mode one engine serves every server. In
 * `per-guild` mode each server has its own articles and index folders under `guilds/<guild id>/`
 * of ARTICLES_DIR and INDEX_DIR, all sharing one loaded model; a collection is loaded when first
 * needed, and unloaded when idle or when more than `maxLoaded` are in memory (least recently used
 * first), so memory stays bounded however many servers the bot is in.
 *
 * Every reindex of every collection, the first build included, takes its turn in one queue: at
 * most one embedding process (each with its own copy of the model) runs at a time. Questions never
 * wait for it: they are answered from the loaded index.
 */
export class CollectionSet {
  readonly queue = new TurnQueue();
  private readonly loaded = new Map<string, LoadedCollection>();
  /** First looks at a server's folder still in flight, so two at once never open it twice. */
  private readonly opening = new Map<string, Promise<Engine | null>>();
  private readonly sweeper: NodeJS.Timeout | undefined;

  private constructor(
    readonly config: EngineConfig,
    readonly options: CollectionSetOptions,
    private readonly model: LoadedModel,
    private readonly shared: Engine | null,
  ) {
    // Only per-server collections are ever unloaded; the shared one stays for the bot's life.
    this.sweeper = shared ? undefined : setInterval(() => this.unloadIdle(), Math.min(60_000, options.idleUnloadMs)).unref();
  }

  /** Loads the model (and, in shared mode, the shared index, building it if needed). */
  static async open(config: EngineConfig, options: CollectionSetOptions & { engine: Parameters<typeof Engine.open>[1] }): Promise<CollectionSet> {
    if (options.mode === 'shared') return CollectionSet.sharing(await Engine.open(config, options.engine), options);
    const model = await loadEmbeddingModel(config, options.engine.onModelProgress);
    if (model.fallback) (options.engine.logger ?? silentLogger).warn(model.fallback);
    return new CollectionSet(config, options, model, null);
  }

  /** Shared mode around an engine that is already open (its model and index serve every server). */
  static sharing(engine: Engine, options: Partial<CollectionSetOptions> = {}): CollectionSet {
    const full: CollectionSetOptions = { maxLoaded: 1, idleUnloadMs: 60_000, seedNewGuilds: false, engine: {}, ...options, mode: 'shared' };
    return new CollectionSet(engine.config, full, engine.model, engine);
  }

  get mode(): CollectionMode {
    return this.options.mode;
  }

  /** Per-server collections now in memory. */
  get loadedCount(): number {
    return this.loaded.size;
  }

  /**
   * The engine that answers in `guildId` (null: a direct message). Shared mode: the one engine.
   * Per-guild mode: the server's own, loaded if needed; with `create`, a server without a
   * collection gets an empty one (or a seeded copy); without it, such a server (and a DM) gets null.
   */
  async forGuild(guildId: string | null, { create = false } = {}): Promise<Engine | null> {
    if (this.shared) return this.shared;
    if (guildId === null) return null;
    if (!isGuildId(guildId)) throw new Error(`not a Discord server id: ${JSON.stringify(guildId)}`);
    const known = this.loaded.get(guildId);
    if (known) {
      this.loaded.delete(guildId);
      known.lastUsed = Date.now();
      this.loaded.set(guildId, known);
      return known.engine;
    }
    const inflight = this.opening.get(guildId);
    if (inflight) {
      const engine = await inflight;
      return engine ?? (create ? this.forGuild(guildId, { create }) : null);
    }
    const opening = this.open(guildId, create);
    this.opening.set(guildId, opening);
    try {
      return await opening;
    } finally {
      this.opening.delete(guildId);
    }
  }

  private async open(guildId: string, create: boolean): Promise<Engine | null> {
    const config = this.configFor(guildId);
    const exists = await this.articlesOf(config).exists();
    if (!exists && !create) return null;
    const engine = this.load(guildId, config, !exists);
    const entry: LoadedCollection = { engine, lastUsed: Date.now() };
    this.loaded.set(guildId, entry);
    // Idle time counts from when it is ready: a slow first build is not idleness.
    void engine.then(
      (ready) => {
        entry.ready = ready;
        entry.lastUsed = Date.now();
      },
      () => undefined,
    );
    engine.catch(() => this.loaded.get(guildId)?.engine === engine && this.loaded.delete(guildId));
    this.unloadBeyondLimit();
    return engine;
  }

  /** The engine already in memory for `guildId` (shared mode: the one engine), without loading anything. */
  async loadedEngine(guildId: string | null): Promise<Engine | null> {
    if (this.shared) return this.shared;
    const entry = guildId === null ? undefined : this.loaded.get(guildId);
    return entry ? entry.engine.catch(() => null) : null;
  }

  /** Whether `guildId` (null: a DM) has a collection to answer from, without loading it. */
  async exists(guildId: string | null): Promise<boolean> {
    if (this.shared) return true;
    if (guildId === null || !isGuildId(guildId)) return false;
    if (this.loaded.has(guildId)) return true;
    return this.articlesOf(this.configFor(guildId)).exists();
  }

  /** A collection's article files: its folder, or the database's rows (DATABASE_URL). */
  private articlesOf(config: EngineConfig): ArticleSource {
    return articleSourceFor(config, this.options.engine);
  }

  /** The folders of a server's collection. */
  configFor(guildId: string): EngineConfig {
    return guildCollectionConfig(this.config, guildId);
  }

  private async load(guildId: string, config: EngineConfig, isNew: boolean): Promise<Engine> {
    if (isNew) {
      // Seeded with ARTICLES_DIR's own articles (never another server's: the shared collection holds none).
      await this.articlesOf(config).create(this.options.seedNewGuilds ? this.articlesOf(this.config) : undefined);
      (this.options.engine.logger ?? silentLogger).info('created a collection', { guild: guildId, seeded: this.options.seedNewGuilds });
    }
    return Engine.withModel(config, this.model, { ...this.options.engine, reindexGate: (run, onQueued) => this.queue.run(run, onQueued) });
  }

  /** Unloads least recently used collections beyond `maxLoaded`, sparing any that is reindexing. */
  private unloadBeyondLimit(): void {
    for (const [guildId, entry] of this.loaded) {
      if (this.loaded.size <= this.options.maxLoaded) return;
      if (!entry.ready?.isReindexing) this.unload(guildId);
    }
  }

  private unloadIdle(): void {
    const cutoff = Date.now() - this.options.idleUnloadMs;
    for (const [guildId, entry] of this.loaded) if (entry.lastUsed < cutoff && !entry.ready?.isReindexing) this.unload(guildId);
  }

  private unload(guildId: string): void {
    const entry = this.loaded.get(guildId);
    if (!entry) return;
    this.loaded.delete(guildId);
    // A reindex in flight finishes and swaps in on disk; its engine is simply not kept.
    void entry.engine.then((engine) => engine.close()).catch(() => undefined);
  }

  /**
   * Reloads a collection whose active version another process switched:
   * `null` is the shared collection, a server id that server's own (reloaded
   * only if in memory: one not loaded is read afresh when next needed), and
   * `undefined` every collection in memory.
   */
  async refresh(guildId?: string | null): Promise<void> {
    const engines: Promise<Engine>[] = [];
    if (this.shared) {
      if (guildId === null || guildId === undefined) engines.push(Promise.resolve(this.shared));
    } else if (guildId === undefined) {
      engines.push(...[...this.loaded.values()].map((entry) => entry.engine));
    } else if (guildId !== null) {
      const entry = this.loaded.get(guildId);
      if (entry) engines.push(entry.engine);
    }
    // One still opening reads the active version itself; one that failed to open has nothing to reload.
    await Promise.all(engines.map(async (engine) => (await engine.catch(() => null))?.refresh()));
  }

  /** Closes every collection and the model. */
  async close(): Promise<void> {
    clearInterval(this.sweeper);
    const engines = [...this.loaded.values()].map((e) => e.engine);
    this.loaded.clear();
    await Promise.allSettled(engines.map(async (e) => (await e).close()));
    if (this.shared) await this.shared.close();
    else await this.model.embedder.close();
  }
}
