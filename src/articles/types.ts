/** One article read from the articles folder, ready for chunking. */
export interface ArticleDocument {
  /** Stable id: the path relative to the articles folder, POSIX separators, e.g. "world/korea.md". */
  id: string;
  /** Front matter `title`, else the first non-empty body line (heading marks removed), else the file name. */
  title: string;
  /** Front matter `outlet` (or `source` / `publisher`). */
  outlet: string | null;
  /** Front matter `date` as ISO `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SS[offset]` when a time is given. */
  date: string | null;
  /** Front matter `byline` (or `author`). */
  byline: string | null;
  /** Front matter `url` (or `link`); only http: and https: URLs are kept. */
  url: string | null;
  /**
   * The body: file text minus front matter, BOM removed, CRLF/CR turned into LF, otherwise unchanged
   * (zero-width characters, mentions and Markdown included). Downstream stores character offsets into it.
   */
  text: string;
  /** Character offset of `text` within the BOM-stripped, LF-normalised file text. */
  bodyOffset: number;
  /** sha256 hex of the raw file bytes. */
  hash: string;
  /** Size of the raw file in bytes. */
  bytes: number;
  /** Who added the article, when and how, for articles added with `npm run add` or `/article add`; absent for files put in the folder. */
  provenance?: Provenance;
}

/** How an article came into the collection, as recorded in its front matter when it was added. */
export interface Provenance {
  /** `upload`: a file (a Discord attachment or a local file given to `npm run add`); `link`: a fetched web address. */
  via: 'upload' | 'link';
  /** A Discord user id, or `cli`. */
  by: string;
  /** ISO timestamp of when it was added (or last updated). */
  at: string;
  /** The link as given, when it differs from the article's canonical `url`. */
  sourceUrl: string | null;
}

/** A file that was skipped, or indexed with a warning. */
export interface ArticleProblem {
  /** Relative POSIX path, as the user would recognise it. */
  path: string;
  /** What is wrong and what to do about it. */
  reason: string;
  /** true: the file was not indexed; false: it was indexed, with this warning. */
  skipped: boolean;
}

/** How {@link loadArticles} reads a folder. */
export interface LoadOptions {
  /** Files larger than this are skipped without being read. Default {@link DEFAULT_MAX_FILE_BYTES}. */
  maxFileBytes: number;
  /** File extensions to read, compared case-insensitively. Default {@link DEFAULT_EXTENSIONS}. */
  extensions?: string[];
}

/** What {@link loadArticles} returns: documents sorted by id, problems sorted by path. */
export interface LoadResult {
  documents: ArticleDocument[];
  problems: ArticleProblem[];
}

/** The unit of the MAX_FILE_MB setting: a mebibyte. */
export const BYTES_PER_MB = 1024 * 1024;

/** 5 MiB: far above any news article, small enough to keep a bad file from exhausting memory. The MAX_FILE_MB default. */
export const DEFAULT_MAX_FILE_MB = 5;

/** {@link DEFAULT_MAX_FILE_MB} in bytes: the limit when none is given. */
export const DEFAULT_MAX_FILE_BYTES = DEFAULT_MAX_FILE_MB * BYTES_PER_MB;

/** Extensions read by default. */
export const DEFAULT_EXTENSIONS: readonly string[] = ['.md', '.markdown', '.txt', '.html', '.htm', '.pdf'];

/** Either a value or a human-readable reason why there is none. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; reason: string };
