import * as chrono from 'chrono-node';

/** What chrono states about one date expression: its text, where it starts, and the components it is certain of. */
export interface DateReading {
  text: string;
  index: number;
  year: number | null;
  month: number | null;
  day: number | null;
  weekday: number | null;
}

/**
 * The date readings chrono's casual English parser gives `text` counted from
 * `instant` (at UTC), read without most of chrono when the text is simple
 * enough to be sure of them, else null (ask chrono). Simple: its only dates
 * are weekday names ("on Friday", "Tuesday,") and "today", "yesterday",
 * "tomorrow", "now", each far enough from the next that none of chrono's
 * refiners joins them and none followed by what chrono reads as a time zone;
 * its figures ("11,000 troops", "in 2024") are ones chrono's time parser
 * reads as bare hours, which chrono's own filter then removes; and no other
 * parser of chrono's matches it at all.
 *
 * Whether another parser could match is decided by that parser's own
 * pattern (taken from chrono at load, so an upgrade that changes one is
 * followed), after a cheaper test of a word the pattern needs. chrono costs
 * ~0.1-0.4 ms a sentence inside an answer (all its parsers and refiners, for
 * every sentence excerpt choice reads); this reading is a few microseconds.
 * `bench/check-simple-dates.ts` compares it with chrono on every sentence of
 * the sample articles, the XQuAD paragraphs and the news dataset.
 */
