import { createRequire } from 'node:module';
import os from 'node:os';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import type { ModelSource } from '../../src/embedding/resolve-model.ts';
import { ModelLoadError, TransformersEmbedder } from '../../src/embedding/transformers-embedder.ts';

/** The part of onnxruntime-node's API sessions are created with. */
interface OnnxRuntime {
  InferenceSession: { create(model: Uint8Array, options?: Record<string, unknown>): Promise<unknown> };
}

// The very onnxruntime-node instance transformers.js imported (its 'wasm' backend comes from onnxruntime-web).
const requireFromTransformers = createRequire(createRequire(import.meta.url).resolve('@xenova/transformers'));
const ort = requireFromTransformers('onnxruntime-node') as OnnxRuntime;

describe('loading a model', () => {
  const dir = inject('testModelDir');
  const source: ModelSource = { kind: 'local', id: dir, dir };
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('fails with the remedy when the native backend cannot create a session, and never tries WASM', async () => {
    const nativeFailure = new Error('could not create a native session (simulated)');
    const seen: unknown[] = [];
    vi.spyOn(ort.InferenceSession, 'create').mockImplementation(async (_model, options) => {
      seen.push(options?.executionProviders);
      throw nativeFailure;
    });
    const warn = vi.spyOn(console, 'warn');

    const error = await TransformersEmbedder.load(source).then(
      (embedder) => embedder.close().then(() => null),
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as Error).message).toMatch(/native onnxruntime-node backend could not create a session \(could not create a native session \(simulated\)\).*reinstall dependencies \(npm ci\)/);
    expect(seen).toEqual([['cpu']]);
    expect(warn).not.toHaveBeenCalled();
  });

  it('creates one native session with the thread count asked and full graph optimisation, leaving console.warn alone', async () => {
    const before = console.warn;
    const options: unknown[] = [];
    const create = ort.InferenceSession.create.bind(ort.InferenceSession);
    vi.spyOn(ort.InferenceSession, 'create').mockImplementation(async (model, given) => {
      options.push(given);
      return create(model, given);
    });
    const embedder = await TransformersEmbedder.load(source, undefined, { threads: 3 });
    try {
      expect(embedder.dimensions).toBe(384);
      expect(embedder.threads).toBe(3);
      expect(options).toEqual([
        { executionProviders: ['cpu'], intraOpNumThreads: 3, interOpNumThreads: 1, graphOptimizationLevel: 'all', executionMode: 'sequential' },
      ]);
      expect(console.warn).toBe(before);
    } finally {
      await embedder.close();
    }
  });

  it('uses every core when no thread count is given', async () => {
    const embedder = await TransformersEmbedder.load(source);
    try {
      expect(embedder.threads).toBe(os.availableParallelism());
    } finally {
      await embedder.close();
    }
  });
});
