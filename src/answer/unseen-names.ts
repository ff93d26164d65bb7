import { analyze } from '../search/analyze-text.ts';
import { UNSEEN_TERM_WEIGHT } from '../search/keyword-index.ts';

/** A capitalised word, not the first of its sentence: "Luther", "Versailles", "UK" in "When did the UK…?". */
const NAME_WORD = /(?<![.!?]\s*|^\s*|[“"(]\s*)\b\p{Lu}[\p{L}\p{M}]*/gu;

/**
 * The terms of the names a question asks about (see {@link NAME_WORD}),
 * among `own`, the question's terms as its whole text analyses: a word cut
 * out of its context may stem otherwise.
 */
export function questionNameTerms(question: string, own: ReadonlySet<string> | ReadonlyMap<string, unknown> = new Set(analyze(question))): string[] {
  return [...question.matchAll(NAME_WORD)].flatMap(([word]) => analyze(word)).filter((term) => own.has(term));
}

/**
 * Whether the question names someone or something that no passage mentions
 * at all ("When did Luther broaden his attacks…?" asked of war reports): the
 * articles cannot be about it, however many of its other words they share.
 * `weights` are the question's terms weighed by the passage index, which
 * gives exactly `UNSEEN_TERM_WEIGHT` to a term no passage holds.
 */
export function namesUnseenTerm(question: string, weights: ReadonlyMap<string, number>): boolean {
  return questionNameTerms(question, weights).some((term) => weights.get(term) === UNSEEN_TERM_WEIGHT);
}
