/** Progress of a model load (download or read from disk). */
export interface ModelLoadProgress {
  phase: 'model';
  file: string;
  /** Bytes loaded so far and total, when the download reports them. */
  loaded?: number;
  total?: number;
  status: 'download' | 'progress' | 'done' | 'ready';
}

/**
 * Turns text into normalised vectors. The seam between the real model and
 * the generated test model, and between in-process and child-process embedding.
 */
export interface Embedder {
  /** What built the vectors; recorded in the index manifest. */
  readonly modelId: string;
  readonly dimensions: number;
  /** Embeds texts (mean pooled, L2-normalised), in order. */
  embed(texts: string[]): Promise<Float32Array[]>;
  /** Releases threads or sessions held by the embedder. */
  close(): Promise<void>;
}

/** Counts word pieces with the embedding model's own tokenizer, without special tokens. */
export interface TokenCounter {
  countTokens(text: string): number;
}
