import nlp from 'compromise';
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

/**
 * Every figure in `text` with its qualifier ("more than 10,000", "around
 * 11,000", "nearly 3,000", "four", "3.5 percent"): compromise reads the
 * numbers, words included; the qualifier rules are ours. Ordinals ("first"),
 * and figures inside `skip` spans (dates) are left out.
 */
export function numberMentions(text: string, skip: readonly { start: number; end: number }[] = []): Mention[] {
  let found: { text: string; number?: { num?: number; unit?: string }; offset?: { start: number; length: number } }[];
  try {
    found = nlp(text).numbers().isCardinal().json({ offset: true });
  } catch {
    return [];
  }
  const out: Mention[] = [];
  let consumedTo = -1;
  for (const n of found) {
    let value = n.number?.num;
    if (value === undefined || !Number.isFinite(value) || !n.offset) continue;
    let raw = n.text.replace(/[\s,.;:!?]+$/, '');
    const start = n.offset.start + (n.text.length - n.text.trimStart().length);
    let end = start + raw.trimStart().length;
    if (start < consumedTo || skip.some((s) => start < s.end && end > s.start)) continue;
    // compromise sometimes splits "12 million" in two after a comma: join them.
    const scale = /^\s+(thousand|million|billion|trillion)\b/i.exec(text.slice(end));
    if (scale && !/(?:thousand|million|billion|trillion)$/i.test(raw)) {
      value *= { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 }[scale[1]!.toLowerCase() as 'thousand'];
      raw = text.slice(start, end + scale[0].length);
      end += scale[0].length;
      consumedTo = end;
    }
    // A lone four-digit number from 1000 to 2099 after "in", "since" or a month is a year, not a count ("in 1851"; not "2000 guests").
    if (/^(?:1\d{3}|20\d{2})$/.test(raw.trim()) && (YEAR_BEFORE.test(text.slice(Math.max(0, start - 25), start)) || !/^\s+\p{L}/u.test(text.slice(end)))) continue;
    const before = text.slice(Math.max(0, start - 30), start);
    const qualified = QUALIFIERS.find(([, pattern]) => pattern.test(before));
    const qualifier = qualified ? qualified[0] : null;
    const qualifierText = qualified ? (qualified[1].exec(before)?.[0].trim() ?? '') : '';
    const unit = n.number?.unit && /^(?:percent|%)$/.test(n.number.unit) ? ' percent' : '';
    const label = `${qualifierText ? `${qualifierText} ` : ''}${raw.trim()}${unit && !/percent|%/.test(raw) ? unit : ''}`;
    const quoteStart = start - (qualifierText ? before.length - before.lastIndexOf(qualifierText) : 0);
    // Digits beyond double precision are kept as written rather than rounded into another number.
    const digits = raw.trim().replace(/,/g, '');
    // "30 to 50 thousand", "7 to 10 percent", "100–150 species": one range, read from its first figure.
    const previous = out[out.length - 1];
    if (previous && previous.qualifier === null && /^\s*(?:to|-|–|and)\s*$/.test(text.slice(previous.end, start)) && start - previous.end <= 5) {
      let low = Number(previous.value);
      if (scale || /(?:thousand|million|billion)$/i.test(raw)) {
        const factor = /thousand/i.test(raw) ? 1e3 : /million/i.test(raw) ? 1e6 : /billion/i.test(raw) ? 1e9 : 1;
        if (low * factor <= value) low *= factor;
      }
      if (low < value) {
        out[out.length - 1] = { ...previous, value: numberValue(low), upper: numberValue(value), qualifier: 'between', label: text.slice(previous.start, end).trim(), quote: text.slice(previous.start, end).trim(), end };
        continue;
      }
    }
    out.push({
      kind: 'number',
      value: /^\d{16,}$/.test(digits) ? digits.replace(/^0+(?=\d)/, '') : numberValue(value),
      label,
      qualifier,
      quote: text.slice(quoteStart, end).trim(),
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
