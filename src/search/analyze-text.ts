import stem from 'wink-porter2-stemmer';
import { eng } from 'stopword';

/**
 * Words that carry no topic in a question or a passage. stopword's English
 * list plus question scaffolding it lacks ("when did ... ?", "does ...").
 */
const STOP_WORDS = new Set<string>([
  ...eng,
  ...['when', 'does', 'do', 'done', 'why', 'which', 'whom', 'whose', 'tell', 'please', 'know', 's', 't'],
]);

/** Numbers keep their thousands separators together ("11,000" is one term); words keep one apostrophe part. */
const WORD = /\p{N}+(?:[.,]\p{N}{3})+(?!\p{N})|[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;
const MAX_WORD_LENGTH = 40;

/**
 * Terms already worked out, by the word as matched (lower-cased); '' for a
 * word that is dropped. Porter2 costs a few microseconds a word and excerpt
 * choice analyses a dozen passages per question; words recur (Zipf), so the
 * cache makes analysis ~4x cheaper. Emptied when full, which keeps memory
 * bounded without bookkeeping.
 */
const terms = new Map<string, string>();
const MAX_CACHED_TERMS = 100_000;

function termOf(match: string): string {
  const word = match.replace(/['’].*$/, '').replace(/(?<=\p{N})[.,](?=\p{N})/gu, '');
  if (word.length > MAX_WORD_LENGTH || STOP_WORDS.has(word)) return '';
  return /^\p{N}+$/u.test(word) ? word : stem(word);
}

/** Lower-cased, stemmed content terms, in order (repeats kept). Used by the keyword index and by excerpt choice alike. */
export function analyze(text: string): string[] {
  const out: string[] = [];
  for (const [match] of text.toLowerCase().matchAll(WORD)) {
    let term = terms.get(match);
    if (term === undefined) {
      if (terms.size >= MAX_CACHED_TERMS) terms.clear();
      term = termOf(match);
      terms.set(match, term);
    }
    if (term !== '') out.push(term);
  }
  return out;
}

/** The distinct terms of `text`. */
export const termSet = (text: string): Set<string> => new Set(analyze(text));

/**
 * The distinct terms of a sentence, remembered by its text: answering one
 * question reads the same candidate sentences several times (coverage,
 * sentence pairs, the fact extractor), and popular passages come back
 * question after question. Emptied when full, like the word cache.
 */
const sentences = new Map<string, ReadonlySet<string>>();
const MAX_CACHED_SENTENCES = 20_000;

export function sentenceTerms(text: string): ReadonlySet<string> {
  let set = sentences.get(text);
  if (set === undefined) {
    if (sentences.size >= MAX_CACHED_SENTENCES) sentences.clear();
    set = new Set(analyze(text));
    sentences.set(text, set);
  }
  return set;
}
