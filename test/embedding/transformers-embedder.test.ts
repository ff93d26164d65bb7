import { createRequire } from 'node:module';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import type { ModelSource } from '../../src/embedding/resolve-model.ts';
import { ModelLoadError, TransformersEmbedder } from '../../src/embedding/transformers-embedder.ts';

/** The part of onnxruntime-node's API transformers.js creates sessions with. */
interface OnnxRuntime {
  InferenceSession: { create(model: Uint8Array, options?: { executionProviders?: string[] }): Promise<unknown> };
}

// The very onnxruntime-node instance transformers.js imported (its 'wasm' backend comes from onnxruntime-web).
const requireFromTransformers = createRequire(createRequire(import.meta.url).resolve('@xenova/transformers'));
const ort = requireFromTransformers('onnxruntime-node') as OnnxRuntime;

describe('loading a model with transformers.js', () => {
  const dir = inject('testModelDir');
  const source: ModelSource = { kind: 'local', id: dir, dir };
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('refuses a fall-back to WASM, and lets every transformers.js warning through, the native error included', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const nativeFailure = new Error('could not create a native session (simulated)');
    const create = ort.InferenceSession.create.bind(ort.InferenceSession);
    const warnWhileLoading: unknown[] = [];
    vi.spyOn(ort.InferenceSession, 'create').mockImplementation(async (model, options) => {
      warnWhileLoading.push(console.warn);
      if (options?.executionProviders?.includes('cpu')) throw nativeFailure;
      return create(model, options);
    });

    const error = await TransformersEmbedder.load(source).then(
      (embedder) => embedder.close().then(() => null),
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as Error).message).toMatch(/fell back to WASM.*reinstall dependencies \(npm ci\)/);
    // transformers.js warns with the Error, then with its notice; both reach console.warn as they were.
    expect(warn).toHaveBeenCalledWith(nativeFailure);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('Using `wasm` as a fallback'));
    // The global was never swapped: not while the sessions were created, not after.
    expect(warnWhileLoading).toEqual([warn, warn]);
    expect(console.warn).toBe(warn);
  });

  it('loads on the native backend without touching console.warn', async () => {
    const before = console.warn;
    const seen: unknown[] = [];
    const create = ort.InferenceSession.create.bind(ort.InferenceSession);
    vi.spyOn(ort.InferenceSession, 'create').mockImplementation(async (model, options) => {
      seen.push(console.warn);
      return create(model, options);
    });
    const embedder = await TransformersEmbedder.load(source);
    try {
      expect(embedder.dimensions).toBe(384);
      expect(seen).toEqual([before]);
      expect(console.warn).toBe(before);
    } finally {
      await embedder.close();
    }
  });
});
