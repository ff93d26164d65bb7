import { existsSync } from 'node:fs';
import path from 'node:path';
import { AutoConfig, AutoTokenizer, env, type PreTrainedTokenizer } from '@xenova/transformers';
import { getModelFile } from '@xenova/transformers/src/utils/hub.js';
import type { Embedder, ModelLoadProgress, TokenCounter } from './embedder.ts';
import { lengthBatches, paddingOf } from './length-batches.ts';
import { meanPoolNormalize } from './mean-pool.ts';
import { defaultEmbeddingThreads } from '../config.ts';
import { createNativeSession, onnxRuntime, type OrtModule, type OrtSession, type OrtTensor } from './onnx-runtime.ts';
import type { ModelSource } from './resolve-model.ts';

/** The model could not be loaded; the message says what to do next. */
export class ModelLoadError extends Error {
  override readonly name = 'ModelLoadError';
  constructor(
    message: string,
    readonly source: ModelSource,
    readonly offline: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Points transformers.js (a process-wide singleton) at the source. */
function configureEnvironment(source: ModelSource): string {
  if (source.kind === 'local') {
    env.allowLocalModels = true;
    env.allowRemoteModels = false;
    // transformers.js reads `${localModelPath}/${id}/<file>`; its file cache is checked first, so turn it off.
    env.localModelPath = path.dirname(source.dir);
    env.useFSCache = false;
    return path.basename(source.dir);
  }
  env.allowLocalModels = false;
  env.allowRemoteModels = true;
  env.cacheDir = source.cacheDir;
  env.remoteHost = source.hubUrl;
  env.useFSCache = true;
  return source.id;
}

function isNetworkError(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current instanceof Error && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: string }).code;
    if (code && /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|UND_ERR/.test(code)) return true;
    if (/fetch failed|getaddrinfo|network/i.test(current.message)) return true;
    current = current.cause;
  }
  return false;
}

function explainLoadFailure(source: ModelSource, error: unknown): ModelLoadError {
  const detail = error instanceof Error ? error.message : String(error);
  if (source.kind === 'local') {
    return new ModelLoadError(
      `Could not load the model folder ${source.dir}: ${detail}. It needs config.json, tokenizer.json, tokenizer_config.json and onnx/model_quantized.onnx.`,
      source,
      false,
      { cause: error },
    );
  }
  const offline = isNetworkError(error);
  const hint = offline
    ? `The model is not in the cache (${source.cacheDir}) and could not be downloaded (no network?). Connect once to download it, or set EMBEDDING_MODEL to a local model folder (see README, "Offline use").`
    : `Check that "${source.id}" is a transformers.js-compatible model id (with an onnx/ folder), or set EMBEDDING_MODEL to a local model folder.`;
  return new ModelLoadError(`Could not load embedding model ${source.id}: ${detail}. ${hint}`, source, offline, {
    cause: error,
  });
}

/** The ONNX file transformers.js loads by default (dynamic int8 quantisation), relative to the model folder. */
export const MODEL_FILE = 'onnx/model_quantized.onnx';

/** Load options beyond the model itself. */
export interface EmbedderOptions {
  /** Intra-op threads of the inference session (EMBEDDING_THREADS); every core by default. */
  threads?: number;
}

/**
 * Embeds in the calling thread. transformers.js resolves, downloads, caches
 * and tokenises; the ONNX session is our own, created on the onnxruntime-node
 * copy transformers.js brings, because transformers.js 2 creates its session
 * with no options (one inference thread here, whatever the cores) and pads,
 * pools and copies through generic tensors. Load once per process and reuse.
 */
export class TransformersEmbedder implements Embedder, TokenCounter {
  private positions = 0;
  private padding = 0;
  /** The tokenizer's limit and pad id, read once: every embed call cuts and pads with them. */
  private readonly limit: number;
  private readonly padId: number;

  private constructor(
    readonly modelId: string,
    readonly dimensions: number,
    /** Intra-op threads the session runs with. */
    readonly threads: number,
    private readonly session: OrtSession,
    private readonly ort: OrtModule,
    private readonly tokenizer: PreTrainedTokenizer,
  ) {
    this.limit = maxTokens(tokenizer);
    this.padId = tokenizer.pad_token_id ?? 0;
  }

