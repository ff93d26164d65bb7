import * as chrono from 'chrono-node';
import { analyze } from '../../search/analyze-text.ts';
import { displayDate, MONTHS } from '../display-date.ts';
import { addDays, dayLabel, dayValue, inferYear, isRealDay, parseDateValue, WEEKDAYS, type Day } from './calendar.ts';
import type { Mention } from './types.ts';

type FullDay = Day & { year: number };

/** What relative dates in one article are counted from. */
export interface ArticleDates {
  /** The article's date (front matter), else the first full date in its text. */
  reference: { day: FullDay; quote: string } | null;
  /** In an article without a year: a weekday tied to a day ("captured on Thursday" is "captured alive on Dec. 26"). */
  anchor: { weekday: number; day: Day; quote: string } | null;
}

/** A date expression chrono found, with what the text itself states. */
interface Raw {
  text: string;
  index: number;
  year: number | null;
  month: number | null;
  day: number | null;
  weekday: number | null;
  /** Counted from the reference instant by chrono ("yesterday", "three days later", "last year"). */
  relative: boolean;
}

/** A fixed instant for chrono when the article gives none: only stated values are used then. */
const NO_REFERENCE = new Date(Date.UTC(2001, 0, 1, 12));
const RELATIVE_WORDS = /\b(?:ago|later|after|afterwards|before|earlier|yesterday|today|tonight|tomorrow|last|this|next|past)\b/i;
const COUNT_WORDS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12 };

/**
 * What a text must hold for chrono to read a date in it: a month or weekday
 * name, a year, a numeric or ordinal day, or a relative word ("three days
 * later", "last week", "yesterday", "this morning"). chrono takes about a
 * tenth of a millisecond a sentence; most sentences hold none of these.
 */
export const MAY_HOLD_DATE =
  /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?![a-z])|\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?(?![a-z])|\d{4}|\b\d{1,2}[/.-]\d{1,2}\b|\b\d{1,2}(?:st|nd|rd|th)\b|\b(?:today|yesterday|tomorrow|tonight|ago|later|earlier|days?|weeks?|weekends?|months?|years?|decades?|centur(?:y|ies)|morning|afternoon|evening|night|noon|midnight|hours?)\b/i;

function parseRaw(text: string, instant: Date): Raw[] {
  if (!MAY_HOLD_DATE.test(text)) return [];
  let results: chrono.ParsedResult[];
  try {
    results = chrono.parse(text, { instant, timezone: 0 }, { forwardDate: false });
  } catch {
    return [];
  }
  const out: Raw[] = [];
  for (const r of results) {
    const known = (k: chrono.Component) => (r.start.isCertain(k) ? (r.start.get(k) ?? null) : null);
    const raw: Raw = {
      text: r.text.replace(/[\s,.]+$/, ''),
      index: r.index,
      year: known('year'),
      month: known('month'),
      day: known('day'),
      weekday: known('weekday'),
      relative: false,
    };
    // A year chrono did not read as four digits is either counted from the
    // reference ("last year", "three days later") or a misread ("Dec. 32"
    // taken as December 2032): never a stated year.
    if (raw.year !== null && !raw.text.includes(String(raw.year))) {
      if (!RELATIVE_WORDS.test(raw.text)) continue;
      raw.relative = true;
    }
    if (raw.month !== null && raw.day !== null && !isRealDay(raw.relative ? null : raw.year, raw.month, raw.day)) continue;
    out.push(raw);
  }
  return out;
}

/** The words of the clause just before position `index`: the event a date belongs to ("captured alive on"). */
function leadIn(text: string, index: number, words = 3): string {
  const before = text.slice(Math.max(0, index - 80), index);
  const clause = before.split(/[,;:()\u2014\u2013]|\.\s/).pop() ?? '';
  return clause.trim().split(/\s+/).filter(Boolean).slice(-words).join(' ');
}

const withLeadIn = (text: string, raw: Raw) => `${leadIn(text, raw.index)} ${raw.text}`.trim();

/**
 * What a full date needs in its text: the year as written, four digits or a
 * number with an era ("800 AD"); chrono's other years ("Dec. 26, '24") are
 * not stated ones (see parseRaw).
 */
