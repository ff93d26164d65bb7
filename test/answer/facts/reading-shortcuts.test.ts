import { describe, expect, it } from 'vitest';
import { articleDates, articleReference } from '../../../src/answer/facts/date-mentions.ts';
import { datesOfArticle, factIn, hasBareWeekday, holdsFact, type ArticlePassages } from '../../../src/answer/facts/extract-facts.ts';
import { factQuestion } from '../../../src/answer/facts/fact-question.ts';
import type { ChunkRecord } from '../../../src/records/index.ts';

// The shortcuts that keep stating facts cheap must read exactly what the full reading reads.

const NO_DATES = { reference: null, anchor: null };
const idf = () => 1;

/** An index holding each article (its sentences) as one passage, counting the articles it is asked for. */
function articlesOf(articles: Record<string, string[]>): ArticlePassages & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async passagesOf(documentId: string): Promise<readonly ChunkRecord[]> {
      asked.push(documentId);
      const sentences: [number, number][] = [];
      let at = 0;
      for (const sentence of articles[documentId]!) {
        sentences.push([at, at + sentence.length]);
        at += sentence.length + 1;
      }
      const text = articles[documentId]!.join(' ');
      return [{ documentId, index: 0, start: 0, end: text.length, text, sentences }];
    },
  };
}

describe('whether a sentence holds the asked fact, without scoring every value', () => {
  it.each([
    ['When did the soldier die?', 'The soldier, captured on December 26, succumbed to his wounds three days later.'],
    ['When did the soldier die?', 'The soldier was captured on Thursday. He was taken to Kyiv.'],
    ['When did the soldier die?', 'In 2019 the ministry opened a hospital, and the soldier died there on Dec. 27, 2024.'],
    ['When did the soldier die?', 'Nothing here gives a date for anything.'],
    ['How many troops are in Russia?', 'Some 11,000 North Korean troops are in Russia, and 3,000 have been killed or wounded.'],
    ['How many troops are in Russia?', 'North Korean troops arrived in Russia on Dec. 26.'],
    ['How many troops are in Russia?', 'Troops arrived in Russia last year.'],
    ['Where was the soldier captured?', 'The soldier was captured in Kursk, Russia, not in Ukraine.'],
  ])('%s / %s', (question, text) => {
    const asked = factQuestion(question)!;
    expect(holdsFact(asked, text, NO_DATES, idf)).toBe(factIn(asked, text, NO_DATES, idf) !== null);
  });

  it('reads a sentence with no figure as giving no count, and one whose only figure is a date likewise', () => {
    const asked = factQuestion('How many troops are in Russia?')!;
    expect(factIn(asked, 'Troops arrived in Russia last year.', NO_DATES, idf)).toBeNull();
    expect(factIn(asked, 'Troops arrived in Russia on Dec. 26.', NO_DATES, idf)).toBeNull();
    expect(factIn(asked, 'About 11,000 troops arrived in Russia on Dec. 26.', NO_DATES, idf)?.mention.value).toBe('11000');
  });
});

describe('an undated article read for its reference alone', () => {
  const articles = {
    dated: ['The war went on.', 'On Monday officials met.', 'Published 27 Dec. 2024.', 'He died on Friday.'],
    undated: ['A soldier, captured alive on Dec. 26, died.', 'The soldier was reportedly captured on Thursday while fighting.', 'The NIS said on Friday that he died.'],
    // chrono reads across the line between two sentences: "2023" and "March 17-18" make one date.
    across: ['Tour dates 2023', 'March 17-18 was its last weekend.', 'It rained for days.', 'It played on Sunday, Aug. 24-27, 2023 in Ohio.'],
  };
  const fullText = (sentences: string[]) => sentences.join('\n');

  it('finds the reference the full reading finds, and no anchor', async () => {
    for (const [id, text] of Object.entries(articles)) {
      const reference = await datesOfArticle(articlesOf(articles), id, null, false);
      expect(reference).toEqual({ reference: articleDates(null, fullText(text)).reference, anchor: null });
    }
    expect((await datesOfArticle(articlesOf(articles), 'dated', null, false)).reference?.day).toEqual({ year: 2024, month: 12, day: 27 });
    expect((await datesOfArticle(articlesOf(articles), 'across', null, false)).reference?.quote).toBe('“2023\nMarch 17-18” in the article');
    // Read alone, without its neighbour, the year sentence gives another reference: the neighbours are what keep it.
    expect(articleReference('Tour dates 2023\nIt played on Sunday, Aug. 24-27, 2023 in Ohio.')?.day).toEqual({ year: 2023, month: 8, day: 24 });
  });

  it('still finds the weekday anchor when a later excerpt needs it, and reads each article once for each', async () => {
    const index = articlesOf(articles);
    expect(await datesOfArticle(index, 'undated', null, false)).toEqual(NO_DATES);
    const full = await datesOfArticle(index, 'undated', null, true);
    expect(full.anchor).toMatchObject({ weekday: 4, day: { year: null, month: 12, day: 26 } });
    expect(await datesOfArticle(index, 'undated', null, false)).toBe(full);
    expect(await datesOfArticle(index, 'undated', null, true)).toBe(full);
    // A reference found alone is final: the full reading would stop there too.
    await datesOfArticle(index, 'dated', null, false);
    expect((await datesOfArticle(index, 'dated', null, true)).reference?.day).toEqual({ year: 2024, month: 12, day: 27 });
    expect(index.asked).toEqual(['undated', 'undated', 'dated']);
  });

  it('is asked for the anchor only for an excerpt with a weekday and no day', () => {
    expect(hasBareWeekday('The NIS said on Friday that he died.')).toBe(true);
    expect(hasBareWeekday('He died on Friday, Dec. 27.')).toBe(false);
    expect(hasBareWeekday('He died of his wounds.')).toBe(false);
  });
});