export function simpleDateReadings(text: string, instant: Date): DateReading[] | null {
  if (!PATTERNS) return null;
  for (const [needs, pattern] of PATTERNS.others) if (needs.test(text) && pattern.test(text)) return null;
  // `dropped`: a reading chrono's filters remove at the end, after its refiners have seen it.
  const found: (DateReading & { casual?: string; dropped?: boolean; figure?: boolean })[] = [];
  if (/\d/.test(text)) {
    // Figures ("11,000 troops", "in 2024") that no date pattern takes: chrono's time parser reads bare numbers as hours
    // ("11"), which its UnlikelyFormatFilter then removes; what it would keep ("at 10", "10:30", "10 a.m.", "10 to 12")
    // is left to chrono.
    for (const pattern of PATTERNS.withDigits) if (pattern.test(text)) return null;
    if (KEPT_TIME.test(text)) return null;
  }
  if (MONTH_PREFIX.test(text)) {
    // Month-day dates ("Dec. 26", "December 26, 2024"), as chrono's middle-endian parser reads them; ranges, ordinal
    // words, two-digit years and days a year may not have are left to chrono.
    for (const m of matches(PATTERNS.middleEndian, text)) {
      const [, header = '', monthWord = '', dayWord = '', to, yearWord] = m;
      const month = MONTHS[monthWord.toLowerCase()];
      if (month === undefined || to !== undefined || !/^\d{1,2}(?:st|nd|rd|th)?$/i.test(dayWord)) return null;
      if (yearWord !== undefined && !/^[1-9]\d{3}$/.test(yearWord)) return null;
      const day = Number.parseInt(dayWord, 10);
      if (day < 1 || day > (month === 2 ? 28 : [4, 6, 9, 11].includes(month) ? 30 : 31)) return null;
      const year = yearWord === undefined ? null : Number(yearWord);
      found.push({ text: m[0].slice(header.length), index: m.index + header.length, year, month, day, weekday: null });
    }
    // Other month-name readings: one inside a month-day date is removed by chrono's OverlapRemovalRefiner ("Dec. 26"
    // also read as December 2026); a bare "may" (the verb, or a name) by its own filter, unless it follows "in".
    for (const m of matches(PATTERNS.monthName, text)) {
      const header = m[1] ?? '';
      const word = m[0].slice(header.length);
      const at = m.index + header.length;
      if (inDate(found, at, at + word.length)) continue;
      if (word.toLowerCase() !== 'may' || /\bin$/i.test(text.slice(0, at).trim()) || text.trim().toLowerCase() === 'may') return null;
      found.push({ text: word, index: at, year: null, month: 5, day: null, weekday: null, dropped: true });
    }
  }
  // Every figure ("10,000" as a whole: no refiner acts at a comma between digits) may be read as an hour that
  // chrono's refiners see before its filter drops it.
  for (const m of text.matchAll(/\d+(?:[.,]\d+)*/g)) {
    if (inDate(found, m.index, m.index + m[0].length)) continue;
    // Only two digits up to 24, or a decimal ("10.30"), make an hour: chrono's time parser drops one digit, three and four.
    if (!m[0].includes('.') && !m[0].split(',').some((part) => /^\d{2}$/.test(part) && Number(part) <= 24)) continue;
    // chrono's ExtractTimezoneOffsetRefiner and ExtractTimezoneAbbrRefiner would extend it past the filter ("10 +02", "10 EST").
    const after = text.slice(m.index + m[0].length);
    if (TIME_ZONE_OFFSET.test(after) || TIME_ZONE.test(after)) return null;
    found.push({ text: m[0], index: m.index, year: null, month: null, day: null, weekday: null, dropped: true, figure: true });
  }
  if (WEEKDAY_WORD.test(text)) {
    for (const m of matches(PATTERNS.weekday, text)) {
      const header = m[1] ?? '';
      // "last Friday", "Friday of next week", "weekend": counted from the reference by chrono; left to it.
      if (m[2] !== undefined || m[4] !== undefined) return null;
      const weekday = WEEKDAYS[m[3]!.toLowerCase()];
      if (weekday === undefined) return null;
      found.push({ text: m[0].slice(header.length), index: m.index + header.length, year: null, month: null, day: null, weekday });
    }
  }
  let context: chrono.ParsingContext | null = null;
  for (const [needs, own, parser] of PATTERNS.byChrono) {
    if (!needs.test(text) || !own.test(text)) continue;
    context ??= new chrono.ParsingContext(text, { instant, timezone: 0 }, { forwardDate: false });
    for (const r of (chrono.Chrono as unknown as ChronoInternals).executeParser(context, parser)) {
      const known = (k: chrono.Component) => (r.start.isCertain(k) ? (r.start.get(k) ?? null) : null);
      // A time of day ("night") is not only a date: chrono reads any time-zone abbreviation after it, whatever its case.
      const timeOfDay = ['hour', 'minute', 'second'].some((k) => r.start.isCertain(k as chrono.Component));
      found.push({ text: r.text, index: r.index, year: known('year'), month: known('month'), day: known('day'), weekday: known('weekday'), ...(timeOfDay ? { casual: 'now' } : {}) });
    }
  }
  if (CASUAL_WORD.test(text)) {
    for (const m of matches(PATTERNS.casualDate, text)) {
      const header = m[1] ?? '';
      const word = m[0].slice(header.length);
      const shift = CASUAL_DAYS[word.toLowerCase()];
      if (shift === undefined) return null;
      const day = new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate() + shift));
      found.push({ text: word, index: m.index + header.length, year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate(), weekday: null, casual: word.toLowerCase() });
    }
  }
  found.sort((a, b) => a.index - b.index);
  for (const [i, r] of found.entries()) {
    const end = r.index + r.text.length;
    const next = found[i + 1];
    // Two readings a few characters apart (blank space aside) may be joined by chrono ("Monday to Friday", "Friday, today").
    // (Two hours are never joined before the filter drops them.)
    if (next && !(r.figure && next.figure) && text.slice(end, next.index).replace(/\s+/g, '').length <= 12) return null;
    const zone = TIME_ZONE.exec(text.slice(end));
    // chrono reads a capitalised 2-4 letter word after a date as a time zone ("Friday EST"), and any after "now" or a time of day.
    if (zone && (r.casual === 'now' || zone[1] === zone[1]!.toUpperCase())) return null;
    // chrono's ENExtractYearSuffixRefiner gives a date without a year the figure after it.
    if (r.month !== null && r.year === null && !r.dropped && /^\s*\d/.test(text.slice(end))) return null;
    // chrono's ENEndOfPeriodRefiner takes "the end of" into the reading ("the end of May" survives the filter on a bare "may").
    if (END_OF.test(text.slice(0, r.index))) return null;
  }
  return found.filter((r) => !r.dropped).map(({ casual: _, dropped: __, figure: ___, ...reading }) => reading);
}

