import type { ModelSource } from './resolve-model.ts';

/** Messages from the bot's process to the embedding process. */
export type EmbedRequest =
  | { type: 'load'; source: ModelSource; threads: number }
  | { type: 'embed'; id: number; texts: string[] };

/** Messages from the embedding process to the bot's process. */
export type EmbedReply =
  | { type: 'ready'; modelId: string; dimensions: number; threads: number }
  | { type: 'load-failed'; message: string }
  | { type: 'vectors'; id: number; vectors: Float32Array[] }
  | { type: 'failed'; id: number; message: string };
