import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PARAPHRASE_QUESTIONS } from '../../bench/paraphrase-questions.ts';
import { analyze } from '../../src/search/analyze-text.ts';
import { SAMPLE_ARTICLES } from '../support/engine-fixture.ts';

const articles = readdirSync(SAMPLE_ARTICLES).map((name) => readFileSync(path.join(SAMPLE_ARTICLES, name), 'utf8'));
const articleTerms = new Set(articles.flatMap((text) => analyze(text)));

describe('the paraphrase question set', () => {
  it('has at least 20 questions, each with evidence that one of the sample articles really holds', () => {
    expect(PARAPHRASE_QUESTIONS.length).toBeGreaterThanOrEqual(20);
    for (const q of PARAPHRASE_QUESTIONS) expect(articles.some((text) => q.evidence.test(text.replace(/\s+/g, ' '))), q.question).toBe(true);
  });

  it('asks in words the articles do not use: each listed new word, stemmed, is in no article', () => {
    const withNewWords = PARAPHRASE_QUESTIONS.filter((q) => q.newWords.length > 0);
    expect(withNewWords.length).toBeGreaterThanOrEqual(20);
    for (const q of PARAPHRASE_QUESTIONS) {
      for (const word of q.newWords) {
        expect(q.question.toLowerCase(), word).toContain(word);
        const terms = analyze(word);
        expect(terms.length, `${word} is a stop word`).toBeGreaterThan(0);
        expect(terms.filter((t) => articleTerms.has(t)), `${q.question}: "${word}"`).toEqual([]);
      }
    }
  });
});
