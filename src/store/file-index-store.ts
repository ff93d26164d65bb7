import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { KeywordIndex } from '../search/keyword-index.ts';
import { syncDirectory } from '../fs/atomic-file.ts';
import { crashPoint } from './crash-point.ts';
import { checkVectraIndexEnds, writeVectraIndex } from './vectra-format.ts';
import type { IndexStore, OpenedIndex, StoreWarning } from './index-store.ts';
import { documentRecordSchema, manifestSchema, parseChunkRecords, type Manifest } from '../records/index.ts';
import { openSnapshot, type IndexSnapshot, type SnapshotToWrite } from './snapshot.ts';
import { z } from 'zod';

const VERSION_PREFIX = 'v';
const STAGING_PREFIX = '.staging-';
/** An old version being deleted: renamed first, so a crash mid-delete never leaves a half version folder. */
const DELETING_PREFIX = '.deleting-';
/** How many complete versions to keep: the current one and the one before it. */
const KEEP_VERSIONS = 2;

export const FILES = {
  /** vectra's own index file (vectors + chunk ids); readable by vectra's tools. */
  vectra: 'index.json',
  /** The same vectors as little-endian float32 rows: loads in milliseconds instead of parsing JSON. */
  vectors: 'vectors.f32',
  chunks: 'chunks.json',
  /** The keyword index over the chunks, so a load does not re-analyse every text (optional: older versions lack it). */
  keywords: 'keywords.bin',
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
 * An opened version is searched in this process (`MemoryPassageIndex`).
 */
export class FileIndexStore implements IndexStore {
  /** Versions the last `load` found damaged; the next `prune` removes them so they never stand in as the fallback. */
  private readonly damaged = new Set<string>();

  constructor(readonly dir: string) {}

  async open(onWarning?: (warning: StoreWarning) => void): Promise<OpenedIndex | null> {
    const snapshot = await this.load(onWarning);
    return snapshot ? openSnapshot(snapshot) : null;
  }

  /** Nothing stays open between calls: every read and write opens and closes its own files. */
  async close(): Promise<void> {}

  async load(onWarning?: (warning: StoreWarning) => void): Promise<IndexSnapshot | null> {
    this.damaged.clear();
    for (const version of (await this.versions()).reverse()) {
      try {
        return await this.readVersion(version);
      } catch (error) {
        this.damaged.add(version);
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
  ): Promise<OpenedIndex> {
    await mkdir(this.dir, { recursive: true });
    const versions = await this.versions();
    const next = versionName(versions.reduce((max, v) => Math.max(max, versionNumber(v)), 0) + 1);
    const staging = path.join(this.dir, `${STAGING_PREFIX}${next}-${process.pid}`);
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging, { recursive: true });
    crashPoint('staging-created');
    try {
      options.onStage?.('write');
      const { manifest, keywords } = await this.writeFiles(staging, snapshot, options.signal);
      options.signal?.throwIfAborted();
      options.onStage?.('swap');
      await syncDirectory(staging);
      crashPoint('before-rename');
      await rename(staging, path.join(this.dir, next));
      crashPoint('after-rename');
      await syncDirectory(this.dir);
      crashPoint('before-prune');
      await this.prune();
      return openSnapshot({ ...snapshot, manifest, keywords });
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      throw error;
    }
  }

  /** Removes what crashed builds left (staging folders, half-deleted versions) and versions older than the kept ones. */
  async prune(): Promise<void> {
    const entries = await readdir(this.dir).catch(() => [] as string[]);
    for (const entry of entries) {
      if (entry.startsWith(STAGING_PREFIX) || entry.startsWith(DELETING_PREFIX)) {
        await rm(path.join(this.dir, entry), { recursive: true, force: true });
        crashPoint('pruned-temporary', entry);
      }
    }
    const versions = (await this.versions()).filter((v) => !this.damaged.has(v));
    const doomed = [...this.damaged, ...versions.slice(0, Math.max(0, versions.length - KEEP_VERSIONS))];
    for (const old of doomed) {
      const moved = path.join(this.dir, `${DELETING_PREFIX}${old}-${process.pid}`);
      this.damaged.delete(old);
      try {
        await rename(path.join(this.dir, old), moved);
      } catch (error) {
        if ((error as { code?: string }).code === 'ENOENT') continue;
        throw error;
      }
      crashPoint('prune-moved', old);
      await rm(moved, { recursive: true, force: true });
      crashPoint('pruned', old);
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

  private async writeFiles(
    folder: string,
    snapshot: SnapshotToWrite,
    signal?: AbortSignal,
  ): Promise<{ manifest: Manifest; keywords: KeywordIndex }> {
    const { dimensions } = snapshot.manifest.model;
    const files: Manifest['files'] = {};
    const put = async (name: string, data: string | Uint8Array) => {
      const bytes = typeof data === 'string' ? Buffer.from(data) : data;
      await writeFile(path.join(folder, name), bytes, { flush: true });
      files[name] = { bytes: bytes.byteLength, sha256: sha256(bytes) };
      crashPoint('staging-file', name);
    };

    files[FILES.vectra] = await writeVectraIndex(path.join(folder, FILES.vectra), snapshot, signal);
    crashPoint('staging-file', FILES.vectra);
    await put(FILES.vectors, new Uint8Array(snapshot.vectors.buffer, snapshot.vectors.byteOffset, snapshot.vectors.byteLength));
    await put(FILES.chunks, JSON.stringify(snapshot.chunks));
    signal?.throwIfAborted();
    const keywords = snapshot.keywords ?? KeywordIndex.build(snapshot.chunks.map((c) => c.text));
    await put(FILES.keywords, keywords.toBytes());
    await put(FILES.documents, JSON.stringify(snapshot.documents));
    signal?.throwIfAborted();
    const manifest: Manifest = { ...snapshot.manifest, files };
    // The manifest is written last: a version without one is incomplete by construction.
    await writeFile(path.join(folder, FILES.manifest), JSON.stringify(manifest, null, 2), { flush: true });
    crashPoint('staging-file', FILES.manifest);
    return { manifest, keywords };
  }

  private async readVersion(version: string): Promise<IndexSnapshot> {
    const folder = path.join(this.dir, version);
    const manifest = parseManifest(await readFile(path.join(folder, FILES.manifest), 'utf8'));
    // Start reading the other files now: the reads run on libuv's threads while this one checks and parses.
    const reads = new Map<string, Promise<Buffer>>();
    for (const name of [FILES.chunks, FILES.documents, FILES.keywords]) {
      if (!manifest.files[name]) continue;
      const reading = readFile(path.join(folder, name));
      reading.catch(() => {}); // awaited (and reported) below, unless an earlier check fails first
      reads.set(name, reading);
    }
    const read = async (name: string) => {
      const expected = manifest.files[name];
      if (!expected) throw new Error(`manifest does not list ${name}`);
      const data = await (reads.get(name) ?? readFile(path.join(folder, name)));
      if (data.byteLength !== expected.bytes) throw new Error(`${name} has ${data.byteLength} bytes, expected ${expected.bytes}`);
      if (sha256(data) !== expected.sha256) throw new Error(`${name} checksum mismatch`);
      return data;
    };
    // vectra's file is not read on the hot path, but it must exist and have the recorded size.
    const vectraStat = await stat(path.join(folder, FILES.vectra));
    if (vectraStat.size !== manifest.files[FILES.vectra]?.bytes) throw new Error(`${FILES.vectra} has the wrong size`);
    await checkVectraIndexEnds(path.join(folder, FILES.vectra), vectraStat.size);

    const { dimensions } = manifest.model;
    // Read straight into an aligned array: no intermediate Buffer and copy (77 MB at 50k chunks).
    const vectorBytes = await readInto(folder, FILES.vectors, manifest, (bytes) => {
      if (bytes !== manifest.chunks * dimensions * 4) throw new Error(`vectors and chunks disagree (${manifest.chunks} chunks, ${bytes} vector bytes)`);
      return new Uint8Array(new Float32Array(bytes / 4).buffer);
    });
    const vectors = new Float32Array(vectorBytes.buffer);
    const chunks = parseChunkRecords(JSON.parse((await read(FILES.chunks)).toString('utf8')));
    const documents = z.array(documentRecordSchema).parse(JSON.parse((await read(FILES.documents)).toString('utf8')));
    if (chunks.length !== manifest.chunks) throw new Error(`vectors and chunks disagree (${chunks.length} chunks, ${manifest.chunks} vector rows)`);
    const keywords = manifest.files[FILES.keywords] ? KeywordIndex.fromBytes(await read(FILES.keywords)) : undefined;
    if (keywords && keywords.size !== chunks.length) throw new Error(`the keyword index covers ${keywords.size} chunks, not ${chunks.length}`);
    return { manifest, documents, chunks, vectors, ...(keywords ? { keywords } : {}) };
  }
}

/** Reads a listed file into a buffer from `allocate` (given its checked size), then checks the checksum. */
async function readInto(folder: string, name: string, manifest: Manifest, allocate: (bytes: number) => Uint8Array): Promise<Uint8Array> {
  const expected = manifest.files[name];
  if (!expected) throw new Error(`manifest does not list ${name}`);
  const handle = await open(path.join(folder, name), 'r');
  let target: Uint8Array;
  try {
    const { size } = await handle.stat();
    if (size !== expected.bytes) throw new Error(`${name} has ${size} bytes, expected ${expected.bytes}`);
    target = allocate(size);
    for (let at = 0; at < size; ) {
      const { bytesRead } = await handle.read(target, at, size - at, at);
      if (bytesRead === 0) throw new Error(`${name} ended after ${at} of ${size} bytes`);
      at += bytesRead;
    }
  } finally {
    await handle.close();
  }
  if (sha256(target) !== expected.sha256) throw new Error(`${name} checksum mismatch`);
  return target;
}

/** Parses manifest.json, failing with a one-line reason (a warning in the log, not a schema dump). */
function parseManifest(text: string): Manifest {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`${FILES.manifest} is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const result = manifestSchema.safeParse(data);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => `${issue.path.join('.') || 'top level'}: ${issue.message}`);
  throw new Error(`${FILES.manifest} is not an index manifest (${issues.slice(0, 3).join('; ')}${issues.length > 3 ? '; ...' : ''})`);
}
