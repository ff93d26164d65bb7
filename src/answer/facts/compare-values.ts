import { parseDateValue } from './calendar.ts';
import { numberRange } from './number-mentions.ts';
import type { FactKind, Qualifier } from './types.ts';
import { analyze } from '../../search/analyze-text.ts';
import { withSynonyms } from './fact-question.ts';

export interface Comparable {
  value: string;
  qualifier: Qualifier;
  upper?: string;
}

/**
 * Whether two dates can both be true: the same day ("--12-27" agrees with
 * "2024-12-27": a day without its year), or one containing the other (a
 * month, a year). A bare weekday contradicts nothing.
 */
function datesAgree(a: string, b: string): boolean {
  const x = parseDateValue(a);
  const y = parseDateValue(b);
  if (!x || !y) return true;
  if (x.year !== null && y.year !== null && x.year !== y.year) return false;
  if (x.month !== null && y.month !== null && x.month !== y.month) return false;
  if (x.day !== null && y.day !== null && x.day !== y.day) return false;
  return true;
}

/**
 * Whether two figures can both be true. "more than 10,000" allows any value
 * from 10,000 up, "nearly 3,000" values from 2,700 to 3,000; two point
 * figures, approximate or not, agree only when equal: "around 11,000" and
 * "approximately 12,000" are different estimates.
 */
function numbersAgree(a: Comparable, b: Comparable): boolean {
  const [a0, a1] = numberRange(Number(a.value), a.qualifier, a.upper === undefined ? undefined : Number(a.upper));
  const [b0, b1] = numberRange(Number(b.value), b.qualifier, b.upper === undefined ? undefined : Number(b.upper));
  return a0 <= b1 && b0 <= a1;
}

/** Whether `short` is the acronym of `long`: "NIS" of "National Intelligence Service". */
export function isAcronymOf(short: string, long: string): boolean {
  const initials = (long.match(/\p{Lu}[\p{L}'’-]*/gu) ?? []).map((w) => w[0]).join('');
  return /^\p{Lu}{2,6}$/u.test(short) && initials === short;
}

/** Two names agree when one's words (synonyms included) are all in the other's: "Ukrainian forces" and "Ukrainian Special Operations Forces". */
function namesAgree(a: string, b: string): boolean {
  if (isAcronymOf(a, b) || isAcronymOf(b, a)) return true;
  const x = analyze(a);
  const y = analyze(b);
  if (x.length === 0 || y.length === 0) return a.toLowerCase() === b.toLowerCase();
  const contained = (small: string[], large: string[]) => {
    const pool = withSynonyms(large);
    return small.every((t) => pool.has(t));
  };
  return contained(x, y) || contained(y, x);
}

/** Whether two values of one kind can both be true. */
export function valuesAgree(kind: FactKind, a: Comparable, b: Comparable): boolean {
  if (kind === 'date') return datesAgree(a.value, b.value);
  if (kind === 'number') return numbersAgree(a, b);
  return namesAgree(a.value, b.value);
}

/** The same claim: equal values with the same qualifier (dates: the same day, with or without the year). */
export function sameValue(kind: FactKind, a: Comparable, b: Comparable): boolean {
  if (kind === 'date') {
    const x = parseDateValue(a.value);
    const y = parseDateValue(b.value);
    if (!x || !y) return a.value === b.value;
    return x.month === y.month && x.day === y.day && (x.year === y.year || x.year === null || y.year === null) && (x.day !== null || x.year === y.year);
  }
  if (kind === 'number') return a.value === b.value && a.qualifier === b.qualifier && a.upper === b.upper;
  // "NIS" and "National Intelligence Service" are one claim.
  return a.value.toLowerCase() === b.value.toLowerCase() || isAcronymOf(a.value, b.value) || isAcronymOf(b.value, a.value);
}
