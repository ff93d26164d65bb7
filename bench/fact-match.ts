import { dateMentions } from '../src/answer/facts/date-mentions.ts';
import { numberMentions } from '../src/answer/facts/number-mentions.ts';
import type { FactKind, FactValue } from '../src/answer/facts/types.ts';
import { normaliseAnswer } from './answer-match.ts';

/** The kind of XQuAD question the fact evaluation counts it under, or null (not a typed question). */
export function xquadFactKind(question: string): FactKind | null {
  const q = question.toLowerCase().trim();
  if (q.startsWith('when') || /\b(?:what|which) year\b/.test(q)) return 'date';
  if (/\bhow (?:many|much)\b/.test(q)) return 'number';
  if (q.startsWith('where')) return 'place';
  if (q.startsWith('who')) return 'entity';
  return null;
}

/** The typed subset the issue defines: "when...", "what/which year", "how many/much" (dates and numbers). */
export const isTypedSubset = (kind: FactKind | null) => kind === 'date' || kind === 'number';

const NO_DATES = { reference: null, anchor: null } as const;

/**
 * Whether a stated value matches a gold answer: equal after SQuAD
 * normalisation (label or value), or the same number, or the same date
 * (at the gold answer's precision: gold "1851" matches a stated June 1851).
 */
export function valueMatches(stated: FactValue, gold: string): boolean {
  const g = normaliseAnswer(gold);
  if (g === '') return false;
  if (normaliseAnswer(stated.label) === g || normaliseAnswer(stated.value) === g) return true;
  const goldNumbers = numberMentions(gold);
  if (goldNumbers.length === 1 && goldNumbers[0]!.value === stated.value) return true;
  const goldDates = dateMentions(gold, NO_DATES);
  if (goldDates.length === 1) {
    const gv = goldDates[0]!.value;
    if (gv === stated.value || stated.value.startsWith(gv) || (gv.startsWith('--') && stated.value.endsWith(gv.slice(1)))) return true;
  }
  return false;
}
