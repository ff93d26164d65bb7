/**
 * The behaviour every `PassageIndex` must show, whatever holds the passages
 * (this process, a database): run it with a function that stores the given
 * records and opens them. `memory-passage-index.test.ts` runs it for the
 * in-memory index and the file store; a database store runs it against its
 * server. Rankings are checked against a brute-force cosine scan and BM25-free
 * facts (which passages hold which terms), so a store that scores keywords
 * its own way still passes when it finds and orders passages sensibly.
 */
import { describe, expect, it } from 'vitest';
import type { ChunkRecord, DocumentRecord } from '../../src/records/index.ts';
import { analyze } from '../../src/search/analyze-text.ts';
import { idfWeight, UNSEEN_TERM_WEIGHT } from '../../src/search/keyword-index.ts';
import type { PassageHit } from '../../src/search/passage-index.ts';
import { fuseRanks } from '../../src/search/rank-fusion.ts';
import { RESULTS_PER_LIST } from '../../src/search/retriever.ts';
import type { OpenedIndex } from '../../src/store/index-store.ts';
import type { SnapshotToWrite } from '../../src/store/snapshot.ts';

/** Stores `records` as the current index version and opens it. */
export type OpenRecords = (records: SnapshotToWrite) => Promise<OpenedIndex>;

const DIMENSIONS = 8;

/** Three articles, two passages each; row order is the order below. */
const ARTICLES: { document: Omit<DocumentRecord, 'chunks'>; texts: string[] }[] = [
  {
    document: { id: 'kursk.md', title: 'Soldier dies', outlet: 'UPI', date: '2024-12-27', byline: null, url: 'https://example.com/kursk', hash: 'h1', bytes: 120 },
    texts: ['A North Korean soldier captured in Kursk died of his wounds on Friday.', 'Ukrainian special forces captured the soldier on December 26.'],
  },
  {
    document: { id: 'seoul.md', title: 'Seoul confirms', outlet: null, date: null, byline: null, url: null, hash: 'h2', bytes: 110 },
    texts: ['The weather in Seoul was cold and dry all week.', "Seoul's intelligence service confirmed the soldier's death."],
  },
  {
    document: { id: 'harbour.md', title: 'Ferry returns', outlet: 'Gazette', date: '2024-11-02', byline: 'A. Writer', url: null, hash: 'h3', bytes: 100 },
    texts: ['The harbour ferry resumed service after the storm.', 'Ferry passengers waited two hours at the harbour.'],
  },
];

