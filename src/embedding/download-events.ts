import type { ModelLoadProgress } from './embedder.ts';

/**
 * Tells real downloads apart in transformers.js progress events: it announces
 * every file before trying it (also offline, also files it then finds cached),
 * so a file counts as downloading only once bytes arrive.
 */
export function trackDownloads() {
  const downloading = new Set<string>();
  return {
    /** True once per file, at its first event with bytes. */
    started(event: ModelLoadProgress): boolean {
      if (event.status !== 'progress' || (event.loaded ?? 0) <= 0 || downloading.has(event.file)) return false;
      downloading.add(event.file);
      return true;
    },
    /** True when a file that was downloading is complete. */
    finished(event: ModelLoadProgress): boolean {
      return event.status === 'done' && downloading.has(event.file);
    },
  };
}
