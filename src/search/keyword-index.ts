import MiniSearch from 'minisearch';
import { analyze } from './analyze-text.ts';

/** IDF weight of a question term that appears in no chunk. */
export const UNSEEN_TERM_WEIGHT = 1;

export interface Hit {
  /** Row of the chunk in the loaded index. */
  row: number;
  score: number;
}

/**
 * BM25 keyword search over chunk texts (MiniSearch, BM25+ scoring), built once
 * per index load. Text is analysed once here; MiniSearch receives the terms
 * already processed, and the same pass counts document frequencies for the
 * IDF weights that excerpt choice and the relevance gate use.
 */
export class KeywordIndex {
  private constructor(
    private readonly search_: MiniSearch<{ row: number; terms: string }>,
    private readonly documentFrequency: Map<string, number>,
    readonly size: number,
  ) {}

  static build(texts: readonly string[]): KeywordIndex {
    const documentFrequency = new Map<string, number>();
    const search = new MiniSearch<{ row: number; terms: string }>({
      idField: 'row',
      fields: ['terms'],
      tokenize: (text) => (text === '' ? [] : text.split(' ')),
      processTerm: (term) => term,
      searchOptions: { combineWith: 'OR', prefix: false, fuzzy: false },
    });
    const documents = texts.map((text, row) => {
      const terms = analyze(text);
      for (const term of new Set(terms)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
      return { row, terms: terms.join(' ') };
    });
    search.addAll(documents);
    return new KeywordIndex(search, documentFrequency, texts.length);
  }

  /** Best `k` chunks for the question's terms, highest BM25 first. */
  search(question: string, k: number): Hit[] {
    const terms = [...new Set(analyze(question))];
    if (terms.length === 0) return [];
    return this.search_
      .search({ combineWith: 'OR', queries: terms })
      .slice(0, k)
      .map((result) => ({ row: result.id as number, score: result.score }));
  }

  /**
   * Inverse document frequency (BM25's form, floored at a small positive
   * value). A term no chunk contains gets a moderate weight instead of the
   * largest: one paraphrased word ("help" where the text says "assist") should
   * not sink an otherwise well-covered question.
   */
  idf(term: string): number {
    const df = this.documentFrequency.get(term) ?? 0;
    if (df === 0) return UNSEEN_TERM_WEIGHT;
    return Math.max(0.05, Math.log(1 + (this.size - df + 0.5) / (df + 0.5)));
  }
}
