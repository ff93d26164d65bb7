import type { DocumentRecord, Manifest } from '../records/index.ts';
import type { PassageIndex } from '../search/passage-index.ts';
import type { IndexSnapshot, SnapshotToWrite } from './snapshot.ts';

/** Something went wrong with a stored index version; carries which one. */
export interface StoreWarning {
  version: string;
  message: string;
}

/**
 * The current index version as the engine answers from it: what it was built
 * with, its articles (one small record each: /sources and citations read them
 * without asking the store), and its passages behind {@link PassageIndex},
 * which may live in this process or in a database.
 */
export interface OpenedIndex {
  readonly manifest: Manifest;
  readonly documents: readonly DocumentRecord[];
  readonly passages: PassageIndex;
}

/**
 * Where index versions live. The file store (vectra format on disk, searched
 * in memory) is the default; a database-server backend implements the same
 * contract. Answering goes through `open` only; building reads the previous
 * version whole (`load`: its embeddings are reused) and writes a new one
 * (`save`).
 */
export interface IndexStore {
  /** The current version, ready to answer from, falling back to older ones when the newest is damaged; null when none is usable. */
  open(onWarning?: (warning: StoreWarning) => void): Promise<OpenedIndex | null>;
  /** The current version whole (manifest, articles, passages, vectors), for the next build to reuse; null when none is usable. */
  load(onWarning?: (warning: StoreWarning) => void): Promise<IndexSnapshot | null>;
  /** Writes a snapshot as a new version and makes it current atomically (the previous version is kept); returns it opened. */
  save(snapshot: SnapshotToWrite, options?: { signal?: AbortSignal; onStage?: (stage: 'write' | 'swap') => void }): Promise<OpenedIndex>;
  /** Releases what the store holds open (connections); the engine that created the store calls it when it closes. */
  close(): Promise<void>;
}
