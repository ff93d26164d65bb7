import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { BYTES_PER_MB, DEFAULT_MAX_FILE_MB } from './articles/types.ts';

/** Threads for inference when EMBEDDING_THREADS is unset: every core this process may use. */
export const defaultEmbeddingThreads = (): number => Math.max(1, os.availableParallelism());

/**
 * The dense threshold of an index built before the gate was calibrated (its
 * manifest has no calibration), when MIN_DENSE_SCORE is unset.
 */
export const UNCALIBRATED_MIN_DENSE_SCORE = 0.55;

/** Default embedding model; downloaded on first use into MODEL_CACHE_DIR. */
export const DEFAULT_EMBEDDING_MODEL = 'Xenova/all-MiniLM-L6-v2';

/** A configuration problem that must stop start-up; the message names the variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const emptyToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const text = (example: string) =>
  z.preprocess(emptyToUndefined, z.string({ invalid_type_error: `expected text, e.g. ${example}` }).trim());

const integer = (min: number, max: number, example: number) =>
  z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ invalid_type_error: `expected a whole number, e.g. ${example}` })
      .int(`expected a whole number, e.g. ${example}`)
      .min(min, `must be at least ${min} (e.g. ${example})`)
      .max(max, `must be at most ${max} (e.g. ${example})`),
  );

const fraction = (example: number) =>
  z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ invalid_type_error: `expected a number between 0 and 1, e.g. ${example}` })
      .min(0, `must be between 0 and 1 (e.g. ${example})`)
      .max(1, `must be between 0 and 1 (e.g. ${example})`),
  );

const snowflake = z
  .string()
  .trim()
  .regex(/^\d{17,20}$/, 'expected a Discord ID (17-20 digits; enable Developer Mode and use "Copy ID")');

const idList = z.preprocess(
  (value) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((v) => v.trim())
          .filter((v) => v !== '')
      : value,
  z.array(snowflake),
);

/** Every setting of the engine, with defaults. Keys are the environment variable names. */
const engineSchema = z.object({
  ARTICLES_DIR: text('articles').default('articles'),
  INDEX_DIR: text('index').default('index'),
  EMBEDDING_MODEL: text(`${DEFAULT_EMBEDDING_MODEL} or ./models/my-model`).optional(),
  MODEL_CACHE_DIR: text('.cache/models').default('.cache/models'),
  MODEL_HUB_URL: z
    .preprocess(emptyToUndefined, z.string().url('expected a URL, e.g. https://huggingface.co/').refine((u) => /^https?:\/\//.test(u), 'must start with http:// or https://'))
    .default('https://huggingface.co/'),
  TOP_K: integer(1, 10, 4).default(4),
  MIN_KEYWORD_COVERAGE: fraction(0.45).default(0.45),
  // Unset: the threshold calibrated for the model when the index was built (src/indexing/calibrate-gate.ts).
  MIN_DENSE_SCORE: fraction(0.55).optional(),
  CHUNK_MAX_TOKENS: integer(32, 256, 200).default(200),
  EMBEDDING_THREADS: integer(1, 256, 2).optional(),
  MAX_FILE_MB: integer(1, 1024, DEFAULT_MAX_FILE_MB).default(DEFAULT_MAX_FILE_MB),
  LOG_LEVEL: z
    .preprocess(emptyToUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']))
    .default('info'),
});

/** Settings only the Discord bot needs. */
const discordSchema = z.object({
  DISCORD_TOKEN: z
    .string({ required_error: 'is required: the bot token from the Developer Portal (Bot > Reset Token)' })
    .trim()
    .min(50, 'does not look like a bot token (too short); copy it again from the Developer Portal'),
  DISCORD_CLIENT_ID: z.preprocess(emptyToUndefined, snowflake.optional()),
  DISCORD_GUILD_ID: z.preprocess(emptyToUndefined, snowflake.optional()),
  ASK_CHANNEL_IDS: idList.default([]),
  MODERATOR_ROLE_IDS: idList.default([]),
  ASK_COOLDOWN_SECONDS: integer(0, 3600, 10).default(10),
  MAX_ARTICLES_PER_GUILD: integer(1, 100_000, 500).default(500),
  MAX_GUILD_ARTICLES_MB: integer(1, 100_000, 200).default(200),
  ARTICLE_ADDS_PER_HOUR: integer(1, 10_000, 30).default(30),
  LINK_ADDS_PER_HOUR: integer(1, 10_000, 10).default(10),
  FEEDBACK_CHANNEL_ID: z.preprocess(emptyToUndefined, snowflake.optional()),
  ANSWER_IN_THREADS: flag('ANSWER_IN_THREADS').default('true'),
  DISCORD_API_BASE: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .url('expected a URL, e.g. http://127.0.0.1:8080/api')
      .refine((u) => /^https?:\/\//.test(u), 'must start with http:// or https://')
      .optional(),
  ),
});

// A function declaration (hoisted), so the Discord schema above can use it too.
function flag(name: string) {
  return z.preprocess(
    (value) => (typeof value === 'string' ? value.trim().toLowerCase() : value),
    z.enum(['true', 'false', '1', '0', ''], { errorMap: () => ({ message: `expected true or false, e.g. ${name}=false` }) }),
  ).transform((value) => value === 'true' || value === '1');
}

/** Settings for adding articles (npm run add, /article add). */
const ingestSchema = z.object({
  ALLOW_PRIVATE_URLS: flag('ALLOW_PRIVATE_URLS').default('false'),
  FETCH_TIMEOUT_SECONDS: integer(1, 300, 20).default(20),
});

/** How long votes are kept when FEEDBACK_KEEP_DAYS is unset. */
export const DEFAULT_FEEDBACK_KEEP_DAYS = 180;

/** Where votes on answers are kept (the bot appends, npm run feedback reads). */
const feedbackSchema = z.object({
  FEEDBACK_FILE: text('data/feedback.jsonl').default('data/feedback.jsonl'),
  FEEDBACK_KEEP_DAYS: integer(1, 36_500, DEFAULT_FEEDBACK_KEEP_DAYS).default(DEFAULT_FEEDBACK_KEEP_DAYS),
});

/** Where votes on answers are kept, and for how long. */
export interface FeedbackConfig {
  /** FEEDBACK_FILE, resolved against the working folder. */
  file: string;
  /** Records older than this are dropped when the file is next appended to. */
  keepDays: number;
}

/** Parses where feedback is kept. Paths resolve against `cwd`. */
export function loadFeedbackConfig(env: Env = process.env, cwd = process.cwd()): FeedbackConfig {
  const raw = parse(feedbackSchema, env);
  return { file: path.resolve(cwd, raw.FEEDBACK_FILE), keepDays: raw.FEEDBACK_KEEP_DAYS };
}

/**
 * pgvector's `hnsw.ef_search` for the bot's dense searches: candidates the
 * HNSW walk keeps. pgvector's default, 40, found 0.74 of the exact top 10 in
 * the bench; the README gives the recall and latency measured per value.
 */
export const DEFAULT_HNSW_EF_SEARCH = 100;

/** Where articles and index versions live when they live in PostgreSQL (unset DATABASE_URL: on disk). */
const databaseSchema = z.object({
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .refine((u) => /^postgres(?:ql)?:\/\/[^/]/.test(u) && URL.canParse(u), 'expected a PostgreSQL URL, e.g. postgres://bot:secret@db.internal:5432/answers')
      .optional(),
  ),
  DATABASE_STATEMENT_TIMEOUT_MS: integer(100, 3_600_000, 15_000).default(15_000),
  DATABASE_HNSW_EF_SEARCH: integer(1, 1000, DEFAULT_HNSW_EF_SEARCH).default(DEFAULT_HNSW_EF_SEARCH),
  DATABASE_BUILD_MEMORY_MB: z.preprocess(emptyToUndefined, integer(64, 1_048_576, 1024).optional()),
});

/** How to reach PostgreSQL (DATABASE_URL set). */
export interface DatabaseConfig {
  /** The connection URL; it holds the password, so never log it (`redactDatabaseUrl` in src/db/). */
  url: string;
  /** The server cancels any statement running longer than this. */
  statementTimeoutMs: number;
  /** `hnsw.ef_search` of every connection (DATABASE_HNSW_EF_SEARCH); {@link DEFAULT_HNSW_EF_SEARCH} when not given. */
  hnswEfSearch?: number;
  /**
   * `maintenance_work_mem` of an index build's session, in MB (DATABASE_BUILD_MEMORY_MB); unset: the
   * server's own. pgvector builds an HNSW graph that fits in it several times faster, but a parallel
   * build reserves all of it as shared memory (64 MB in a default Docker container), so it is the
   * operator's choice.
   */
  buildMemoryMb?: number;
}

/** Parses the database settings; null when DATABASE_URL is unset (articles and index stay on disk). */
export function loadDatabaseConfig(env: Env = process.env): DatabaseConfig | null {
  const raw = parse(databaseSchema, env);
  return raw.DATABASE_URL === undefined
    ? null
    : {
        url: raw.DATABASE_URL,
        statementTimeoutMs: raw.DATABASE_STATEMENT_TIMEOUT_MS,
        hnswEfSearch: raw.DATABASE_HNSW_EF_SEARCH,
        ...(raw.DATABASE_BUILD_MEMORY_MB === undefined ? {} : { buildMemoryMb: raw.DATABASE_BUILD_MEMORY_MB }),
      };
}

/** How many processes run the bot (discord.js shards); `--shards N` on the command line wins over SHARD_COUNT. */
const shardCount = integer(1, 10_000, 2);
const shardingSchema = z.object({ SHARD_COUNT: z.preprocess(emptyToUndefined, shardCount.optional()) });

/** How the bot runs: one process, or shards under discord.js's ShardingManager. */
export interface ShardingConfig {
  /** Processes to run (1: no ShardingManager). */
  shardCount: number;
  /** This process is one shard, started by the ShardingManager (which sets SHARDING_MANAGER, SHARDS and SHARD_COUNT). */
  isShard: boolean;
}

/** Parses SHARD_COUNT, or `--shards N` from `argv` (`npm start -- --shards 2`). */
export function loadShardingConfig(env: Env = process.env, argv: readonly string[] = process.argv.slice(2)): ShardingConfig {
  const at = argv.findIndex((a) => a === '--shards' || a.startsWith('--shards='));
  const flag = at < 0 ? undefined : argv[at]!.includes('=') ? argv[at]!.slice('--shards='.length) : (argv[at + 1] ?? '');
  const isShard = env.SHARDING_MANAGER !== undefined && env.SHARDS !== undefined;
  if (flag !== undefined) {
    const parsed = shardCount.safeParse(flag);
    if (!parsed.success) throw new ConfigError([`--shards (got "${flag}"): ${parsed.error.issues[0]!.message}`]);
    return { shardCount: parsed.data, isShard };
  }
  return { shardCount: parse(shardingSchema, env).SHARD_COUNT ?? 1, isShard };
}

/** How collections are kept: one for every server, or one per server. */
const collectionsSchema = z.object({
  COLLECTIONS: z.preprocess(emptyToUndefined, z.enum(['shared', 'per-guild'], { errorMap: () => ({ message: 'expected shared or per-guild' }) })).default('shared'),
  SEED_NEW_GUILDS: flag('SEED_NEW_GUILDS').default('false'),
  MAX_LOADED_COLLECTIONS: integer(1, 100_000, 50).default(50),
  COLLECTION_IDLE_MINUTES: integer(1, 10_080, 30).default(30),
});

/** How per-server collections are kept (COLLECTIONS=per-guild). */
export interface CollectionsConfig {
  mode: 'shared' | 'per-guild';
  /** A new server's collection starts with a copy of ARTICLES_DIR's own articles. */
  seedNewGuilds: boolean;
  /** Per-server collections kept loaded at most (least recently used unloaded first). */
  maxLoaded: number;
  /** A collection unused this long is unloaded. */
  idleUnloadMs: number;
}

/** Parses how collections are kept. */
export function loadCollectionsConfig(env: Env = process.env): CollectionsConfig {
  const raw = parse(collectionsSchema, env);
  return {
    mode: raw.COLLECTIONS,
    seedNewGuilds: raw.SEED_NEW_GUILDS,
    maxLoaded: raw.MAX_LOADED_COLLECTIONS,
    idleUnloadMs: raw.COLLECTION_IDLE_MINUTES * 60_000,
  };
}

/** How links are fetched when an article is added. */
export interface IngestConfig {
  /** Let links reach loopback and private addresses (tests, a trusted intranet); never in a public bot. */
  allowPrivateUrls: boolean;
  /** Time allowed for a whole fetch, redirects included. */
  fetchTimeoutMs: number;
  /** Time allowed to open each connection: the lesser of 10 s and the whole fetch's time. */
  connectTimeoutMs: number;
}

/** Parses the settings for adding articles. */
export function loadIngestConfig(env: Env = process.env): IngestConfig {
  const raw = parse(ingestSchema, env);
  const fetchTimeoutMs = raw.FETCH_TIMEOUT_SECONDS * 1000;
  return { allowPrivateUrls: raw.ALLOW_PRIVATE_URLS, fetchTimeoutMs, connectTimeoutMs: Math.min(10_000, fetchTimeoutMs) };
}

export interface EngineConfig {
  articlesDir: string;
  indexDir: string;
  /** The collection's name in a database store: a server's id for its own collection; unset for the shared one. */
  collectionId?: string;
  /** Hub id or local folder; undefined means the default model with offline fallback. */
  embeddingModel: string | undefined;
  modelCacheDir: string;
  /** Where hub models are downloaded from (a mirror, or the Hugging Face hub). */
  modelHubUrl: string;
  topK: number;
  minKeywordCoverage: number;
  /** MIN_DENSE_SCORE, an override; undefined means the index's calibrated threshold. */
  minDenseScore: number | undefined;
  chunkMaxTokens: number;
  /** Inference threads for embedding (EMBEDDING_THREADS); defaults to every core of the machine. */
  embeddingThreads: number;
  maxFileBytes: number;
  logLevel: string;
}

export interface DiscordConfig {
  token: string;
  clientId: string | undefined;
  guildId: string | undefined;
  askChannelIds: string[];
  moderatorRoleIds: string[];
  cooldownSeconds: number;
  /** Answer channel questions in a new thread started from the question (false: reply inline). */
  answerInThreads: boolean;
  apiBase: string | undefined;
  /** Limits on what moderators add from Discord, per server. */
  articleLimits: ArticleLimits;
  /** Where votes on answers go: the file, and FEEDBACK_CHANNEL_ID's channel (for its own server's votes only). */
  feedback: FeedbackConfig & { channelId: string | undefined };
}

/** What one server may add with /article add. */
export interface ArticleLimits {
  /** Articles a collection may hold before /article add refuses new ones. */
  maxArticles: number;
  /** Bytes the collection's articles may take in all. */
  maxTotalBytes: number;
  /** /article add uses per server in any hour (files and links). */
  addsPerHour: number;
  /** Of those, links (each one a fetch from the internet). */
  linksPerHour: number;
}

type Env = Record<string, string | undefined>;

/** Variables whose value never appears in an error message: a token, and a URL that may hold a password. */
const SECRET_KEYS = new Set(['DISCORD_TOKEN', 'DATABASE_URL']);

function parse<T extends z.ZodTypeAny>(schema: T, env: Env): z.infer<T> {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const key = issue.path.join('.');
        const value = env[key];
        const shown = value === undefined ? '' : SECRET_KEYS.has(key) ? ' (value hidden)' : ` (got "${value}")`;
        return `${key}${shown}: ${issue.message}`;
      }),
    );
  }
  return result.data;
}

