import type { Facts } from './facts/types.ts';

/** Where a quoted passage comes from. Unknown fields are null. */
export interface SourceRef {
  documentId: string;
  title: string;
  outlet: string | null;
  date: string | null;
  url: string | null;
}

/** One numbered, quoted passage supporting an answer. */
export interface Citation extends SourceRef {
  n: number;
  excerpt: string;
  /** Relevance between 0 and 1 (share of the question's weighted terms the excerpt contains, or dense similarity). */
  score: number;
  /** Character offsets of the excerpt in the article body, so it can be traced to its place. */
  start: number;
  end: number;
  /** Every source that says (nearly) the same thing, when more than one does. */
  sources?: SourceRef[];
}

export interface Answer {
  question: string;
  answered: boolean;
  /**
   * The lead: the fact stated with its sources, and where they disagree
   * (when the question asks for a date, number, place or name and the
   * excerpts give one); else the best excerpt, attributed; or why there is
   * no answer.
   */
  answer: string;
  citations: Citation[];
  /** What the cited excerpts say about the asked fact; null when the question asks for none or none was found. */
  facts: Facts | null;
  /** The fact line and the disagreement line of `answer`, apart, for layouts that show them differently (Discord). */
  statement?: { fact: string; disagreement: string | null };
  /** Something the asker should know (e.g. the question was shortened). */
  notice?: string;
}