export const MAY_HOLD_YEAR = /\d{4}|\d\s*(?:AD|BCE?|CE|BE)\b/i;

function firstFullDate(raws: readonly Raw[]): ArticleDates['reference'] {
  const full = raws.find((r) => !r.relative && r.year !== null && r.month !== null && r.day !== null);
  if (!full) return null;
  return { day: { year: full.year!, month: full.month!, day: full.day! }, quote: `“${full.text}” in the article` };
}

/** The reference `articleDates` takes from an undated article's text (its first full date), without looking for a weekday anchor. */
export const articleReference = (text: string): ArticleDates['reference'] => firstFullDate(parseRaw(text, NO_REFERENCE));

/** Reads what an article's relative dates can be counted from: its own date, or a full date or weekday anchor in its text. */
export function articleDates(date: string | null, text: string): ArticleDates {
  const own = date ? /^(\d{4})-(\d{2})-(\d{2})/.exec(date) : null;
  if (own) {
    const day = { year: Number(own[1]), month: Number(own[2]), day: Number(own[3]) };
    return { reference: { day, quote: `the article's date, ${displayDate(date)}` }, anchor: null };
  }
  const raws = parseRaw(text, NO_REFERENCE);
  const reference = firstFullDate(raws);
  if (reference) return { reference, anchor: null };
  // No year anywhere: tie a weekday to a day when both date the same event ("captured").
  const days = raws.filter((r) => !r.relative && r.month !== null && r.day !== null);
  const weekdays = raws.filter((r) => r.weekday !== null && r.day === null);
  for (const w of weekdays) {
    const event = new Set(analyze(leadIn(text, w.index)));
    const match = days.find((d) => analyze(leadIn(text, d.index)).some((t) => event.has(t)));
    if (match) {
      return {
        reference: null,
        anchor: { weekday: w.weekday!, day: { year: null, month: match.month!, day: match.day! }, quote: withLeadIn(text, match) },
      };
    }
  }
  return { reference: null, anchor: null };
}

const mention = (raw: Raw, value: string, label: string, resolvedFrom: string | null): Mention => ({
  kind: 'date',
  value,
  label,
  qualifier: null,
  quote: raw.text,
  resolvedFrom,
  start: raw.index,
  end: raw.index + raw.text.length,
});

const dayMention = (raw: Raw, day: Day, resolvedFrom: string | null) => mention(raw, dayValue(day), dayLabel(day), resolvedFrom);

/**
 * Every date stated in `text` (a cited excerpt) that can be pinned down from
 * the text and its article: full dates as they are; "Dec. 26" with the
 * article's year (or as `--12-26` when it has none); "on Friday" counted
 * back from the article's date or from a weekday anchor; "three days
 * later" counted from the date before it in the same sentence; "earlier
 * this month" as the article's month. What cannot be pinned to a day is
 * kept at the precision known (a month, with or without its year, a year,
 * a weekday) or dropped;
 * nothing is guessed.
 */