/** Parses the engine settings from an environment (process.env by default). Paths resolve against `cwd`. */
export function loadEngineConfig(env: Env = process.env, cwd = process.cwd()): EngineConfig {
  const raw = parse(engineSchema, env);
  const model = raw.EMBEDDING_MODEL;
  return {
    articlesDir: path.resolve(cwd, raw.ARTICLES_DIR),
    indexDir: path.resolve(cwd, raw.INDEX_DIR),
    embeddingModel: model,
    modelCacheDir: path.resolve(cwd, raw.MODEL_CACHE_DIR),
    modelHubUrl: raw.MODEL_HUB_URL.endsWith('/') ? raw.MODEL_HUB_URL : `${raw.MODEL_HUB_URL}/`,
    topK: raw.TOP_K,
    minKeywordCoverage: raw.MIN_KEYWORD_COVERAGE,
    minDenseScore: raw.MIN_DENSE_SCORE,
    chunkMaxTokens: raw.CHUNK_MAX_TOKENS,
    embeddingThreads: raw.EMBEDDING_THREADS ?? defaultEmbeddingThreads(),
    maxFileBytes: raw.MAX_FILE_MB * BYTES_PER_MB,
    logLevel: raw.LOG_LEVEL,
  };
}

/** Parses the Discord settings; call only when starting the bot or deploying commands. */
export function loadDiscordConfig(env: Env = process.env): DiscordConfig {
  const raw = parse(discordSchema, env);
  return {
    token: raw.DISCORD_TOKEN,
    clientId: raw.DISCORD_CLIENT_ID,
    guildId: raw.DISCORD_GUILD_ID,
    askChannelIds: raw.ASK_CHANNEL_IDS,
    moderatorRoleIds: raw.MODERATOR_ROLE_IDS,
    cooldownSeconds: raw.ASK_COOLDOWN_SECONDS,
    answerInThreads: raw.ANSWER_IN_THREADS,
    apiBase: raw.DISCORD_API_BASE,
    articleLimits: {
      maxArticles: raw.MAX_ARTICLES_PER_GUILD,
      maxTotalBytes: raw.MAX_GUILD_ARTICLES_MB * BYTES_PER_MB,
      addsPerHour: raw.ARTICLE_ADDS_PER_HOUR,
      linksPerHour: raw.LINK_ADDS_PER_HOUR,
    },
    feedback: { ...loadFeedbackConfig(env), channelId: raw.FEEDBACK_CHANNEL_ID },
  };
}
