import type { ModelLoadProgress } from '../embedding/embedder.ts';
import type { BuildProgress } from '../indexing/build-index.ts';
import type { Logger } from '../logger.ts';

/**
 * Log lines for what `npm start` does before it logs in: the first-use model
 * download and building the index, which with a real model and a big folder
 * takes minutes. Embedding is logged at each tenth of the way, not per batch.
 */
export function startupProgress(logger: Logger) {
  const downloading = new Set<string>();
  let lastTenth = -1;
  return {
    onModelProgress(event: ModelLoadProgress) {
      // transformers.js announces a file before fetching it: name it only once bytes arrive.
      if (event.status === 'progress' && (event.loaded ?? 0) > 0 && !downloading.has(event.file)) {
        downloading.add(event.file);
        logger.info('downloading the embedding model (first use only)', { file: event.file, bytes: event.total });
      } else if (event.status === 'done' && downloading.has(event.file)) {
        logger.info('downloaded', { file: event.file });
      }
    },
    onBuildProgress(event: BuildProgress) {
      if (event.phase === 'scan') logger.info('building the index', { articles: event.documents, problems: event.problems });
      if (event.phase !== 'embed' || event.total === 0) return;
      const tenth = Math.floor((event.done / event.total) * 10);
      if (event.done === 0) lastTenth = 0;
      else if (tenth <= lastTenth || event.done === event.total) return;
      lastTenth = tenth;
      logger.info('embedding passages', { done: event.done, total: event.total });
    },
  };
}