export function dateMentions(text: string, dates: ArticleDates): Mention[] {
  const ref = dates.reference;
  const instant = ref ? new Date(Date.UTC(ref.day.year, ref.day.month - 1, ref.day.day, 12)) : NO_REFERENCE;
  const out: Mention[] = [];
  const covered: [number, number][] = [];
  for (const raw of parseRaw(text, instant)) {
    covered.push([raw.index, raw.index + raw.text.length]);
    const later = /^(?:(\d+|[a-z]+) )?(day|week)s? (?:later|after|afterwards)$/i.exec(raw.text);
    if (later) {
      // "Captured on December 26, succumbed three days later": counted from the date before it in the sentence, not the article's.
      const count = later[1] === undefined ? 1 : (COUNT_WORDS[later[1].toLowerCase()] ?? Number(later[1]));
      const sentenceStart = Math.max(text.lastIndexOf('. ', raw.index), -1) + 1;
      const previous = [...out].reverse().find((m) => m.start >= sentenceStart && parseDateValue(m.value)?.day != null);
      if (!previous || !Number.isFinite(count)) continue;
      const { year, month, day } = parseDateValue(previous.value)!;
      const base: Day = { year, month: month!, day: day! };
      const days = count * (later[2]!.toLowerCase() === 'week' ? 7 : 1);
      out.push(dayMention(raw, addDays(base, days), `${leadIn(text, previous.start)} ${previous.quote}`.trim()));
      continue;
    }
    if (raw.relative) {
      // "yesterday", "two days ago", "earlier this month", "last year": counted from the article's own date only.
      if (!ref) continue;
      if (raw.year !== null && raw.month !== null && raw.day !== null && /\b(?:ago|yesterday|today|tonight|tomorrow)\b/i.test(raw.text)) {
        out.push(dayMention(raw, { year: raw.year, month: raw.month, day: raw.day }, ref.quote));
      } else if (raw.year !== null && raw.month !== null && raw.day === null && /\bmonth\b/i.test(raw.text)) {
        out.push(mention(raw, `${raw.year}-${String(raw.month).padStart(2, '0')}`, `${MONTHS[raw.month - 1]} ${raw.year}`, ref.quote));
      } else if (raw.year !== null && raw.month === null && /\byear\b/i.test(raw.text)) {
        out.push(mention(raw, String(raw.year), String(raw.year), ref.quote));
      }
      continue;
    }
    if (raw.month !== null && raw.day !== null) {
      if (raw.year !== null) out.push(dayMention(raw, { year: raw.year, month: raw.month, day: raw.day }, null));
      else if (ref) out.push(dayMention(raw, { year: inferYear(raw.month, raw.day, ref.day), month: raw.month, day: raw.day }, null));
      else out.push(dayMention(raw, { year: null, month: raw.month, day: raw.day }, null));
    } else if (raw.month !== null) {
      const year = raw.year ?? (ref ? inferYear(raw.month, 1, ref.day) : null);
      if (year !== null) {
        out.push(mention(raw, `${year}-${String(raw.month).padStart(2, '0')}`, `${MONTHS[raw.month - 1]} ${year}`, raw.year === null ? ref!.quote : null));
      } else {
        // "this past June" in an article with no year anywhere: the month, without a year (ISO 8601's `--MM`).
        out.push(mention(raw, `--${String(raw.month).padStart(2, '0')}`, MONTHS[raw.month - 1]!, null));
      }
    } else if (raw.weekday !== null) {
      if (ref) {
        const refWeekday = new Date(Date.UTC(ref.day.year, ref.day.month - 1, ref.day.day)).getUTCDay();
        out.push(dayMention(raw, addDays(ref.day, -((refWeekday - raw.weekday + 7) % 7)), ref.quote));
      } else if (dates.anchor) {
        let offset = (raw.weekday - dates.anchor.weekday + 7) % 7;
        if (offset > 3) offset -= 7;
        const from = `${dates.anchor.quote} (a ${WEEKDAYS[dates.anchor.weekday]})`;
        out.push(dayMention(raw, addDays(dates.anchor.day, offset), from));
      } else {
        out.push(mention(raw, WEEKDAYS[raw.weekday]!, `a ${WEEKDAYS[raw.weekday]} (no date given)`, null));
      }
    } else if (raw.year !== null) {
      out.push(mention(raw, String(raw.year), String(raw.year), null));
    }
  }
  // Bare years ("first used in 1851"), which chrono leaves alone.
  for (const m of text.matchAll(/(?<![\d.,$£€-])\b(1[0-9]{3}|20[0-9]{2})\b(?![.,]?\d|s\b|%)/g)) {
    const at = m.index;
    if (covered.some(([s, e]) => at >= s && at < e)) continue;
    out.push({ kind: 'date', value: m[1]!, label: m[1]!, qualifier: null, quote: m[1]!, resolvedFrom: null, start: at, end: at + m[1]!.length });
  }
  // Decades ("in the 1950s") are a precision of their own.
  for (const m of text.matchAll(/\b((?:1[0-9]|20)[0-9]0)['’]?s\b/g)) {
    out.push({ kind: 'date', value: `${m[1]}s`, label: `the ${m[1]}s`, qualifier: null, quote: m[0], resolvedFrom: null, start: m.index, end: m.index + m[0].length });
  }
  return out.sort((a, b) => a.start - b.start);
}
