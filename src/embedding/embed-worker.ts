/**
 * Worker thread body: onnxruntime-node runs inference synchronously, so bulk
 * embedding here keeps the main thread (and a Discord heartbeat) responsive.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { TransformersEmbedder } from './transformers-embedder.ts';
import type { ModelSource } from './resolve-model.ts';
import type { WorkerReply, WorkerRequest } from './worker-protocol.ts';

const port = parentPort;
if (!port) throw new Error('embed-worker.ts must run in a worker thread');

const { source } = workerData as { source: ModelSource };
const post = (reply: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(reply, transfer);

try {
  const embedder = await TransformersEmbedder.load(source, (progress) => post({ type: 'progress', progress }));
  post({ type: 'ready', modelId: embedder.modelId, dimensions: embedder.dimensions });
  port.on('message', async (request: WorkerRequest) => {
    if (request.type === 'close') {
      await embedder.close();
      port.close();
      return;
    }
    try {
      const vectors = await embedder.embed(request.texts);
      post({ type: 'vectors', id: request.id, vectors }, vectors.map((v) => v.buffer as ArrayBuffer));
    } catch (error) {
      post({ type: 'failed', id: request.id, message: error instanceof Error ? error.message : String(error) });
    }
  });
} catch (error) {
  post({ type: 'load-failed', message: error instanceof Error ? error.message : String(error) });
}
