import { existsSync } from 'node:fs';
import path from 'node:path';
import { AutoTokenizer, env, pipeline, type FeatureExtractionPipeline, type PreTrainedTokenizer } from '@xenova/transformers';
import type { Embedder, ModelLoadProgress, TokenCounter } from './embedder.ts';
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

const BATCH_SIZE = 16;

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

/**
 * Throws unless the session runs on onnxruntime-node. When the native session
 * fails, transformers.js quietly retries on the WASM backend (onnxruntime-web),
 * which hides a broken install and runs many times slower. It announces that
 * only through `console.warn`; checking the session we got, rather than
 * replacing the global `console.warn` to catch the notice, leaves its
 * warnings (the native error among them) to reach the console untouched.
 */
function assertNativeBackend(extractor: FeatureExtractionPipeline): void {
  const session = (extractor.model as unknown as { session?: { handler?: object } }).session;
  // onnxruntime-node's handler class; the WASM handler's class name is minified away.
  const handlerName = session?.handler?.constructor?.name || 'unknown';
  if (handlerName !== 'OnnxruntimeSessionHandler') {
    throw new Error(
      `the native onnxruntime-node backend failed to create a session and transformers.js fell back to WASM (session handler ${handlerName}; its warning says why); reinstall dependencies (npm ci) on a supported platform`,
    );
  }
}

/** Embeds in the calling thread with transformers.js. Load once per process and reuse. */
export class TransformersEmbedder implements Embedder, TokenCounter {
  private constructor(
    readonly modelId: string,
    readonly dimensions: number,
    private readonly extractor: FeatureExtractionPipeline,
    private readonly tokenizer: PreTrainedTokenizer,
  ) {}

  /** Loads (downloading on first use for hub models) and checks the native backend. */
  static async load(source: ModelSource, onProgress?: (event: ModelLoadProgress) => void): Promise<TransformersEmbedder> {
    const modelRef = configureEnvironment(source);
    // transformers.js reports reads from its cache like downloads; only a model missing from the cache is downloaded.
    const downloading =
      source.kind === 'hub' && !existsSync(path.join(source.cacheDir, source.id, 'onnx', 'model_quantized.onnx'));
    const progress_callback = (event: { status: string; file?: string; loaded?: number; total?: number }) => {
      if (!onProgress || !event.file || !downloading) return;
      const status = event.status === 'initiate' ? 'download' : event.status;
      if (status === 'download' || status === 'progress' || status === 'done' || status === 'ready') {
        onProgress({ phase: 'model', file: path.basename(event.file), loaded: event.loaded, total: event.total, status });
      }
    };
    let extractor: FeatureExtractionPipeline;
    try {
      extractor = (await pipeline('feature-extraction', modelRef, { quantized: true, progress_callback })) as FeatureExtractionPipeline;
      assertNativeBackend(extractor);
    } catch (error) {
      throw explainLoadFailure(source, error);
    }
    const tokenizer = extractor.tokenizer ?? (await AutoTokenizer.from_pretrained(modelRef));
    const probe = await extractor('probe', { pooling: 'mean', normalize: true });
    const dimensions = probe.dims[probe.dims.length - 1] ?? 0;
    return new TransformersEmbedder(source.id, dimensions, extractor, tokenizer);
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += BATCH_SIZE) {
      const batch = texts.slice(i, i + BATCH_SIZE);
      const output = await this.extractor(batch, { pooling: 'mean', normalize: true });
      const data = output.data as Float32Array;
      for (let row = 0; row < batch.length; row++) {
        vectors.push(data.slice(row * this.dimensions, (row + 1) * this.dimensions));
      }
    }
    return vectors;
  }

  countTokens(text: string): number {
    return (this.tokenizer.encode(text, null, { add_special_tokens: false }) as number[]).length;
  }

  async close(): Promise<void> {
    await this.extractor.dispose();
  }
}