/** Row i's vector: fixed, unit length, all cosines between rows distinct (no ties for stores to order differently). */
function vectorOf(row: number): Float32Array {
  const v = Float32Array.from({ length: DIMENSIONS }, (_, i) => Math.sin(row * DIMENSIONS + i + 1) + (i === row ? 2 : 0));
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

/** The records a contract run stores: the three articles above, or none. */
export function contractRecords(options: { empty?: boolean } = {}): SnapshotToWrite {
  const articles = options.empty ? [] : ARTICLES;
  const chunks: ChunkRecord[] = [];
  const documents: DocumentRecord[] = [];
  for (const { document, texts } of articles) {
    let at = 0;
    texts.forEach((text, index) => {
      chunks.push({ documentId: document.id, index, start: at, end: at + text.length, text, sentences: [[at, at + text.length]] });
      at += text.length + 1;
    });
    documents.push({ ...document, chunks: texts.length });
  }
  const vectors = new Float32Array(chunks.length * DIMENSIONS);
  chunks.forEach((_, row) => vectors.set(vectorOf(row), row * DIMENSIONS));
  return {
    manifest: {
      formatVersion: 1,
      builtAt: '2025-01-02T03:04:05.000Z',
      model: { id: 'contract-model', dimensions: DIMENSIONS },
      chunker: { version: 1, maxTokens: 200, overlapSentences: 1 },
      documents: documents.length,
      chunks: chunks.length,
    },
    documents,
    chunks,
    vectors,
  };
}

/** Rows by exact cosine with `query`, best first. */
function cosineOrder(records: SnapshotToWrite, query: Float32Array): { row: number; score: number }[] {
  return records.chunks
    .map((_, row) => {
      let score = 0;
      for (let i = 0; i < DIMENSIONS; i++) score += query[i]! * records.vectors[row * DIMENSIONS + i]!;
      return { row, score };
    })
    .sort((a, b) => b.score - a.score);
}

const rows = (hits: readonly { row: number }[]) => hits.map((h) => h.row);

/** Runs the contract's cases for the index that `open` builds from the same records. */
export function passageIndexContract(name: string, open: OpenRecords): void {
  describe(`${name}: the PassageIndex contract`, () => {
    const records = contractRecords();

    it('finds the passages nearest a vector by cosine, best first, each with its row, score and record', async () => {
      const { passages } = await open(records);
      const query = vectorOf(4);
      const expected = cosineOrder(records, query);
      const hits = await passages.denseSearch(query, 3);
      expect(rows(hits)).toEqual(rows(expected.slice(0, 3)));
      hits.forEach((hit, i) => {
        expect(hit.score).toBeCloseTo(expected[i]!.score, 5);
        expect(hit.chunk).toEqual(records.chunks[hit.row]);
      });
      expect(hits[0]!.score).toBeCloseTo(1, 5);
      // Every passage when k exceeds the count, still in cosine order.
      expect(rows(await passages.denseSearch(query, RESULTS_PER_LIST))).toEqual(rows(expected));
    });

    it('finds the passages holding the question’s words, those holding more of them first', async () => {
      const { passages } = await open(records);
      // Row 0 holds captured, soldier, Kursk and died; row 1 captured and soldier; row 3 soldier only.
      const hits = await passages.keywordSearch('When did the captured soldier die in Kursk?', RESULTS_PER_LIST);
      expect(rows(hits)).toEqual([0, 1, 3]);
      for (const hit of hits) {
        expect(hit.score).toBeGreaterThan(0);
        expect(hit.chunk).toEqual(records.chunks[hit.row]);
      }
      expect(rows(await passages.keywordSearch('harbour ferry', 1))).toHaveLength(1);
      expect(new Set(rows(await passages.keywordSearch('harbour ferry', 5)))).toEqual(new Set([4, 5]));
      expect(await passages.keywordSearch('What is it?', 5)).toEqual([]);
      expect(await passages.keywordSearch('zeppelin', 5)).toEqual([]);
    });

    it('fuses its own dense and keyword rankings by reciprocal rank, the same way for every store', async () => {
      const { passages } = await open(records);
      const text = 'Where did the ferry wait at the harbour?';
      const vector = vectorOf(0);
      const [dense, keyword] = [await passages.denseSearch(vector, RESULTS_PER_LIST), await passages.keywordSearch(text, RESULTS_PER_LIST)];
      const fused = await passages.retrieve({ text, vector, topK: 4, mode: 'hybrid' });
      const expected = fuseRanks(dense, keyword).slice(0, 4);
      expect(fused.map(({ chunk, ...hit }) => hit)).toEqual(expected);
      for (const hit of fused) expect(hit.chunk).toEqual(records.chunks[hit.row]);
      // Both keyword passages are found by both lists, so they lead; the dense-only best (row 0) comes next.
      expect(new Set(rows(fused.slice(0, 2)))).toEqual(new Set([4, 5]));
      expect(fused[0]!.dense && fused[0]!.keyword).toBeTruthy();
    });

    it('retrieves by one side alone in dense and keyword modes, and by keywords when there is no vector', async () => {
      const { passages } = await open(records);
      const text = 'captured soldier';
      const vector = vectorOf(5);
      const only = (hits: readonly PassageHit[]) => hits.slice(0, 3).map((h) => h.row);
      const dense = await passages.retrieve({ text, vector, topK: 3, mode: 'dense' });
      expect(rows(dense)).toEqual(only(await passages.denseSearch(vector, RESULTS_PER_LIST)));
      expect(dense.every((h) => h.keyword === undefined)).toBe(true);
      const keyword = await passages.retrieve({ text, vector, topK: 3, mode: 'keyword' });
      expect(rows(keyword)).toEqual(only(await passages.keywordSearch(text, RESULTS_PER_LIST)));
      expect(keyword.every((h) => h.dense === undefined)).toBe(true);
      expect(rows(await passages.retrieve({ text, vector: null, topK: 3, mode: 'hybrid' }))).toEqual(rows(keyword));
    });

    it('weighs terms by inverse document frequency over its passages, unseen terms moderately', async () => {
      const { passages } = await open(records);
      const [soldier, ferry] = [analyze('soldier')[0]!, analyze('ferry')[0]!];
      const weights = await passages.idf([soldier, ferry, 'zeppelin']);
      expect(weights.get(soldier)).toBeCloseTo(idfWeight(3, 6), 10);
      expect(weights.get(ferry)).toBeCloseTo(idfWeight(2, 6), 10);
      expect(weights.get('zeppelin')).toBe(UNSEEN_TERM_WEIGHT);
      expect(weights.get(ferry)!).toBeGreaterThan(weights.get(soldier)!);
      expect((await passages.idf([])).size).toBe(0);
    });

    it("gives an article's passages in order, and none for an unknown article", async () => {
      const { passages } = await open(records);
      expect(await passages.passagesOf('seoul.md')).toEqual(records.chunks.slice(2, 4));
      expect(await passages.passagesOf('kursk.md')).toEqual(records.chunks.slice(0, 2));
      expect(await passages.passagesOf('missing.md')).toEqual([]);
    });

    it('opens with the manifest and every article record, in order, and counts its passages', async () => {
      const opened = await open(records);
      expect(opened.documents).toEqual(records.documents);
      expect(opened.manifest).toMatchObject(records.manifest);
      expect(opened.passages.size).toBe(6);
    });

    it('answers every call on an empty index with nothing', async () => {
      const empty = contractRecords({ empty: true });
      const opened = await open(empty);
      expect(opened.documents).toEqual([]);
      expect(opened.manifest).toMatchObject(empty.manifest);
      const { passages } = opened;
      expect(passages.size).toBe(0);
      expect(await passages.denseSearch(vectorOf(0), 5)).toEqual([]);
      expect(await passages.keywordSearch('captured soldier', 5)).toEqual([]);
      expect(await passages.retrieve({ text: 'captured soldier', vector: vectorOf(0), topK: 5, mode: 'hybrid' })).toEqual([]);
      expect((await passages.idf(['soldier'])).get('soldier')).toBe(UNSEEN_TERM_WEIGHT);
      expect(await passages.passagesOf('kursk.md')).toEqual([]);
    });
  });
}
