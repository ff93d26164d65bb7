import type { ModelLoadProgress } from './embedder.ts';

/** Messages from the main thread to the embedding worker. */
export type WorkerRequest = { type: 'embed'; id: number; texts: string[] } | { type: 'close' };

/** Messages from the embedding worker to the main thread. */
export type WorkerReply =
  | { type: 'progress'; progress: ModelLoadProgress }
  | { type: 'ready'; modelId: string; dimensions: number }
  | { type: 'load-failed'; message: string }
  | { type: 'vectors'; id: number; vectors: Float32Array[] }
  | { type: 'failed'; id: number; message: string };
