import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { syncDirectory } from './atomic-file.ts';
import { writeVectraIndex } from './vectra-format.ts';
import type { IndexStore, StoreWarning } from './index-store.ts';
import {
  chunkRecordSchema,
  documentRecordSchema,
  manifestSchema,
  type IndexSnapshot,
  type Manifest,
  type SnapshotToWrite,
} from './snapshot.ts';
import { z } from 'zod';

const VERSION_PREFIX = 'v';
const STAGING_PREFIX = '.staging-';
/** How many complete versions to keep: the current one and the one before it. */
const KEEP_VERSIONS = 2;

export const FILES = {
  /** vectra's own index file (vectors + chunk ids); readable by vectra's tools. */
  vectra: 'index.json',
  /** The same vectors as little-endian float32 rows: loads in milliseconds instead of parsing JSON. */
  vectors: 'vectors.f32',
  chunks: 'chunks.json',
  documents: 'documents.json',
  manifest: 'manifest.json',
} as const;

export const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Version folder names sort in creation order: v000001, v000002, ... */
const versionName = (n: number) => `${VERSION_PREFIX}${String(n).padStart(6, '0')}`;
const versionNumber = (name: string) => (/^v\d{6,}$/.test(name) ? Number(name.slice(1)) : -1);

/**
 * Stores each index build as a new version folder under `dir`, written in a
 * staging folder and renamed into place (an atomic swap), so a crash mid-build
 * leaves the previous version answering. The folder holds a vectra index
 * plus our chunk records, a binary copy of the vectors and a checksummed manifest.
 */
export class FileIndexStore implements IndexStore {
  constructor(readonly dir: string) {}

  async load(onWarning?: (warning: StoreWarning) => void): Promise<IndexSnapshot | null> {
    for (const version of (await this.versions()).reverse()) {
      try {
        return await this.readVersion(version);
      } catch (error) {
        onWarning?.({
          version,
          message: `index version ${version} is damaged (${error instanceof Error ? error.message : String(error)}); trying an older one`,
        });
      }
    }
    return null;
  }

  async save(
    snapshot: SnapshotToWrite,
    options: { signal?: AbortSignal; onStage?: (stage: 'write' | 'swap') => void } = {},
  ): Promise<IndexSnapshot> {
    await mkdir(this.dir, { recursive: true });
    const versions = await this.versions();
    const next = versionName(versions.reduce((max, v) => Math.max(max, versionNumber(v)), 0) + 1);
    const staging = path.join(this.dir, `${STAGING_PREFIX}${next}-${process.pid}`);
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging, { recursive: true });
    try {
      options.onStage?.('write');
      const manifest = await this.writeFiles(staging, snapshot, options.signal);
      options.signal?.throwIfAborted();
      options.onStage?.('swap');
      await syncDirectory(staging);
      await rename(staging, path.join(this.dir, next));
      await syncDirectory(this.dir);
      await this.prune();
      return { ...snapshot, manifest };
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      throw error;
    }
  }

  /** Removes staging folders left by crashed builds and versions older than the kept ones. */
  async prune(): Promise<void> {
    const entries = await readdir(this.dir).catch(() => [] as string[]);
    for (const entry of entries) {
      if (entry.startsWith(STAGING_PREFIX)) await rm(path.join(this.dir, entry), { recursive: true, force: true });
    }
    const versions = await this.versions();
    for (const old of versions.slice(0, Math.max(0, versions.length - KEEP_VERSIONS))) {
      await rm(path.join(this.dir, old), { recursive: true, force: true });
    }
  }

  /** Complete version folders, oldest first. */
  async versions(): Promise<string[]> {
    const entries = await readdir(this.dir, { withFileTypes: true }).catch(() => []);
    return entries
      .filter((e) => e.isDirectory() && versionNumber(e.name) >= 0)
      .map((e) => e.name)
      .sort((a, b) => versionNumber(a) - versionNumber(b));
  }

  private async writeFiles(folder: string, snapshot: SnapshotToWrite, signal?: AbortSignal): Promise<Manifest> {
    const { dimensions } = snapshot.manifest.model;
    const files: Manifest['files'] = {};
    const put = async (name: string, data: string | Uint8Array) => {
      const bytes = typeof data === 'string' ? Buffer.from(data) : data;
      await writeFile(path.join(folder, name), bytes, { flush: true });
      files[name] = { bytes: bytes.byteLength, sha256: sha256(bytes) };
    };

    files[FILES.vectra] = await writeVectraIndex(path.join(folder, FILES.vectra), snapshot, signal);
    await put(FILES.vectors, new Uint8Array(snapshot.vectors.buffer, snapshot.vectors.byteOffset, snapshot.vectors.byteLength));
    await put(FILES.chunks, JSON.stringify(snapshot.chunks));
    await put(FILES.documents, JSON.stringify(snapshot.documents));
    signal?.throwIfAborted();
    const manifest: Manifest = { ...snapshot.manifest, files };
    // The manifest is written last: a version without one is incomplete by construction.
    await writeFile(path.join(folder, FILES.manifest), JSON.stringify(manifest, null, 2), { flush: true });
    return manifest;
  }

  private async readVersion(version: string): Promise<IndexSnapshot> {
    const folder = path.join(this.dir, version);
    const manifest = manifestSchema.parse(JSON.parse(await readFile(path.join(folder, FILES.manifest), 'utf8')));
    const read = async (name: string) => {
      const expected = manifest.files[name];
      if (!expected) throw new Error(`manifest does not list ${name}`);
      const data = await readFile(path.join(folder, name));
      if (data.byteLength !== expected.bytes) throw new Error(`${name} has ${data.byteLength} bytes, expected ${expected.bytes}`);
      if (sha256(data) !== expected.sha256) throw new Error(`${name} checksum mismatch`);
      return data;
    };
    // vectra's file is not read on the hot path, but it must exist and have the recorded size.
    const vectraStat = await stat(path.join(folder, FILES.vectra));
    if (vectraStat.size !== manifest.files[FILES.vectra]?.bytes) throw new Error(`${FILES.vectra} has the wrong size`);

    const vectorBytes = await read(FILES.vectors);
    const chunks = z.array(chunkRecordSchema).parse(JSON.parse((await read(FILES.chunks)).toString('utf8')));
    const documents = z.array(documentRecordSchema).parse(JSON.parse((await read(FILES.documents)).toString('utf8')));
    const { dimensions } = manifest.model;
    if (chunks.length !== manifest.chunks || vectorBytes.byteLength !== chunks.length * dimensions * 4) {
      throw new Error(`vectors and chunks disagree (${chunks.length} chunks, ${vectorBytes.byteLength} vector bytes)`);
    }
    // Copy into an aligned buffer: Buffer pool slices are not guaranteed to be 4-byte aligned.
    const vectors = new Float32Array(chunks.length * dimensions);
    new Uint8Array(vectors.buffer).set(vectorBytes);
    return { manifest, documents, chunks, vectors };
  }
}