  /** Loads (downloading on first use for hub models) on the native backend, never on WASM. */
  static async load(
    source: ModelSource,
    onProgress?: (event: ModelLoadProgress) => void,
    options: EmbedderOptions = {},
  ): Promise<TransformersEmbedder> {
    const modelRef = configureEnvironment(source);
    // transformers.js reports reads from its cache like downloads; only a model missing from the cache is downloaded.
    const downloading = source.kind === 'hub' && !existsSync(path.join(source.cacheDir, source.id, MODEL_FILE));
    const progress_callback = (event: { status: string; file?: string; loaded?: number; total?: number }) => {
      if (!onProgress || !event.file || !downloading) return;
      const status = event.status === 'initiate' ? 'download' : event.status;
      if (status === 'download' || status === 'progress' || status === 'done' || status === 'ready') {
        onProgress({ phase: 'model', file: path.basename(event.file), loaded: event.loaded, total: event.total, status });
      }
    };
    const threads = options.threads ?? defaultEmbeddingThreads();
    const ort = onnxRuntime();
    let embedder: TransformersEmbedder;
    try {
      // config.json is read as transformers.js's pipeline read it: a folder without one is not a model.
      await AutoConfig.from_pretrained(modelRef, { progress_callback });
      const tokenizer = await AutoTokenizer.from_pretrained(modelRef, { progress_callback });
      const bytes = (await getModelFile(modelRef, MODEL_FILE, true, { progress_callback })) as Uint8Array;
      const session = await createNativeSession(bytes, threads, ort);
      const probe = await runSession(session, ort, [tokenizer.encode('probe')], tokenizer.pad_token_id ?? 0);
      embedder = new TransformersEmbedder(source.id, probe[0]!.length, threads, session, ort, tokenizer);
    } catch (error) {
      throw explainLoadFailure(source, error);
    }
    return embedder;
  }

  /** Embeds texts in batches of similar token length; vectors come back in the order of `texts`. */
  async embed(texts: string[]): Promise<Float32Array[]> {
    const ids = texts.map((text) => {
      const pieces = this.tokenizer.encode(text);
      // Cut as transformers.js's `truncation: true` cuts: at the model's limit, special tokens included.
      if (pieces.length > this.limit) pieces.length = this.limit;
      return pieces;
    });
    const lengths = ids.map((p) => p.length);
    const vectors = new Array<Float32Array>(texts.length);
    for (const batch of lengthBatches(lengths)) {
      const pooled = await runSession(this.session, this.ort, batch.map((i) => ids[i]!), this.padId);
      batch.forEach((i, j) => (vectors[i] = pooled[j]!));
      const used = paddingOf([batch], lengths);
      this.positions += used.positions;
      this.padding += used.padding;
    }
    return vectors;
  }

  /** Token positions computed so far and how many were padding (the benchmark reports the share). */
  get paddingStats(): { positions: number; padding: number } {
    return { positions: this.positions, padding: this.padding };
  }

  countTokens(text: string): number {
    return (this.tokenizer.encode(text, null, { add_special_tokens: false }) as number[]).length;
  }

  async close(): Promise<void> {
    await this.session.release?.();
  }
}

/** The longest input the tokenizer allows (its model_max_length), or no limit when it names none. */
function maxTokens(tokenizer: PreTrainedTokenizer): number {
  const limit = (tokenizer as { model_max_length?: number }).model_max_length;
  return typeof limit === 'number' && limit >= 1 ? limit : Number.POSITIVE_INFINITY;
}

/**
 * One inference call: pads the rows to the longest (pad id, mask 0, token
 * type 0, as transformers.js's tokenizer pads), runs the session and returns
 * each row's mean-pooled, L2-normalised vector.
 */
async function runSession(session: OrtSession, ort: OrtModule, rows: readonly number[][], padId: number): Promise<Float32Array[]> {
  const seqLen = Math.max(...rows.map((r) => r.length));
  const inputIds = new BigInt64Array(rows.length * seqLen).fill(BigInt(padId));
  const mask = new BigInt64Array(rows.length * seqLen);
  rows.forEach((pieces, r) => {
    for (let t = 0; t < pieces.length; t++) {
      inputIds[r * seqLen + t] = BigInt(pieces[t]!);
      mask[r * seqLen + t] = 1n;
    }
  });
  const dims = [rows.length, seqLen];
  const available: Record<string, () => OrtTensor> = {
    input_ids: () => new ort.Tensor('int64', inputIds, dims),
    attention_mask: () => new ort.Tensor('int64', mask, dims),
    token_type_ids: () => new ort.Tensor('int64', new BigInt64Array(rows.length * seqLen), dims),
  };
  const feeds: Record<string, OrtTensor> = {};
  for (const name of session.inputNames) {
    const make = available[name];
    if (!make) throw new Error(`the model expects an input "${name}"; only input_ids, attention_mask and token_type_ids are supported`);
    feeds[name] = make();
  }
  const outputs = await session.run(feeds);
  const hidden = outputs.last_hidden_state ?? outputs[session.outputNames[0]!];
  if (!hidden || !(hidden.data instanceof Float32Array) || hidden.dims.length !== 3) {
    throw new Error(`the model's output is not float32 token vectors [batch, tokens, dimensions] (got ${hidden ? `dims ${JSON.stringify(hidden.dims)}` : 'nothing'})`);
  }
  return meanPoolNormalize(hidden.data, rows.map((r) => r.length), seqLen, hidden.dims[2]!);
}
