import type { Mention, Qualifier } from './types.ts';

/** The words before a figure that say how exact it is, in the order they are tried (longest phrases first). */
const QUALIFIERS: readonly [Exclude<Qualifier, null>, RegExp][] = [
  ['at least', /\b(?:at least|no fewer than|no less than|a minimum of)\s*$/i],
  ['at most', /\b(?:up to|at most|no more than|as many as|a maximum of)\s*$/i],
  ['fewer than', /\b(?:fewer than|less than|under|below)\s*$/i],
  ['more than', /\b(?:more than|over|upwards of|in excess of|exceeding|above)\s*$/i],
  ['nearly', /\b(?:nearly|almost|close to|just under|just shy of|approaching)\s*$/i],
  ['about', /\b(?:around|about|approximately|roughly|some|an estimated|estimated|circa|possibly|approx\.)\s*$/i],
];

const YEAR_BEFORE = /\b(?:in|since|by|from|of|until|till|to|after|before|during|year|circa|c\.|jan\w*|feb\w*|mar\w*|apr\w*|may|june?|july?|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*)\.?\s+$/i;

/** "4" and "4.0" are the same number; "11,000" is "11000". */
export const numberValue = (n: number) => String(Math.round(n * 1e6) / 1e6);

const UNITS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90, dozen: 12,
};
const SCALES: Record<string, number> = { hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };
const WORD = `(?:${Object.keys(UNITS).join('|')})(?:-(?:${Object.keys(UNITS).join('|')}))?`;
const SCALE = `(?:${Object.keys(SCALES).join('|')})`;
/**
 * A figure: digits with thousands separators or decimals ("11,000", "3.5"),
 * or number words ("four", "twenty-five", "three hundred"), either followed
 * by scale words ("12 million", "ten thousand") and "percent"/"%".
 */
const FIGURE = new RegExp(
  `(?<![\\p{L}\\p{N}.,^]|\\d:)(?:(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)|(${WORD}(?:\\s+(?:and\\s+)?${WORD})*))((?:\\s+${SCALE})*)(\\s*(?:%|percent\\b|per cent\\b))?(?![\\p{L}\\p{N}^]|[.,:]\\d)`,
  'giu',
);

/** The value of spelled-out words: "twenty-five" 25, "three hundred" 300, "one" 1. */
function wordsValue(words: string): number {
  let total = 0;
  for (const part of words.toLowerCase().split(/[\s-]+/)) if (part !== 'and') total += UNITS[part] ?? 0;
  return total;
}

/**
 * Every figure in `text` with its qualifier ("more than 10,000", "around
 * 11,000", "nearly 3,000", "four", "3.5 percent", "12 million"), and ranges
 * ("30 to 50 thousand", "7 to 10 percent"). Ordinals ("first") are not
 * figures; years ("in 1851") and figures inside `skip` spans (dates) are
 * left out. Read by a regular expression rather than a tagger: compromise
 * took 6-11 ms a sentence here, and excerpt choice reads hundreds of
 * sentences for one "how many" question (0.5 s instead of ~20 ms).
 */
export function numberMentions(text: string, skip: readonly { start: number; end: number }[] = []): Mention[] {
  const out: Mention[] = [];
  for (const m of text.matchAll(FIGURE)) {
    const start = m.index;
    let raw = m[0].replace(/\s+$/, '');
    const end = start + raw.length;
    if (skip.some((s) => start < s.end && end > s.start)) continue;
    let value = m[1] !== undefined ? Number(m[1].replace(/,/g, '')) : wordsValue(m[2]!);
    for (const scale of (m[3] ?? '').toLowerCase().match(/[a-z]+/g) ?? []) value *= SCALES[scale]!;
    if (!Number.isFinite(value)) continue;
    // "a dozen" aside, a lone word "one" is more often a pronoun ("one of the soldiers") than a count.
    if (m[2] !== undefined && /^one$/i.test(m[2]) && !m[3] && /^\s+of\b/i.test(text.slice(end))) continue;
    // A lone four-digit number from 1000 to 2099 after "in", "since" or a month is a year, not a count ("in 1851"; not "2000 guests").
    if (m[1] !== undefined && /^(?:1\d{3}|20\d{2})$/.test(m[1]) && !m[3] && !m[4] && (YEAR_BEFORE.test(text.slice(Math.max(0, start - 25), start)) || !/^\s+\p{L}/u.test(text.slice(end)))) continue;
    const before = text.slice(Math.max(0, start - 30), start);
    const qualified = QUALIFIERS.find(([, pattern]) => pattern.test(before));
    const qualifier = qualified ? qualified[0] : null;
    const qualifierText = qualified ? (qualified[1].exec(before)?.[0].trim() ?? '') : '';
    // "30 to 50 thousand", "7 to 10 percent", "100–150 species": one range, read from its first figure.
    const previous = out[out.length - 1];
    const joiner = text.slice(previous?.end ?? 0, start);
    const between = /\bbetween\s+$/i.test(text.slice(Math.max(0, (previous?.start ?? 0) - 12), previous?.start ?? 0));
    if (previous && previous.qualifier === null && (/^\s*(?:to|-|–)\s*$/.test(joiner) || (between && /^\s+and\s+$/.test(joiner))) && start - previous.end <= 5) {
      let low = Number(previous.value);
      const factor = value / (m[1] !== undefined ? Number(m[1].replace(/,/g, '')) : wordsValue(m[2]!) || 1);
      if (factor > 1 && low * factor <= value) low *= factor;
      if (low < value) {
        raw = text.slice(previous.start, end);
        out[out.length - 1] = { ...previous, value: numberValue(low), upper: numberValue(value), qualifier: 'between', label: raw, quote: raw, end };
        continue;
      }
    }
    // Digits beyond double precision are kept as written rather than rounded into another number.
    const digits = (m[1] ?? '').replace(/,/g, '');
    const quoteStart = start - (qualifierText ? before.length - before.lastIndexOf(qualifierText) : 0);
    out.push({
      kind: 'number',
      value: /^\d{16,}$/.test(digits) && !m[3] ? digits.replace(/^0+(?=\d)/, '') : numberValue(value),
      label: `${qualifierText ? `${qualifierText} ` : ''}${raw.replace(/\s+/g, ' ')}`,
      qualifier,
      quote: text.slice(quoteStart, end).replace(/\s+/g, ' ').trim(),
      resolvedFrom: null,
      start: quoteStart,
      end,
    });
  }
  return out;
}

/** The range of values a qualified figure allows: "more than 10,000" is [10,000, ∞), "nearly 3,000" is [2,700, 3,000]. */
export function numberRange(value: number, qualifier: Qualifier, upper?: number): [number, number] {
  switch (qualifier) {
    case 'more than':
    case 'at least':
      return [value, Infinity];
    case 'nearly':
      return [value * 0.9, value];
    case 'fewer than':
    case 'at most':
      return [0, value];
    case 'between':
      return [value, upper ?? value];
    default:
      return [value, value];
  }
}
