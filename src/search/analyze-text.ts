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

/** Lower-cased, stemmed content terms, in order (repeats kept). Used by the keyword index and by excerpt choice alike. */
export function analyze(text: string): string[] {
  const terms: string[] = [];
  for (const match of text.toLowerCase().matchAll(WORD)) {
    const word = match[0].replace(/['’].*$/, '').replace(/(?<=\p{N})[.,](?=\p{N})/gu, '');
    if (word.length > MAX_WORD_LENGTH || STOP_WORDS.has(word)) continue;
    terms.push(/^\p{N}+$/u.test(word) ? word : stem(word));
  }
  return terms;
}

/** The distinct terms of `text`. */
export const termSet = (text: string): Set<string> => new Set(analyze(text));
