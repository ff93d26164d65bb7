import { abbreviationKind, isSentenceStarter } from './abbreviations.ts';

/** Terminal punctuation followed by blank space and more text on the same line. */
export interface BoundaryCandidate {
  /** The run of terminal punctuation: ".", "?", "!?", "...", "…", "。". */
  punctuation: string;
  /** Closing quotes or brackets right after it: "", "”", ")". */
  closers: string;
  /** The word the punctuation is attached to, opening quotes/brackets removed: "Dec", "U.S", "1". */
  wordBefore: string;
  /** Whether `wordBefore` is the first word of the sentence being built. */
  isFirstWord: boolean;
  /** The text after the blank space, at least its first word: "26 ...", "The ...", "“We ...". */
  next: string;
}

const CJK_TERMINAL = /[。．！？]/;
const OPENING = /^[\p{Ps}\p{Pi}"']+/u;
const LOWERCASE = /^\p{Ll}/u;
const DIGIT = /^\p{Nd}/u;
const LEADING_LETTERS = /^\p{L}+/u;

/**
 * Decides whether a sentence ends at a candidate. Rules, in order:
 *
 * 1. CJK full stops always end a sentence (CJK text has no spaces to wait for).
 * 2. If the next word starts with a lowercase letter, the sentence goes on:
 *    `"Why?" he asked`, `e.g. the army`, `U.S. officials`.
 * 3. `?`, `!`, ellipses and punctuation followed by a closing quote or bracket
 *    end the sentence (`He said "yes." She left`).
 * 4. A number alone before the period at the start of a sentence is a list
 *    marker ("1. First item"), not a sentence.
 * 5. After a period: an ordinary word ends the sentence; an abbreviation (see
 *    `abbreviations.ts`) followed by a digit never does ("Dec. 26", "No. 5");
 *    a title or month never does; a number-only abbreviation ("No.") does
 *    before a capitalised word; an often-final one ("U.S.", "p.m.", initials)
 *    does only when the next word is a common sentence starter ("The", "He").
 */
export function isSentenceBoundary(candidate: BoundaryCandidate): boolean {
  if (CJK_TERMINAL.test(candidate.punctuation)) return true;
  const next = candidate.next.replace(OPENING, '');
  if (LOWERCASE.test(next)) return false;
  if (candidate.punctuation !== '.' || candidate.closers !== '') return true;

  const wordBefore = candidate.wordBefore.replace(OPENING, '');
  if (candidate.isFirstWord && /^\d{1,3}$/.test(wordBefore)) return false;

  const kind = abbreviationKind(`${wordBefore}.`);
  if (kind === undefined) return true;
  if (DIGIT.test(next)) return false;
  switch (kind) {
    case 'never-final':
      return false;
    case 'before-numbers':
      return true;
    case 'often-final':
      return isSentenceStarter(LEADING_LETTERS.exec(next)?.[0] ?? '');
  }
}
