import { Worker } from 'node:worker_threads';
import type { Embedder, ModelLoadProgress } from './embedder.ts';
import type { ModelSource } from './resolve-model.ts';
import type { WorkerReply, WorkerRequest } from './worker-protocol.ts';

const workerUrl = new URL('./embed-worker-entry.mjs', import.meta.url);

/** Runs the embedding model in a worker thread so bulk embedding never blocks the event loop. */
export class WorkerEmbedder implements Embedder {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (v: Float32Array[]) => void; reject: (e: Error) => void }>();
  private exitError: Error | undefined;

  private constructor(
    private readonly worker: Worker,
    readonly modelId: string,
    readonly dimensions: number,
  ) {
    worker.on('message', (reply: WorkerReply) => {
      if (reply.type !== 'vectors' && reply.type !== 'failed') return;
      const waiter = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.type === 'vectors') waiter?.resolve(reply.vectors);
      else waiter?.reject(new Error(`embedding worker: ${reply.message}`));
    });
    const failAll = (error: Error) => {
      this.exitError = error;
      for (const waiter of this.pending.values()) waiter.reject(error);
      this.pending.clear();
    };
    worker.on('error', (error) => failAll(new Error(`embedding worker crashed: ${error.message}`, { cause: error })));
    worker.on('exit', (code) => failAll(new Error(`embedding worker exited (code ${code})`)));
  }

  /** Starts a worker and waits until its model is loaded. */
  static start(source: ModelSource, onProgress?: (event: ModelLoadProgress) => void): Promise<WorkerEmbedder> {
    const worker = new Worker(workerUrl, { workerData: { source } });
    return new Promise((resolve, reject) => {
      const onMessage = (reply: WorkerReply) => {
        if (reply.type === 'progress') onProgress?.(reply.progress);
        else if (reply.type === 'ready') {
          cleanup();
          resolve(new WorkerEmbedder(worker, reply.modelId, reply.dimensions));
        } else if (reply.type === 'load-failed') {
          cleanup();
          void worker.terminate();
          reject(new Error(reply.message));
        }
      };
      const onError = (error: Error) => {
        cleanup();
        reject(new Error(`embedding worker failed to start: ${error.message}`, { cause: error }));
      };
      const cleanup = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
    });
  }

  embed(texts: string[]): Promise<Float32Array[]> {
    if (this.exitError) return Promise.reject(this.exitError);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'embed', id, texts } satisfies WorkerRequest);
    });
  }

  async close(): Promise<void> {
    if (this.exitError) return;
    await this.worker.terminate();
  }
}
