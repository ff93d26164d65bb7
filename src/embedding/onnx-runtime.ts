import { createRequire } from 'node:module';

/** The part of onnxruntime-node's API the embedder uses. */
export interface OrtTensor {
  readonly data: Float32Array | BigInt64Array;
  readonly dims: readonly number[];
}
export interface OrtSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  release?(): Promise<void>;
}
export interface OrtModule {
  InferenceSession: { create(model: Uint8Array | string, options: NativeSessionOptions): Promise<OrtSession> };
  Tensor: new (type: 'int64', data: BigInt64Array, dims: readonly number[]) => OrtTensor;
}

/** What we set on every session; onnxruntime-node 1.14 accepts no more than these (no thread-spinning switch). */
export interface NativeSessionOptions {
  executionProviders: ['cpu'];
  intraOpNumThreads: number;
  interOpNumThreads: number;
  graphOptimizationLevel: 'all';
  executionMode: 'sequential';
}

/**
 * The onnxruntime-node module transformers.js itself imports: resolved from
 * its folder, so the process holds one copy of the native runtime (a second
 * copy in one process is a risk not worth taking; onnxruntime-node 1.30 was no
 * faster here, 97.7 against 96.7 passages/s).
 */
export function onnxRuntime(): OrtModule {
  const fromTransformers = createRequire(createRequire(import.meta.url).resolve('@xenova/transformers'));
  return fromTransformers('onnxruntime-node') as OrtModule;
}


/** The session options for `threads` intra-op threads. */
export function nativeSessionOptions(threads: number): NativeSessionOptions {
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be a whole number from 1, got ${threads}`);
  return {
    // Only the native CPU provider: if it fails, loading fails (never a silent, much slower WASM session).
    executionProviders: ['cpu'],
    intraOpNumThreads: threads,
    // A BERT encoder is one chain of operators: nothing for a second pool to run in parallel.
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
  };
}

/**
 * Creates an inference session on onnxruntime-node's native CPU backend and
 * checks it is that backend. There is no fallback: transformers.js retries a
 * failed native session on WASM and only says so on the console, which hides a
 * broken install behind a many times slower embedder.
 */
export async function createNativeSession(model: Uint8Array, threads: number, ort: OrtModule = onnxRuntime()): Promise<OrtSession> {
  let session: OrtSession;
  try {
    session = await ort.InferenceSession.create(model, nativeSessionOptions(threads));
  } catch (error) {
    throw new Error(
      `the native onnxruntime-node backend could not create a session (${error instanceof Error ? error.message : String(error)}); reinstall dependencies (npm ci) on a supported platform`,
      { cause: error },
    );
  }
  // onnxruntime-node's handler class; the WASM handler's class name is minified away.
  const handlerName = (session as { handler?: object }).handler?.constructor?.name || 'unknown';
  if (handlerName !== 'OnnxruntimeSessionHandler') {
    await session.release?.().catch(() => {});
    throw new Error(`the session is not on the native onnxruntime-node backend (session handler ${handlerName}); reinstall dependencies (npm ci) on a supported platform`);
  }
  return session;
}
