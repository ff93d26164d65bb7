import { BoundedCache } from '../../bounded-cache.ts';
import type { ChunkRecord } from '../../records/index.ts';
import { articleDates, dateMentions, MAY_HOLD_DATE, type ArticleDates } from './date-mentions.ts';
import type { FactQuestion } from './fact-question.ts';
import { entityMentions, placeMentions } from './name-mentions.ts';
import { numberMentions } from './number-mentions.ts';
import { pickMention, type Bound } from './pick-mention.ts';
import type { Mention } from './types.ts';

/**
 * Date and figure readings of sentences read without their article's
 * dates (excerpt choice), which do not depend on the question: passages
 * recur across questions.
 */
const plainReadings = new BoundedCache<string, Mention[]>(20_000);

/** Every value of the asked kind in an excerpt. */
export function mentionsOf(question: FactQuestion, text: string, dates: ArticleDates): Mention[] {
  const plain = dates.reference === null && dates.anchor === null;
  if (plain && (question.kind === 'date' || question.kind === 'number')) {
    return plainReadings.get(`${question.kind}${question.year ? 'y' : ''}\u0000${text}`, () => readMentions(question, text, dates));
  }
  return readMentions(question, text, dates);
}

function readMentions(question: FactQuestion, text: string, dates: ArticleDates): Mention[] {
  switch (question.kind) {
    case 'date': {
      const found = dateMentions(text, dates);
      if (!question.year) return found;
      // "What year ...?" is answered with the year of any date that has one.
      return found
        .filter((m) => /^\d{4}/.test(m.value))
        .map((m) => (/^\d{4}s$/.test(m.value) ? m : { ...m, value: m.value.slice(0, 4), label: m.value.slice(0, 4) }));
    }
    case 'number':
      return numberMentions(text, dateMentions(text, dates));
    case 'place':
      return placeMentions(text);
    case 'entity':
      return entityMentions(text);
  }
}

/** The value an excerpt gives for the question, tied to the asked event, or null. */
export function factIn(question: FactQuestion, text: string, dates: ArticleDates, idf: (term: string) => number): Bound | null {
  return pickMention(question, text, mentionsOf(question, text, dates), idf);
}

/** Where an article's passages come from: the loaded index (`PassageIndex.passagesOf`). */
export interface ArticlePassages {
  passagesOf(documentId: string): Promise<readonly ChunkRecord[]>;
}

/** Article dates, worked out once per article of a loaded index. */
const datesCache = new WeakMap<ArticlePassages, Map<string, ArticleDates>>();

/**
 * What an article's relative dates are counted from, from its date and its
 * whole text (stitched back from its passages by their offsets). The
 * passages are asked for only when the article has no full date.
 */
export async function datesOfArticle(articles: ArticlePassages, documentId: string, date: string | null): Promise<ArticleDates> {
  let cache = datesCache.get(articles);
  if (!cache) datesCache.set(articles, (cache = new Map()));
  const key = `${documentId}\u0000${date ?? ''}`;
  const known = cache.get(key);
  if (known) return known;
  // A dated article counts from its date: its text is not needed.
  if (date !== null && /^\d{4}-\d{2}-\d{2}/.test(date)) {
    const dates = articleDates(date, '');
    cache.set(key, dates);
    return dates;
  }
  const passages = await articles.passagesOf(documentId);
  // Only the article's sentences that can hold a date are read: chrono is the cost.
  const parts: string[] = [];
  let covered = 0;
  for (const c of passages) {
    for (const [start, end] of c.sentences.length > 0 ? c.sentences : [[c.start, c.end] as const]) {
      if (end <= covered) continue;
      covered = end;
      const sentence = c.text.slice(Math.max(start, c.start) - c.start, end - c.start);
      if (MAY_HOLD_DATE.test(sentence)) parts.push(sentence);
    }
  }
  const text = parts.join('\n');
  const dates = articleDates(date, text);
  cache.set(key, dates);
  return dates;
}
