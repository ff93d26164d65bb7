import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadArticles, type LoadResult } from '../../src/articles/index.ts';

const ARTICLES_DIR = fileURLToPath(new URL('../../articles/', import.meta.url));

const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/**
 * What each sample article must load as. `seedSha256` is `sha256sum` of the seed text the article
 * was made from (shared/seeds/<seed>.txt): the body must be that text, byte for byte.
 */
const EXPECTED = [
  {
    id: '000-nis-captured-north-korean-soldier-dies.md',
    seed: '000_edd09ea870617077.txt',
    seedSha256: '777b2ab1f41f6f6dd9ad007978856f4d2eda4cc498be530fc7acacc8c3703e6e',
    title:
      'A North Korean soldier captured by Ukrainian forces has died from injuries sustained during combat, according to South Korea’s National Intelligence Service (NIS).',
    outlet: null,
    date: null,
    byline: null,
  },
  {
    id: '001-upi-first-north-korean-pow-dies.md',
    seed: '001_a157c46a99f57814.txt',
    seedSha256: '38f3101cf53b1cf57e63d6fc0a24b79903a7dafc3f4043e94889528bb0dfe80f',
    title:
      'The first North Korean soldier taken prisoner of war by Ukrainian forces while fighting for Russia has died of his injuries, South Korean intelligence said Friday.',
    outlet: 'UPI',
    date: '2024-12-27',
    byline: null,
  },
  {
    id: '002-captured-north-korean-soldier-dies-in-custody.md',
    seed: '002_2f87e43fdd5c9d25.txt',
    seedSha256: '9fff4019e4bd286249db5e93df411b34ba14f0459d373220e10908a81ac05cb8',
    title:
      'The first North Korean soldier to be captured by Ukrainian troops has died in custody, according to South Korean intelligence officials.',
    outlet: null,
    date: null,
    byline: null,
  },
  {
    id: '003-joongang-north-korean-soldier-dies-of-wounds.md',
    seed: '003_5f534c3b16f90045.txt',
    seedSha256: '56eb342c2830693e829c9ff01977d895de5b813db285498834076a9f9a3f5b6f',
    title: 'North Korean soldier captured by Ukrainian forces dies of wounds: NIS',
    outlet: 'Korea JoongAng Daily',
    // The text gives 17:32 but no time zone, so none is invented.
    date: '2024-12-27T17:32:00',
    byline: 'Kim Min-young',
  },
  {
    id: '004-nis-injured-north-korean-soldier-succumbs.md',
    seed: '004_cbe6705da0e7cd36.txt',
    seedSha256: 'bc237a9c33642631ed3c9571540f9efc81256b1eef60bb917513131cbc2698a8',
    title:
      'South Korea’s National Intelligence Service (NIS) said on Friday that an injured North Korean soldier, captured by Ukrainian forces while fighting for Russia in Kursk, has succumbed to his wounds.',
    outlet: null,
    date: null,
    byline: null,
  },
] as const;

describe('the sample corpus in articles/', () => {
  let result: LoadResult;
  beforeAll(async () => {
    result = await loadArticles(ARTICLES_DIR);
  });

  it('loads all five articles, sorted by id, with no problems', () => {
    expect(result.problems).toEqual([]);
    expect(result.documents.map((doc) => doc.id)).toEqual(EXPECTED.map((article) => article.id));
  });

  it.each(EXPECTED)('$id has the headline, outlet, date and byline its text states, and no url', (expected) => {
    const doc = result.documents.find((candidate) => candidate.id === expected.id);
    expect(doc).toMatchObject({
      title: expected.title,
      outlet: expected.outlet,
      date: expected.date,
      byline: expected.byline,
      url: null,
    });
  });

  it.each(EXPECTED)('$id has the seed text $seed as its body, byte for byte', (expected) => {
    const doc = result.documents.find((candidate) => candidate.id === expected.id)!;
    expect(sha256(doc.text)).toBe(expected.seedSha256);
  });

  it('uses the real headline of 001, not the photo credit on its first line', () => {
    const doc = result.documents.find((candidate) => candidate.id.startsWith('001-'))!;
    expect(doc.text.startsWith('Members of the Korean Vietnam War Veterans Association')).toBe(true);
    expect(doc.title).not.toContain('File photo');
  });

  it('records each file’s size and sha256 so a change to an article is detected', async () => {
    for (const doc of result.documents) {
      const raw = await readFile(ARTICLES_DIR + doc.id);
      expect(doc.bytes).toBe(raw.length);
      expect(doc.hash).toBe(sha256(raw));
    }
  });

  it('points bodyOffset just past the closing --- of the front matter', async () => {
    for (const doc of result.documents) {
      const fileText = await readFile(ARTICLES_DIR + doc.id, 'utf8');
      expect(fileText.slice(0, doc.bodyOffset)).toMatch(/^---\n[\s\S]*\n---\n$/);
      expect(fileText.slice(doc.bodyOffset)).toBe(doc.text);
    }
  });
});
