import { capTitle, MAX_TITLE_CHARS, trimVisible } from './derive-title.ts';
import { normaliseDate } from './normalise-date.ts';
import { safeUrl } from './safe-url.ts';
import type { ArticleDocument, Outcome } from './types.ts';

/** The citation fields front matter can set; null where it does not. */
export type ArticleMetadata = Pick<ArticleDocument, 'outlet' | 'date' | 'byline' | 'url'> & { title: string | null };

/** Metadata plus one warning per value that was present but unusable. */
export interface MetadataResult {
  metadata: ArticleMetadata;
  warnings: string[];
}

/**
 * Reads the citation fields from a front matter mapping. The first key of each group that holds a
 * value wins: `title`; `outlet` | `source` | `publisher`; `date`; `byline` | `author`; `url` | `link`.
 * Other keys are ignored. A bad value never skips the article: the field becomes null and a
 * warning says why, because the text is still worth quoting.
 */
export function readMetadata(data: Record<string, unknown>): MetadataResult {
  const warnings: string[] = [];
  const use = (outcome: Outcome<string> | null): string | null => {
    if (outcome === null) return null;
    if (outcome.ok) return outcome.value;
    warnings.push(outcome.reason);
    return null;
  };

  const titleField = pick(data, ['title']);
  const title = use(titleField && toText(titleField));
  if (title !== null && title.length > MAX_TITLE_CHARS) {
    warnings.push(`title is ${title.length} characters long; it was cut to ${MAX_TITLE_CHARS}`);
  }
  const dateField = pick(data, ['date']);
  const urlField = pick(data, ['url', 'link']);
  const outletField = pick(data, ['outlet', 'source', 'publisher']);
  const bylineField = pick(data, ['byline', 'author']);
  return {
    metadata: {
      title: title === null ? null : capTitle(title),
      outlet: use(outletField && toText(outletField)),
      date: use(dateField && normaliseDate(dateField.value)),
      byline: use(bylineField && toText(bylineField, { allowList: true })),
      url: use(urlField && safeUrl(urlField.value)),
    },
    warnings,
  };
}

interface Field {
  key: string;
  value: unknown;
}

/** The first of `keys` whose value is present; null, undefined and blank strings count as absent. */
function pick(data: Record<string, unknown>, keys: string[]): Field | null {
  for (const key of keys) {
    const value = data[key];
    if (value === null || value === undefined) continue;
    if (typeof value === 'string' && trimVisible(value) === '') continue;
    return { key, value };
  }
  return null;
}

/**
 * A one-line text value. Numbers and booleans are accepted (`title: 1984`); a list is accepted only
 * where several names make sense (authors), joined with ", ". Runs of whitespace, including the line
 * breaks of a YAML block scalar, become one space.
 */
function toText({ key, value }: Field, { allowList = false } = {}): Outcome<string> {
  if (allowList && Array.isArray(value) && value.every((item) => typeof item === 'string')) {
    return toText({ key, value: value.map((item: string) => trimVisible(item)).filter(Boolean).join(', ') });
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    const text = trimVisible(String(value).replace(/\s+/g, ' '));
    return text === '' ? { ok: false, reason: `${key} is empty; it was ignored` } : { ok: true, value: text };
  }
  const shape = Array.isArray(value) ? 'a list' : value instanceof Date ? 'a date' : 'a nested mapping';
  return { ok: false, reason: `${key} should be plain text but is ${shape}; it was ignored` };
}
