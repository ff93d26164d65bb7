/**
 * SQuAD's answer normalisation: lower case, punctuation and the articles
 * a/an/the dropped, white space collapsed. Excerpts may be trimmed with "…",
 * which this drops like any punctuation.
 */
export function normaliseAnswer(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\b(a|an|the)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether the gold answer appears in `text` as whole words, after normalising both. */
export function containsAnswer(text: string, answer: string): boolean {
  const gold = normaliseAnswer(answer);
  return gold !== '' && ` ${normaliseAnswer(text)} `.includes(` ${gold} `);
}
