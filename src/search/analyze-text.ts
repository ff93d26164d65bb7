import stem from 'wink-porter2-stemmer';
import { eng } from 'stopword';
import { BoundedCache } from '../bounded-cache.ts';

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
 * cache makes analysis ~4x cheaper.
 */
const terms = new BoundedCache<string, string>(100_000);

function termOf(match: string): string {
  const word = match.replace(/['’].*$/, '').replace(/(?<=\p{N})[.,](?=\p{N})/gu, '');
  if (word.length > MAX_WORD_LENGTH || STOP_WORDS.has(word)) return '';
  return /^\p{N}+$/u.test(word) ? word : stem(word);
}

/** Lower-cased, stemmed content terms, in order (repeats kept). Used by the keyword index and by excerpt choice alike. */
export function analyze(text: string): string[] {
  const out: string[] = [];
  for (const [match] of text.toLowerCase().matchAll(WORD)) {
    const term = terms.get(match, termOf);
    if (term !== '') out.push(term);
  }
  return out;
}

/**
 * The distinct terms of a sentence, remembered by its text: answering one
 * question reads the same candidate sentences several times (coverage,
 * sentence pairs, the fact extractor), and popular passages come back
 * question after question.
 */
const sentences = new BoundedCache<string, ReadonlySet<string>>(20_000);

export const sentenceTerms = (text: string): ReadonlySet<string> => sentences.get(text, (t) => new Set(analyze(t)));
