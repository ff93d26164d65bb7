import type { ModelLoadProgress } from '../embedding/embedder.ts';
import type { BuildProgress } from '../indexing/build-index.ts';
import type { Logger } from '../logger.ts';
import { trackDownloads } from '../embedding/download-events.ts';
import { trackEmbedding } from '../indexing/embedding-pace.ts';

/**
 * Log lines for what `npm start` does before it logs in: the first-use model
 * download and building the index, which with a real model and a big folder
 * takes minutes. Embedding is logged at each tenth of the way, not per batch.
 */
export function startupProgress(logger: Logger) {
  const downloads = trackDownloads();
  const pace = trackEmbedding();
  return {
    onModelProgress(event: ModelLoadProgress) {
      if (downloads.started(event)) logger.info('downloading the embedding model (first use only)', { file: event.file, bytes: event.total });
      else if (downloads.finished(event)) logger.info('downloaded', { file: event.file });
    },
    onBuildProgress(event: BuildProgress) {
      if (event.phase === 'scan') logger.info('building the index', { articles: event.documents, problems: event.problems });
      if (event.phase !== 'embed' || event.total === 0) return;
      if (pace.update(event.done, event.total).newTenth || event.done === 0) {
        logger.info('embedding passages', { done: event.done, total: event.total });
      }
    },
  };
}
