import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/db/connect.ts';
import { migrate } from '../../src/db/migrate.ts';
import { POSTINGS_PER_TERM } from '../../src/db/passage-queries.ts';
import { PostgresIndexStore } from '../../src/db/postgres-index-store.ts';
import { KeywordIndex } from '../../src/search/keyword-index.ts';
import type { PassageIndex } from '../../src/search/passage-index.ts';
import { sampleRecords, type SampleArticle } from './sample-version.ts';
import { openTestServer, type TestSchema, type TestServer } from '../support/test-database.ts';

/**
 * The PostgreSQL store's keyword search is the in-memory index's BM25+ (the
 * same rows, the same scores to float precision), computed from postings
 * weighted at build time: checked on a generated corpus where one term is
 * held by more passages than POSTINGS_PER_TERM and others by few.
 */
let server: TestServer;
let schema: TestSchema;
let db: Database;
let passages: PassageIndex;
let exact: KeywordIndex;

/** Numbers are analysed as themselves (no stemming, no stop words), so the corpus's terms are known exactly. */
const RARE = Array.from({ length: 300 }, (_, i) => String(1000 + i));
const COMMON = '7';
const COUNT = POSTINGS_PER_TERM + 400;

function corpus(): SampleArticle[] {
  let state = 12345;
  const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
  return Array.from({ length: COUNT }, (_, i) => {
    // Zipf-like: low-numbered terms are common, high-numbered ones rare; lengths and repeats vary.
    const words = Array.from({ length: 3 + Math.floor(random() * 25) }, () => RARE[Math.floor(RARE.length * random() ** 2)]!);
    if (i % 8 !== 0) words.push(...Array.from({ length: 1 + (i % 3) }, () => COMMON));
    return { id: `a${i}.md`, title: `A${i}`, passages: [{ text: words.join(' '), vector: [1, i % 7, i % 5, 1] as [number, number, number, number] }] };
  });
}

beforeAll(async () => {
  server = await openTestServer();
  console.info(`test/db/bm25-postings: ${server.description}`);
  schema = await server.newSchema();
  // Two connections, also on PGlite (its one session is never used by both at once): a build holds
  // one for its advisory lock while the other writes the version's term counts.
  db = new Database(schema.config(), { schema: schema.name, maxConnections: 2 });
  await migrate(db);
  const records = sampleRecords(corpus());
  const store = new PostgresIndexStore(db, 'bm25');
  passages = (await store.save(records)).passages;
  exact = KeywordIndex.build(records.chunks.map((c) => c.text));
}, 120_000);
afterAll(async () => {
  await db?.close();
  await schema?.drop();
  await server?.close();
});

const expectSameRanking = async (question: string, k: number) => {
  const want = exact.search(question, k);
  const got = await passages.keywordSearch(question, k);
  expect(got.map((h) => h.row), question).toEqual(want.map((h) => h.row));
  got.forEach((hit, i) => expect(hit.score / want[i]!.score, `${question}, rank ${i + 1}`).toBeCloseTo(1, 5));
  return got;
};

describe('keyword search from BM25 postings', () => {
  it('ranks as the in-memory BM25+ index does when every question term is held by at most POSTINGS_PER_TERM passages', async () => {
    for (const question of ['1000', '1003 1010', '1100 1200 1001', '1299 1000 1000 1150', '1005 1050 1250 1030 1002']) {
      expect(await expectSameRanking(question, 40)).not.toEqual([]);
    }
    await expectSameRanking('1020 1100', 3);
  });

  it(`reads the best ${POSTINGS_PER_TERM} postings of a commoner term, so a question of that term alone still ranks exactly`, async () => {
    const df = exact.search(COMMON, COUNT).length;
    expect(df).toBeGreaterThan(POSTINGS_PER_TERM);
    await expectSameRanking(COMMON, 40);
  });

  it('scores the best candidates exactly, so a commoner term read only in part still counts in every passage that holds it', async () => {
    // Without the exact scoring, passages outside the common term's best postings would lose its weight and its
    // place in the count of matched terms, and rank below passages that hold fewer of the question's terms.
    for (const question of [`${COMMON} 1000`, `1040 ${COMMON} 1003`, `${COMMON} 1100 1200 1001`]) await expectSameRanking(question, 40);
  });

  it('finds nothing for words no passage holds or a question of stop words', async () => {
    expect(await passages.keywordSearch('9999 zeppelin', 10)).toEqual([]);
    expect(await passages.keywordSearch('what is it?', 10)).toEqual([]);
  });
});
