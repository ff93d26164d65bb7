import { describe, expect, it } from 'vitest';
import {
  BEFORE_NUMBERS,
  NEVER_FINAL,
  OFTEN_FINAL,
  SENTENCE_STARTERS,
  abbreviationKind,
} from '../../src/chunking/abbreviations.ts';
import { splitSentences } from '../../src/chunking/split-sentences.ts';

function sentencesOf(text: string): string[] {
  return splitSentences(text).map((span) => text.slice(span.start, span.end));
}

describe('titles, months and connectives never end a sentence', () => {
  it.each(NEVER_FINAL)('keeps "%s" with the capitalised name after it', (word) => {
    expect(sentencesOf(`They met ${word} Smith there. Then they left.`)).toEqual([
      `They met ${word} Smith there.`,
      'Then they left.',
    ]);
  });

  it.each(NEVER_FINAL)('keeps "%s" with the number after it', (word) => {
    expect(sentencesOf(`It was ${word} 26 at noon. Then they left.`)).toEqual([
      `It was ${word} 26 at noon.`,
      'Then they left.',
    ]);
  });
});

describe('often-final abbreviations end a sentence only before a sentence starter', () => {
  it.each(OFTEN_FINAL)('keeps "%s" with a following name', (word) => {
    expect(sentencesOf(`Talks with ${word} President Lee ended. Then they left.`)).toEqual([
      `Talks with ${word} President Lee ended.`,
      'Then they left.',
    ]);
  });

  it.each(OFTEN_FINAL)('keeps "%s" with a following lowercase word or number', (word) => {
    expect(sentencesOf(`Talks with ${word} officials ended at ${word} 5 sharp.`)).toHaveLength(1);
  });

  it.each(OFTEN_FINAL)('ends the sentence at "%s" when "The" follows', (word) => {
    expect(sentencesOf(`Talks were held in ${word} The talks ended.`)).toEqual([
      `Talks were held in ${word}`,
      'The talks ended.',
    ]);
  });

  it('treats unlisted initialisms and single initials the same way', () => {
    expect(sentencesOf('John F. Kennedy spoke in Washington, D.C. Officials listened.')).toEqual([
      'John F. Kennedy spoke in Washington, D.C.',
      'Officials listened.',
    ]);
    expect(sentencesOf('We chose plan B. The rest followed.')).toEqual(['We chose plan B.', 'The rest followed.']);
    expect(sentencesOf('It ended at 5 P.M. Friday.')).toEqual(['It ended at 5 P.M. Friday.']);
  });
});

describe('number abbreviations end a sentence unless a number follows', () => {
  it.each(BEFORE_NUMBERS)('keeps "%s" with the number after it', (word) => {
    expect(sentencesOf(`See ${word} 5 for details. Then read on.`)).toEqual([
      `See ${word} 5 for details.`,
      'Then read on.',
    ]);
  });

  it.each(BEFORE_NUMBERS.filter((word) => /^\p{Lu}/u.test(word)))(
    'ends the sentence at "%s" before a capitalised word',
    (word) => {
      expect(sentencesOf(`The answer was ${word} Then they left.`)).toEqual([
        `The answer was ${word}`,
        'Then they left.',
      ]);
    },
  );
});

describe('the rule lists', () => {
  it('give each abbreviation one kind', () => {
    const all = [...NEVER_FINAL, ...OFTEN_FINAL, ...BEFORE_NUMBERS];
    expect(new Set(all).size).toBe(all.length);
  });

  it('hold only words ending in a period, and sentence starters without one', () => {
    for (const word of [...NEVER_FINAL, ...OFTEN_FINAL, ...BEFORE_NUMBERS]) expect(word).toMatch(/\.$/);
    for (const word of SENTENCE_STARTERS) expect(word).toMatch(/^\p{Lu}\p{L}*$/u);
  });

  it('match case-sensitively, so "rep." and "no." are ordinary words', () => {
    expect(abbreviationKind('Rep.')).toBe('never-final');
    expect(abbreviationKind('rep.')).toBeUndefined();
    expect(sentencesOf('He said no. Then he left.')).toEqual(['He said no.', 'Then he left.']);
  });
});
