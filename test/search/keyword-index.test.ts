import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/search/analyze-text.ts';
import { KeywordIndex, UNSEEN_TERM_WEIGHT } from '../../src/search/keyword-index.ts';
import { OFF_TOPIC_QUESTIONS, SAMPLE_QUESTIONS } from '../../bench/sample-questions.ts';
import { SAMPLE_ARTICLES } from '../support/engine-fixture.ts';

/** The MiniSearch index the keyword index replaced, configured as it was: the reference for scores and order. */
function miniSearchReference(texts: string[]) {
  const search = new MiniSearch<{ row: number; terms: string }>({
    idField: 'row',
    fields: ['terms'],
    tokenize: (text) => (text === '' ? [] : text.split(' ')),
    processTerm: (term) => term,
    searchOptions: { combineWith: 'OR', prefix: false, fuzzy: false },
  });
  search.addAll(texts.map((text, row) => ({ row, terms: analyze(text).join(' ') })));
  return (question: string, k: number) =>
    search
      .search({ combineWith: 'OR', queries: [...new Set(analyze(question))] })
      .slice(0, k)
      .map((r) => ({ row: r.id as number, score: r.score }));
}

/** The sample articles cut into paragraphs, each paragraph twice (exact ties), plus an empty text. */
async function paragraphs(): Promise<string[]> {
  const files = (await readdir(SAMPLE_ARTICLES)).sort();
  const texts: string[] = [];
  for (const file of files) {
    const text = await readFile(path.join(SAMPLE_ARTICLES, file), 'utf8');
    texts.push(...text.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('---')));
  }
  return [...texts, '', ...texts];
}

describe('keyword index (BM25 postings)', () => {
  it('ranks and scores exactly like the MiniSearch index it replaced, ties included', async () => {
    const texts = await paragraphs();
    const reference = miniSearchReference(texts);
    const index = KeywordIndex.build(texts);
    const questions = [
      ...SAMPLE_QUESTIONS.map((q) => q.question),
      ...OFF_TOPIC_QUESTIONS,
      'North Korean soldiers Kursk drones',
      'the the and of',
    ];
    for (const question of questions) {
      const expected = reference(question, 40);
      const actual = index.search(question, 40);
      expect(actual.map((h) => h.row), question).toEqual(expected.map((h) => h.row));
      actual.forEach((hit, i) => expect(hit.score).toBeCloseTo(expected[i]!.score, 9));
    }
  });

  it('answers the same after a round trip through its saved bytes', async () => {
    const texts = await paragraphs();
    const built = KeywordIndex.build(texts);
    const loaded = KeywordIndex.fromBytes(built.toBytes());
    expect(loaded.size).toBe(texts.length);
    for (const { question } of SAMPLE_QUESTIONS) expect(loaded.search(question, 10)).toEqual(built.search(question, 10));
    expect(loaded.idf('soldier')).toBe(built.idf('soldier'));
    expect(loaded.idf('zzzunseen')).toBe(UNSEEN_TERM_WEIGHT);
  });

  it('gives rarer terms a higher IDF and unseen terms a moderate weight', () => {
    const index = KeywordIndex.build(['soldier died in Kursk', 'soldier captured', 'soldier wounded', 'weather report']);
    expect(index.idf(analyze('Kursk')[0]!)).toBeGreaterThan(index.idf(analyze('soldier')[0]!));
    expect(index.idf('neverseen')).toBe(UNSEEN_TERM_WEIGHT);
  });

  it('rejects bytes that are not a keyword index, naming the problem', () => {
    const bytes = KeywordIndex.build(['one text', 'another text']).toBytes();
    expect(() => KeywordIndex.fromBytes(bytes.slice(0, bytes.length - 3))).toThrow(/keyword index is malformed: .*bytes/);
    const wrong = bytes.slice();
    wrong[0] = 0;
    expect(() => KeywordIndex.fromBytes(wrong)).toThrow(/not a keyword index/);
  });

  it('finds nothing in an empty index or for a question of stop words only', () => {
    expect(KeywordIndex.build([]).search('soldier', 5)).toEqual([]);
    expect(KeywordIndex.build(['soldier died']).search('what is the', 5)).toEqual([]);
  });
});
