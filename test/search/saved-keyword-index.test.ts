import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KeywordIndex } from '../../src/search/keyword-index.ts';
import { MemoryPassageIndex } from '../../src/search/memory-passage-index.ts';
import { FileIndexStore, FILES } from '../../src/store/file-index-store.ts';
import { parseChunkRecords, type ChunkRecord } from '../../src/records/index.ts';
import type { SnapshotToWrite } from '../../src/store/snapshot.ts';

const TEXTS = [
  'A North Korean soldier captured in Kursk died of his wounds.',
  'Ukrainian special forces captured the soldier on December 26.',
  'The weather in Seoul was cold and dry.',
];
const DIMENSIONS = 8;

function snapshot(): SnapshotToWrite {
  const chunks: ChunkRecord[] = TEXTS.map((text, index) => ({ documentId: 'a.md', index, start: 0, end: text.length, text, sentences: [[0, text.length]] }));
  const vectors = new Float32Array(TEXTS.length * DIMENSIONS);
  TEXTS.forEach((_, row) => (vectors[row * DIMENSIONS + row] = 1));
  return {
    manifest: {
      formatVersion: 1,
      builtAt: '2025-01-01T00:00:00.000Z',
      model: { id: 'test', dimensions: DIMENSIONS },
      chunker: { version: 1, maxTokens: 200, overlapSentences: 1 },
      documents: 1,
      chunks: TEXTS.length,
    },
    documents: [{ id: 'a.md', title: 'A', outlet: null, date: null, byline: null, url: null, hash: 'h', bytes: 1, chunks: TEXTS.length }],
    chunks,
    vectors,
  };
}

describe('the saved keyword index and vectors', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('are saved with each version and loaded back, answering like a freshly built index', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'saved-keywords-'));
    const store = new FileIndexStore(dir);
    const saved = await store.save(snapshot());
    expect(saved.manifest.files[FILES.keywords]).toBeDefined();
    const loaded = (await store.load())!;
    expect(loaded.keywords).toBeInstanceOf(KeywordIndex);
    expect(loaded.manifest.files[FILES.keywords]).toBeDefined();
    const fresh = KeywordIndex.build(TEXTS);
    expect(loaded.keywords!.search('When did the captured soldier die?', 5)).toEqual(fresh.search('When did the captured soldier die?', 5));
    expect(Array.from(loaded.vectors)).toEqual(Array.from(snapshot().vectors));
    const passages = new MemoryPassageIndex(loaded);
    expect(passages.vectors.simd).toBe(true);
    const [best] = await passages.retrieve({ text: 'weather', vector: loaded.vectors.slice(2 * DIMENSIONS, 3 * DIMENSIONS), topK: 1, mode: 'hybrid' });
    expect(best!.row).toBe(2);
  });

  it('are rebuilt on load for a version saved before the keyword index was kept', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'saved-keywords-'));
    const store = new FileIndexStore(dir);
    await store.save(snapshot());
    const version = path.join(dir, (await store.versions()).at(-1)!);
    const manifest = JSON.parse(await readFile(path.join(version, FILES.manifest), 'utf8'));
    delete manifest.files[FILES.keywords];
    await writeFile(path.join(version, FILES.manifest), JSON.stringify(manifest));
    await rm(path.join(version, FILES.keywords));
    const loaded = (await store.load())!;
    expect(loaded).not.toBeNull();
    expect(loaded.keywords).toBeUndefined();
    const [best] = await new MemoryPassageIndex(loaded).retrieve({ text: 'captured soldier Kursk', vector: null, topK: 1, mode: 'keyword' });
    expect(best!.chunk.text).toBe(TEXTS[0]);
  });
});

describe('chunk records check', () => {
  const good = { documentId: 'a.md', index: 0, start: 0, end: 5, text: 'hello', sentences: [[0, 5]] };

  it('accepts well-formed records as they are', () => {
    expect(parseChunkRecords([good])).toEqual([good]);
  });

  it.each([
    ['not an array', {}, /expected an array/],
    ['a record that is not an object', [null], /chunks\[0\]: expected an object/],
    ['text of the wrong type', [{ ...good, text: 5 }], /chunks\[0\]\.text/],
    ['a fractional offset', [good, { ...good, start: 0.5 }], /chunks\[1\]\.start/],
    ['a sentence span of three numbers', [{ ...good, sentences: [[0, 1, 2]] }], /chunks\[0\]\.sentences/],
    ['a missing document id', [{ ...good, documentId: undefined }], /chunks\[0\]\.documentId/],
  ])('rejects %s, naming the record and field', (_, value, message) => {
    expect(() => parseChunkRecords(value)).toThrow(message);
  });
});
