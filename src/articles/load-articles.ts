import { createHash } from 'node:crypto';
import { compareCodeUnits } from './compare-code-units.ts';
import { titleFromPath } from './derive-title.ts';
import { describeError } from './describe-error.ts';
import { readArticleBytes, formatOfName } from './read-article.ts';
import {
  DEFAULT_EXTENSIONS,
  DEFAULT_MAX_FILE_BYTES,
  type ArticleDocument,
  type ArticleProblem,
  type LoadOptions,
  type LoadResult,
} from './types.ts';
import type { ArticleEntry, ArticleSource } from './article-source.ts';
import { FolderArticleSource } from './folder-article-source.ts';

// Enough parallel reads to hide file-system latency; bounded so memory stays at a few max-size files.
const CONCURRENT_READS = 8;

/**
 * Reads every article under `dir` (recursively) into validated documents.
 *
 * Never throws for a bad file: it becomes an {@link ArticleProblem} (`skipped: true`) and the rest
 * are still read; a usable file with an unusable field is indexed with a warning (`skipped: false`).
 * Documents are sorted by id and problems by path, so the same folder always gives the same result.
 *
 * @throws {ArticleFolderError} only if `dir` itself cannot be read
 * @throws {RangeError} if an option is invalid (a programming error, not a file problem)
 */
export async function loadArticles(dir: string, options: Partial<LoadOptions> = {}): Promise<LoadResult> {
  const { maxFileBytes, extensions } = resolveOptions(options);
  return loadArticlesFrom(new FolderArticleSource(dir, extensions), { maxFileBytes });
}

/**
 * Reads every article of a collection, wherever its files are kept (a folder, the database), into
 * validated documents, with the same rules and results as {@link loadArticles}.
 *
 * @throws whatever `source.list()` throws when the collection itself cannot be listed
 */
export async function loadArticlesFrom(source: ArticleSource, options: Partial<Pick<LoadOptions, 'maxFileBytes'>> = {}): Promise<LoadResult> {
  const { maxFileBytes } = resolveOptions(options);
  const listing = await source.list();
  const results = await mapConcurrently(listing.files, CONCURRENT_READS, (file) => loadFile(file, maxFileBytes));

  const documents: ArticleDocument[] = [];
  const problems: ArticleProblem[] = [...listing.problems];
  for (const result of results) {
    if (result.document !== null) documents.push(result.document);
    problems.push(...result.problems);
  }
  documents.sort((a, b) => compareCodeUnits(a.id, b.id));
  // Array.prototype.sort is stable, so one file's warnings keep their field order.
  problems.sort((a, b) => compareCodeUnits(a.path, b.path));
  return { documents, problems };
}

interface FileResult {
  document: ArticleDocument | null;
  problems: ArticleProblem[];
}

async function loadFile(file: ArticleEntry, maxFileBytes: number): Promise<FileResult> {
  const skip = (reason: string): FileResult => ({ document: null, problems: [{ path: file.id, reason, skipped: true }] });
  // A file's own problems come back as a reason; what `read` throws is the store failing (a database
  // connection lost), which must stop the build rather than drop the article from the index.
  const read = await file.read(maxFileBytes);
  if (!read.ok) return skip(read.reason);
  try {
    const raw = read.value;
    const article = await readArticleBytes(raw, formatOfName(file.id));
    if (!article.ok) return skip(article.reason);
    const { title, outlet, date, byline, url, text, bodyOffset, warnings, provenance } = article.value;
    return {
      document: {
        id: file.id,
        title: title ?? titleFromPath(file.id),
        outlet,
        date,
        byline,
        url,
        text,
        bodyOffset,
        hash: createHash('sha256').update(raw).digest('hex'),
        bytes: raw.length,
        ...(provenance ? { provenance } : {}),
      },
      problems: warnings.map((reason) => ({ path: file.id, reason, skipped: false })),
    };
  } catch (error) {
    // A bug here must not cost the user the rest of the folder; report it against this file.
    return skip(`could not be indexed because of an unexpected error (${describeError(error)}); please report this`);
  }
}

function resolveOptions(options: Partial<LoadOptions>): { maxFileBytes: number; extensions: string[] } {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (!Number.isSafeInteger(maxFileBytes) || maxFileBytes < 1) {
    throw new RangeError(`loadArticles: maxFileBytes must be a positive whole number of bytes, got ${maxFileBytes}`);
  }
  const extensions = (options.extensions ?? DEFAULT_EXTENSIONS).map((ext) =>
    (ext.startsWith('.') ? ext : `.${ext}`).toLowerCase(),
  );
  if (extensions.length === 0 || extensions.includes('.')) {
    throw new RangeError(`loadArticles: extensions must list at least one extension such as ".md", got ${JSON.stringify(options.extensions)}`);
  }
  return { maxFileBytes, extensions };
}

/** Like `Promise.all(items.map(fn))`, with at most `limit` calls in flight; results keep input order. */
async function mapConcurrently<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