/** chrono's own way of running one parser over a text (private in its types). */
interface ChronoInternals {
  executeParser(context: chrono.ParsingContext, parser: unknown): chrono.ParsedResult[];
}

/** Whether [start, end) lies inside a month-day date already read: chrono keeps only the longer of overlapping readings, the earlier on a tie. */
const inDate = (found: readonly (DateReading & { dropped?: boolean })[], start: number, end: number) =>
  found.some((d) => d.day !== null && d.month !== null && !d.dropped && start >= d.index && end <= d.index + d.text.length);

/** Every match of a chrono parser's pattern in `text`, found the way chrono walks a text (after each match, then on from there). */
function* matches(pattern: RegExp, text: string): Generator<RegExpExecArray> {
  let from = 0;
  for (;;) {
    const m = pattern.exec(text.slice(from));
    if (!m) return;
    m.index += from;
    yield m;
    from = m.index + Math.max(1, m[0].length);
  }
}

const MONTH_PREFIX = /jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec/i;
const WEEKDAY_WORD = /sun|mon|tue|wed|thu|fri|sat|weekend|weekday/i;
const CASUAL_WORD = /now|today|tonight|tomorrow|overmorrow|tmr|yesterday|night/i;
/** chrono's ENEndOfPeriodRefiner prefix. */
const END_OF = /\b(?:last\s+day|end)\s+of\s+(?:the\s+)?$/i;
/**
 * Where chrono's time parser (ENTimeExpressionParser) reads more than a bare number: "at"/"from" before it, minutes
 * after a colon, a.m./p.m., "o'clock", "at night", "in the morning", or a range to another number.
 */
const KEPT_TIME =
  /(?:at|from)\s*\d|\d(?:[.:：]\d{1,2})?[:：]\d|\d\s*(?:a\.m\.|p\.m\.|am?|pm?)(?:\W|$|\s*o\W*clock|\s*at\s*night|\s*in\s*the)|\d\s*(?:o\W*clock|at\s*night|in\s*the\s*(?:morning|afternoon))|\d\s*(?:-|–|~|〜|to|until|through|till|\?)\s*\d/i;
/** chrono's ExtractTimezoneOffsetRefiner pattern. */
const TIME_ZONE_OFFSET = /^\s*(?:\(?(?:GMT|UTC)\s?)?([+-])(\d{1,2})(?::?(\d{2}))?\)?/i;
/** chrono's ExtractTimezoneAbbrRefiner pattern. */
const TIME_ZONE = /^\s*,?\s*\(?([A-Z]{2,4})\)?(?=\W|$)/i;

/** chrono's weekday words (WEEKDAY_DICTIONARY); "weekend" and "weekday" are left to chrono. */
const WEEKDAYS: Record<string, number> = {
  sunday: 0, sun: 0, 'sun.': 0, monday: 1, mon: 1, 'mon.': 1, tuesday: 2, tue: 2, 'tue.': 2, wednesday: 3, wed: 3, 'wed.': 3,
  thursday: 4, thurs: 4, 'thurs.': 4, thur: 4, 'thur.': 4, thu: 4, 'thu.': 4, friday: 5, fri: 5, 'fri.': 5, saturday: 6, sat: 6, 'sat.': 6,
};
/** chrono's casual days read here, as days from the reference; "tonight", "last night", "overmorrow", "tmr" are left to chrono. */
const CASUAL_DAYS: Record<string, number> = { today: 0, now: 0, yesterday: -1, tomorrow: 1 };

/**
 * For each of chrono's parsers that a simple text must not match: a word its
 * pattern cannot match without (a cheap first test), and the pattern.
 * Parsers that need a digit are not listed: a text with a digit goes to chrono.
 */
