import { compareCodeUnits } from '../articles/compare-code-units.ts';
import { analyze } from './analyze-text.ts';
import { decodePostings, encodePostings, type Postings } from './postings-format.ts';
import { TopK, type Hit } from './top-k.ts';

/** IDF weight of a question term that appears in no chunk. */
export const UNSEEN_TERM_WEIGHT = 1;

/** BM25+ parameters: MiniSearch's defaults, which this index reproduces score for score. */
const K = 1.2;
const B = 0.7;
const D = 0.5;

/**
 * BM25 keyword search over chunk texts: an inverted index in typed arrays,
 * built once per index build and saved beside it, so loading 50k chunks takes
 * milliseconds instead of re-analysing every text.
 *
 * Scores are MiniSearch's (BM25+, k 1.2, b 0.7, d 0.5, a chunk's length
 * counted in distinct terms, the sum over question terms multiplied by how
 * many of them the chunk contains) and ties keep MiniSearch's order, so
 * results are the same as the MiniSearch index this replaces. The same
 * postings give the document frequencies behind {@link idf}, which excerpt
 * choice and the relevance gate use.
 */
export class KeywordIndex {
  readonly size: number;
  private readonly averageLength: number;
  // Per-search scratch space, allocated on first use and reset after each search.
  private scratch: { scores: Float64Array; matched: Uint16Array; touched: Int32Array } | null = null;

  private constructor(private readonly postings: Postings) {
    this.size = postings.lengths.length;
    let total = 0;
    for (const length of postings.lengths) total += length;
    this.averageLength = this.size === 0 ? 0 : total / this.size;
  }

  /** Analyses every text (see `analyze`) and indexes its terms; row i is `texts[i]`. */
  static build(texts: readonly string[]): KeywordIndex {
    const ids = new Map<string, number>();
    const frequency: number[] = [];
    // Per row, its distinct terms and their counts, flattened.
    const rowTerms: number[] = [];
    const rowCounts: number[] = [];
    const rowEnds = new Uint32Array(texts.length);
    const counts = new Map<number, number>();
    texts.forEach((text, row) => {
      counts.clear();
      for (const term of analyze(text)) {
        let id = ids.get(term);
        if (id === undefined) {
          id = ids.size;
          ids.set(term, id);
          frequency.push(0);
        }
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      for (const [id, count] of counts) {
        rowTerms.push(id);
        rowCounts.push(count);
        frequency[id]!++;
      }
      rowEnds[row] = rowTerms.length;
    });

    // Terms in code-unit order, so a lookup is a binary search over the saved list.
    const terms = [...ids.keys()].sort(compareCodeUnits);
    const rank = new Uint32Array(terms.length);
    terms.forEach((term, i) => (rank[ids.get(term)!] = i));
    const offsets = new Uint32Array(terms.length + 1);
    for (let id = 0; id < frequency.length; id++) offsets[rank[id]! + 1] = frequency[id]!;
    for (let i = 0; i < terms.length; i++) offsets[i + 1]! += offsets[i]!;
    const rows = new Uint32Array(rowTerms.length);
    const tf = new Uint16Array(rowTerms.length);
    const lengths = new Uint16Array(texts.length);
    const next = offsets.slice(0, terms.length);
    let from = 0;
    for (let row = 0; row < texts.length; row++) {
      const to = rowEnds[row]!;
      lengths[row] = Math.min(0xffff, to - from);
      for (let j = from; j < to; j++) {
        const at = next[rank[rowTerms[j]!]!]!++;
        rows[at] = row;
        tf[at] = Math.min(0xffff, rowCounts[j]!);
      }
      from = to;
    }
    return new KeywordIndex({ terms, offsets, rows, tf, lengths });
  }

  /** The index as bytes (see `postings-format.ts`), for saving beside the chunks. */
  toBytes(): Uint8Array {
    return encodePostings(this.postings);
  }

  /** Reads bytes written by {@link toBytes}; throws on anything malformed. */
  static fromBytes(bytes: Uint8Array): KeywordIndex {
    return new KeywordIndex(decodePostings(bytes));
  }

  /** Position of `term` in the sorted term list, or -1. */
  private find(term: string): number {
    const { terms } = this.postings;
    let low = 0;
    let high = terms.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const at = terms[mid]!;
      if (at < term) low = mid + 1;
      else if (at > term) high = mid - 1;
      else return mid;
    }
    return -1;
  }

  /** How many chunks contain `term`. */
  private documentFrequency(term: string): { index: number; df: number } {
    const index = this.find(term);
    return { index, df: index < 0 ? 0 : this.postings.offsets[index + 1]! - this.postings.offsets[index]! };
  }

  /** Best `k` chunks for the question's terms, highest BM25 first. */
  search(question: string, k: number): Hit[] {
    const terms = [...new Set(analyze(question))];
    if (terms.length === 0 || this.size === 0) return [];
    const scratch = (this.scratch ??= {
      scores: new Float64Array(this.size),
      matched: new Uint16Array(this.size),
      touched: new Int32Array(this.size),
    });
    const { scores, matched, touched } = scratch;
    const { offsets, rows, tf, lengths } = this.postings;
    // Rows in the order MiniSearch first meets them (term by term, rows ascending): its tie order.
    let touchedCount = 0;
    for (const term of terms) {
      const { index, df } = this.documentFrequency(term);
      if (df === 0) continue;
      const idf = bm25Idf(df, this.size);
      for (let p = offsets[index]!, end = offsets[index + 1]!; p < end; p++) {
        const row = rows[p]!;
        const score = bm25TermScore(idf, tf[p]!, lengths[row]!, this.averageLength);
        if (matched[row] === 0) touched[touchedCount++] = row;
        scores[row] = scores[row]! + score;
        matched[row] = matched[row]! + 1;
      }
    }
    // Top k by score; a later row replaces an earlier one only with a strictly higher score.
    const top = new TopK(k);
    for (let i = 0; i < touchedCount; i++) {
      const row = touched[i]!;
      top.offer(row, scores[row]! * matched[row]!);
      scores[row] = 0;
      matched[row] = 0;
    }
    return top.hits;
  }

  /**
   * Inverse document frequency (BM25's form, floored at a small positive
   * value). A term no chunk contains gets a moderate weight instead of the
   * largest: one paraphrased word ("help" where the text says "assist") should
   * not sink an otherwise well-covered question.
   */
  idf(term: string): number {
    return idfWeight(this.documentFrequency(term).df, this.size);
  }
}

/** BM25's idf of a term held by `df` of `size` passages, as {@link KeywordIndex.search} weighs it (unfloored, unlike {@link idfWeight}). */
export function bm25Idf(df: number, size: number): number {
  return Math.log(1 + (size - df + 0.5) / (df + 0.5));
}

/**
 * One question term's BM25+ score in one passage: `f` occurrences in a
 * passage of `length` distinct terms. {@link KeywordIndex.search} sums it
 * over the question's terms (times how many it matched); exported so a
 * database store precomputes exactly the same weights.
 */
export function bm25TermScore(idf: number, f: number, length: number, averageLength: number): number {
  return idf * (D + (f * (K + 1)) / (f + K * (1 - B + (B * length) / averageLength)));
}

/**
 * {@link KeywordIndex.idf} from a term's document frequency `df` among
 * `size` passages: exported so a store that counts document frequencies
 * itself (a database) weighs terms exactly as the in-memory index does.
 */
export function idfWeight(df: number, size: number): number {
  if (df === 0) return UNSEEN_TERM_WEIGHT;
  return Math.max(0.05, Math.log(1 + (size - df + 0.5) / (df + 0.5)));
}
