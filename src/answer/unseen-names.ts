import { analyze } from '../search/analyze-text.ts';
import { UNSEEN_TERM_WEIGHT } from '../search/keyword-index.ts';

/** A capitalised word, not the first of its sentence: "Luther", "Versailles", "UK" in "When did the UK…?". */
const NAME_WORD = /(?<![.!?]\s*|^\s*|[“"(]\s*)\b\p{Lu}[\p{L}\p{M}]*/gu;

/** The terms of the names a question asks about (see {@link NAME_WORD}). */
export function questionNameTerms(question: string): string[] {
  // Only terms the question's own analysis gives: a word cut out of its context may stem otherwise.
  const own = new Set(analyze(question));
  return [...question.matchAll(NAME_WORD)].flatMap(([word]) => analyze(word)).filter((term) => own.has(term));
}

/**
 * Whether the question names someone or something that no passage mentions
 * at all ("When did Luther broaden his attacks…?" asked of war reports): the
 * articles cannot be about it, however many of its other words they share.
 * Term weights come from the passage index, which gives exactly
 * `UNSEEN_TERM_WEIGHT` to a term no passage holds.
 */
export function namesUnseenTerm(question: string, idf: (term: string) => number): boolean {
  return questionNameTerms(question).some((term) => idf(term) === UNSEEN_TERM_WEIGHT);
}
