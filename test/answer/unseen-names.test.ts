import { describe, expect, it } from 'vitest';
import { namesUnseenTerm, questionNameTerms } from '../../src/answer/unseen-names.ts';
import { UNSEEN_TERM_WEIGHT } from '../../src/search/keyword-index.ts';
import { analyze } from '../../src/search/analyze-text.ts';

describe('names a question asks about', () => {
  it('are its capitalised words after the first of each sentence, as the index spells their terms', () => {
    expect(questionNameTerms('When did Luther broaden his attacks to include core Church doctrines?')).toEqual(['luther', 'church']);
    expect(questionNameTerms('What do some believe the Treaty of Versailles assisted in?')).toEqual(['treati', 'versaill']);
    // The first word of each sentence is capitalised anyway; a question word is no name.
    expect(questionNameTerms('Turkey is the centerpiece of dinner. Which US state raises the most turkeys?')).toEqual(['us']);
    expect(questionNameTerms('when did the soldier die?')).toEqual([]);
  });

  it('count as unseen when the index weighs one of them as a term no passage holds', () => {
    // The question's terms weighed as the passage index would: 2.5 for a term some passage holds.
    const weights = (question: string, seen: string[]) => new Map(analyze(question).map((t) => [t, seen.includes(t) ? 2.5 : UNSEEN_TERM_WEIGHT]));
    const question = 'When did Luther broaden his attacks?';
    expect(namesUnseenTerm(question, weights(question, ['attack', 'broaden']))).toBe(true);
    expect(namesUnseenTerm(question, weights(question, ['attack', 'broaden', 'luther']))).toBe(false);
    // Lower-case words the articles do not use are paraphrase, not a missing name.
    expect(namesUnseenTerm('Were the soldiers given false documents?', weights('Were the soldiers given false documents?', ['soldier']))).toBe(false);
  });
});
