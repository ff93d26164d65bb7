import { wordsLikeBert } from './bert-text.ts';
import { ALIASES } from './stem-key.ts';
import { CLS_WEIGHT, NUMBER_WEIGHT, PIECE_WEIGHT, wordWeight } from './token-weights.ts';
import type { WordFrequencies } from './word-frequencies.ts';

/** What a token is; decides how its vector is built. */
export type TokenKind = 'special' | 'punctuation' | 'word' | 'number' | 'piece';

/** One row of the vocabulary; its id is its index. */
export interface VocabularyEntry {
  readonly token: string;
  readonly kind: TokenKind;
  /** Length of the token's vector (0 means the token is ignored). */
  readonly weight: number;
}

/** The special tokens, in id order 0..4, as BERT tokenizers name them. */
export const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;
export type SpecialToken = (typeof SPECIAL_TOKENS)[number];

/** How many SUBTLEX words to take, most frequent first (down to about 16 occurrences). */
export const CORPUS_WORDS = 30_000;
/** Whole numbers up to this are single tokens, so years and days of the month are never split. */
export const LARGEST_NUMBER_TOKEN = 2100;

const LETTERS = [...'abcdefghijklmnopqrstuvwxyz'];
// Letters NFD leaves alone; without them "straße" or "øre" would become [UNK].
const EXTRA_LETTERS = [...'ßøæœðþłđı'];
const DIGITS = [...'0123456789'];
const ASCII_PUNCTUATION = [...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'];
// Marks common in news copy. Currency and degree signs are symbols, not
// punctuation, so the pre-tokenizer leaves them attached ("€5"); as tokens of
// their own they let WordPiece split such words instead of giving up.
const OTHER_MARKS = [...'‘’‚“”„–—…•·«»¡¿§¶†‡′″€£¥°'];
/** Every punctuation mark and symbol that is a token of its own in the generated vocabularies. */
export const PUNCTUATION_MARKS: readonly string[] = [...ASCII_PUNCTUATION, ...OTHER_MARKS];

/** Assembles the vocabulary as a list; a token added twice keeps its first id and weight. */
class VocabularyBuilder {
  readonly entries: VocabularyEntry[] = [];
  private readonly seen = new Set<string>();

  add(token: string, kind: TokenKind, weight: number): void {
    if (this.seen.has(token)) return;
    this.seen.add(token);
    this.entries.push({ token, kind, weight });
  }

  has(token: string): boolean {
    return this.seen.has(token);
  }
}

/**
 * Builds the token list: special tokens, punctuation, single characters and
 * their `##` forms (so any Latin-script word tokenises without [UNK]),
 * numbers 0..2100, the most frequent SUBTLEX words, then words of
 * `extraText` not yet present (sorted, so the order does not depend on the
 * text's order). Weights come from corpus frequency.
 */
export function buildVocabulary(frequencies: WordFrequencies, extraText = ''): VocabularyEntry[] {
  const vocabulary = new VocabularyBuilder();
  // An abbreviation weighs what the word it stands for weighs: "dec" is rare in speech, "december" is not.
  const addWord = (word: string) => vocabulary.add(word, 'word', wordWeight(frequencies.counts.get(ALIASES[word] ?? word)));

  for (const token of SPECIAL_TOKENS) vocabulary.add(token, 'special', token === '[CLS]' ? CLS_WEIGHT : 0);
  for (const mark of PUNCTUATION_MARKS) vocabulary.add(mark, 'punctuation', 0);
  for (const letter of [...LETTERS, ...EXTRA_LETTERS]) addWord(letter);
  for (let n = 0; n <= LARGEST_NUMBER_TOKEN; n++) vocabulary.add(String(n), 'number', NUMBER_WEIGHT);
  for (const char of [...LETTERS, ...EXTRA_LETTERS, ...DIGITS]) vocabulary.add(`##${char}`, 'piece', PIECE_WEIGHT);
  for (const word of frequencies.ranked.slice(0, CORPUS_WORDS)) addWord(word);
  // Some are too rare in speech to make the cut but common in news.
  for (const abbreviation of Object.keys(ALIASES)) addWord(abbreviation);

  const extraWords = [...new Set(wordsLikeBert(extraText))].filter((word) => !vocabulary.has(word) && [...word].length <= 100);
  for (const word of extraWords.sort()) {
    // Digit strings outside 0..2100 ("100000", "2g") are still specific identifiers, so they are words.
    addWord(word);
  }
  return vocabulary.entries;
}
