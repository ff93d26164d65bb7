import { BoundedCache } from '../../bounded-cache.ts';
import type { ChunkRecord } from '../../records/index.ts';
import { WEEKDAYS } from './calendar.ts';
import { articleDates, articleReference, dateMentions, MAY_HOLD_DATE, MAY_HOLD_YEAR, type ArticleDates } from './date-mentions.ts';
import type { FactQuestion } from './fact-question.ts';
import { entityMentions, placeMentions } from './name-mentions.ts';
import { numberMentions } from './number-mentions.ts';
import { wholeCounts } from './count-parts.ts';
import { boundMentions, COMPETING_VALUE, holdsMention, type Bound } from './pick-mention.ts';
import { valuesAgree } from './compare-values.ts';
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
    const variant = question.year ? 'y' : question.whole ? 'w' : '';
    return plainReadings.get(`${question.kind}${variant}\u0000${text}`, () => readMentions(question, text, dates));
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
    case 'number': {
      // Dates only take figures away (the day in "Dec. 26"): a text with no figure to take needs no date reading, and chrono is the cost.
      if (numberMentions(text).length === 0) return [];
      const found = numberMentions(text, dateMentions(text, dates));
      // "Killed or wounded", "casualties": a count given in parts is read as the whole it makes.
      return question.whole ? wholeCounts(text, found) : found;
    }
    case 'place':
      return placeMentions(text);
    case 'entity':
      return entityMentions(text);
  }
}

/** The value an excerpt gives for the question, tied to the asked event (the first of `claimsIn`), or null. */
export function factIn(question: FactQuestion, text: string, dates: ArticleDates, idf: (term: string) => number): Bound | null {
  return claimsIn(question, text, dates, idf)[0] ?? null;
}

/**
 * What an excerpt claims for the question: the value most closely tied to
 * the asked event (see `boundMentions`), and a second one when a later sentence of the excerpt sets a different value
 * against it ("…put the number killed or wounded at more than 3,000. The
 * estimate from South Korean military brass is much lower — 1,100…"): an
 * article that reports two estimates makes both claims. [] when none.
 */
export function claimsIn(question: FactQuestion, text: string, dates: ArticleDates, idf: (term: string) => number): Bound[] {
  const bounds = boundMentions(question, text, mentionsOf(question, text, dates), idf);
  const best = bounds[0];
  if (!best) return [];
  const second = bounds.find(
    (b) =>
      b.sentence.start > best.sentence.start &&
      !valuesAgree(question.kind, b.mention, best.mention) &&
      COMPETING_VALUE.test(text.slice(b.sentence.start, b.sentence.end)),
  );
  return second ? [best, second] : [best];
}

/**
 * Whether an excerpt gives a value for the question (`factIn` is not null),
 * without scoring every value in it; excerpt choice asks it of candidate
 * sentences. A month without its year ("for January", in an article with no
 * year) does not count: it is stated when a cited excerpt gives nothing
 * better, but it would make "planned for January" the sentence to quote
 * over "began on the morning of January 27, 1967" (two XQuAD questions).
 */
export function holdsFact(question: FactQuestion, text: string, dates: ArticleDates, idf: (term: string) => number): boolean {
  const mentions = mentionsOf(question, text, dates);
  return holdsMention(question, text, question.kind === 'date' ? mentions.filter((m) => !MONTH_ONLY.test(m.value)) : mentions, idf);
}

/** A month without its year: `--06`. */
const MONTH_ONLY = /^--\d{2}$/;

/** Where an article's passages come from: the loaded index (`PassageIndex.passagesOf`). */
export interface ArticlePassages {
  passagesOf(documentId: string): Promise<readonly ChunkRecord[]>;
}

/** Article dates, worked out once per article of a loaded index: the reference alone, and the reference with the weekday anchor. */
const datesCache = new WeakMap<ArticlePassages, Map<string, ArticleDates>>();

const NO_DATES: ArticleDates = { reference: null, anchor: null };

/**
 * Whether an excerpt read without its article names a weekday and no day
 * ("died on Friday"): the only reading an undated article's weekday anchor
 * changes (see `dateMentions`).
 */
export function hasBareWeekday(text: string): boolean {
  // The same reading, and cache entry, as a date question's excerpt read without its article (`mentionsOf`).
  return plainReadings.get(`date\u0000${text}`, () => dateMentions(text, NO_DATES)).some((m) => WEEKDAYS.includes(m.value));
}

/**
 * What an article's relative dates are counted from, from its date and its
 * whole text (stitched back from its passages by their offsets). The
 * passages are asked for only when the article has no full date. Without
 * `weekdayAnchor` (the excerpt names no bare weekday, so an anchor would
 * change nothing in it) only the sentences that can hold a full date are
 * read, a fraction of those that can hold any date: chrono is the cost.
 */
export async function datesOfArticle(articles: ArticlePassages, documentId: string, date: string | null, weekdayAnchor = true): Promise<ArticleDates> {
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
  // The reference alone, read before without finding one (a reference found is final: articleDates then looks no further).
  const referenceKey = `${key}\u0000reference`;
  const reference = cache.get(referenceKey);
  if (reference && !weekdayAnchor) return reference;
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
  if (!weekdayAnchor) {
    // With their neighbours: chrono reads across the line between two sentences ("2023\nMarch 17-18"), and the reference must not change.
    const years = parts.map((p) => MAY_HOLD_YEAR.test(p));
    const near = parts.filter((_, i) => years[i - 1] || years[i] || years[i + 1]);
    const dates = { reference: articleReference(near.join('\n')), anchor: null };
    cache.set(dates.reference ? key : referenceKey, dates);
    return dates;
  }
  const dates = articleDates(date, parts.join('\n'));
  cache.set(key, dates);
  return dates;
}