const NEEDS: Record<string, RegExp> = {
  ENTimeUnitWithinFormatParser: /in|for/i,
  ENMonthNameLittleEndianParser: MONTH_PREFIX,
  ENTimeUnitAgoFormatParser: /ago|before|earlier/i,
  ENTimeUnitLaterFormatParser: /later|after|from now|henceforth|forward|out/i,
  ENEndOfCurrentMonthParser: /month/i,
  ENTimeUnitCasualRelativeFormatParser: /this|last|past|next|after|\+|-/i,
};
/**
 * Parsers whose readings are taken from chrono's own parser run alone (no other parser, no refiner), with a word
 * their pattern needs: "this year", "last week" (relative dates), "night", "this morning" (times of day).
 */
const BY_CHRONO: Record<string, RegExp> = {
  ENRelativeDateFormatParser: /this|last|past|next|after/i,
  ENCasualTimeParser: /morning|afternoon|evening|night|midday|noon/i,
};
/** Parsers that need a digit: a text with one must match none of them, bar the time parser, which is run alone. */
const WITH_DIGITS = ['ENYearMonthDayParser', 'ISOFormatParser', 'SlashDateFormatParser', 'ENSlashMonthFormatParser', 'ENYearMonthNameParser'];
const READ_HERE = ['ENWeekdayParser', 'ENCasualDateParser', 'ENMonthNameParser', 'ENTimeExpressionParser', 'ENMonthNameMiddleEndianParser', ...Object.keys(BY_CHRONO)];
/** chrono's month words (MONTH_DICTIONARY). */
const MONTHS: Record<string, number> = Object.fromEntries(
  ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'].flatMap((name, i) => {
    const short = name.slice(0, 3);
    return [[name, i + 1], [short, i + 1], [`${short}.`, i + 1], ...(i === 8 ? [['sept', 9], ['sept.', 9]] : [])];
  }),
);

/** chrono's patterns, or null (always ask chrono) when its casual parsers are not the ones this reading was written against. */
const PATTERNS = (() => {
  const parsers = (chrono.casual as unknown as { parsers: { constructor: { name: string }; pattern(context: unknown): RegExp }[] }).parsers;
  const names = parsers.map((p) => p.constructor.name);
  const known = [...Object.keys(NEEDS), ...WITH_DIGITS, ...READ_HERE];
  if (names.length !== known.length || !known.every((n) => names.includes(n))) return null;
  const context = { option: { forwardDate: false } };
  const pattern = (name: string) => parsers.find((p) => p.constructor.name === name)!.pattern(context);
  const weekday = pattern('ENWeekdayParser');
  // Read as written only when it does not skip two-digit days as years (chrono's little-endian configuration does).
  if ((parsers.find((p) => p.constructor.name === 'ENMonthNameMiddleEndianParser') as unknown as { shouldSkipYearLikeDate?: boolean }).shouldSkipYearLikeDate) return null;
  if (new RegExp(`${pattern('ENMonthNameMiddleEndianParser').source}|`).exec('')!.length !== 6) return null;
  // The groups read above: left boundary, modifier before, weekday word, modifier after.
  if (new RegExp(`${weekday.source}|`).exec('')!.length !== 5) return null;
  return {
    others: Object.entries(NEEDS).map(([name, needs]) => [needs, pattern(name)] as const),
    withDigits: WITH_DIGITS.map(pattern),
    weekday,
    casualDate: pattern('ENCasualDateParser'),
    monthName: pattern('ENMonthNameParser'),
    middleEndian: pattern('ENMonthNameMiddleEndianParser'),
    byChrono: Object.entries(BY_CHRONO).map(([name, needs]) => [needs, pattern(name), parsers.find((p) => p.constructor.name === name)!] as const),
  };
})();

/** Whether `simpleDateReadings` can answer at all (chrono's parsers are the expected ones): tests check it. */
export const simpleReadingsEnabled = PATTERNS !== null;
