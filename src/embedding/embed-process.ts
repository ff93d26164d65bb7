/**
 * Body of the embedding child process. onnxruntime-node runs inference
 * synchronously, so bulk embedding here keeps the bot's event loop (and its
 * Discord heartbeat) responsive; see process-embedder.ts for why this is a
 * process and not a worker thread.
 */
import { TransformersEmbedder } from './transformers-embedder.ts';
import type { EmbedReply, EmbedRequest } from './embed-protocol.ts';

if (!process.send) throw new Error('embed-process.ts must be started by ProcessEmbedder (no IPC channel)');

const post = (reply: EmbedReply) => process.send?.(reply);
let embedder: Promise<TransformersEmbedder> | undefined;

// The parent closed the channel or died (even by SIGKILL): nothing is left to do.
process.on('disconnect', () => process.exit(0));

process.on('message', async (request: EmbedRequest) => {
  if (request.type === 'load') {
    embedder ??= TransformersEmbedder.load(request.source, undefined, { threads: request.threads });
    try {
      const loaded = await embedder;
      post({ type: 'ready', modelId: loaded.modelId, dimensions: loaded.dimensions, threads: loaded.threads });
    } catch (error) {
      post({ type: 'load-failed', message: error instanceof Error ? error.message : String(error) });
      process.disconnect();
    }
    return;
  }
  try {
    if (!embedder) throw new Error('no model loaded');
    const vectors = await (await embedder).embed(request.texts);
    post({ type: 'vectors', id: request.id, vectors });
  } catch (error) {
    post({ type: 'failed', id: request.id, message: error instanceof Error ? error.message : String(error) });
  }
});

