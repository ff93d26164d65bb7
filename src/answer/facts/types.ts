/** The kind of fact a question asks for. */
export type FactKind = 'date' | 'number' | 'place' | 'entity';

/** How a number was qualified in the text; null for a plain figure. */
export type Qualifier = 'more than' | 'at least' | 'nearly' | 'about' | 'fewer than' | 'at most' | 'between' | null;

/**
 * One value found in a passage, before values are compared across sources.
 * `value` is normalised: ISO `YYYY-MM-DD`, `YYYY-MM`, `YYYY` or `--MM-DD`
 * for dates, a plain number for numbers, the canonical name for places and
 * entities.
 */
export interface Mention {
  kind: FactKind;
  value: string;
  /** How a reader should see it: "29 December 2024", "more than 10,000", "Kursk". */
  label: string;
  qualifier: Qualifier;
  /** The words of the passage the value comes from. */
  quote: string;
  /** For a date worked out from another one: the words it was counted from ("captured on December 26"). */
  resolvedFrom: string | null;
  /** Offsets of `quote` in the text it was found in. */
  start: number;
  end: number;
  /** The top of a range ("7 to 10 percent": value 7, upper 10). */
  upper?: string;
  /** Values the passage explicitly denies ("in Ukraine and not in Russia's Kursk region": Kursk). */
  against?: string[];
}

/** One value across the cited sources: who gives it, in which words. */
export interface FactValue {
  value: string;
  label: string;
  qualifier: Qualifier;
  /** The top of a range, when the value is one ("7 to 10 percent": value "7", upper "10"). */
  upper?: string;
  /** Citation numbers (1-based) whose excerpt gives this value. */
  citations: number[];
  quote: string;
  resolvedFrom: string | null;
}

/** What the cited sources say about the asked fact. */
export interface Facts {
  kind: FactKind;
  /** False when two sources give values that cannot both be true. */
  agree: boolean;
  /** Best-supported first. */
  values: FactValue[];
}
