import type { ChunkRecord, DocumentRecord, Manifest } from '../records/index.ts';
import type { KeywordIndex } from '../search/keyword-index.ts';
import { MemoryPassageIndex } from '../search/memory-passage-index.ts';
import type { OpenedIndex } from './index-store.ts';

/**
 * Everything a loaded index holds. `vectors` has `chunks.length * dimensions`
 * floats, row i for chunk i. It lives with the store rather than in
 * `records/` because it carries the keyword index the store persists: search
 * depends on records, the store on search, never the reverse.
 */
export interface IndexSnapshot {
  manifest: Manifest;
  documents: DocumentRecord[];
  chunks: ChunkRecord[];
  vectors: Float32Array;
  /**
   * The keyword index over `chunks`, when the store kept one (built at save,
   * read at load); absent for versions saved before it was kept, in which
   * case the retriever builds it.
   */
  keywords?: KeywordIndex;
}

/** What a store writes; the manifest's file list is filled in by the store. */
export type SnapshotToWrite = Omit<IndexSnapshot, 'manifest'> & { manifest: Omit<Manifest, 'files'> };

/** A snapshot held in this process, opened for answering: the file store's {@link OpenedIndex}. */
export function openSnapshot(snapshot: IndexSnapshot): OpenedIndex {
  return { manifest: snapshot.manifest, documents: snapshot.documents, passages: new MemoryPassageIndex(snapshot) };
}
