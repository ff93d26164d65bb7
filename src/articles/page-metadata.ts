import { trimVisible } from './derive-title.ts';

/** Citation fields a news page states about itself, as raw strings (validated by the caller). */
export interface PageMetadata {
  title: string | null;
  outlet: string | null;
  byline: string | null;
  date: string | null;
  url: string | null;
}

/** The part of a DOM document this reader needs (linkedom's and jsdom's documents both qualify). */
interface QueryableDocument {
  querySelector(selector: string): { getAttribute(name: string): string | null; textContent: string | null } | null;
  querySelectorAll(selector: string): Iterable<{ textContent: string | null }>;
}

const ARTICLE_TYPES = /^(?:Article|NewsArticle|ReportageNewsArticle|AnalysisNewsArticle|BlogPosting|Report|ScholarlyArticle|WebPage|LiveBlogPosting)$/;

/**
 * Reads what a page says about itself, most reliable source first: schema.org JSON-LD (what news
 * sites publish for search engines), then Open Graph and `article:` meta tags, then plain
 * `<meta name>` tags, the canonical link and `<title>`. Must run before Readability, which
 * rewrites the document.
 */
export function readPageMetadata(document: QueryableDocument, baseUrl?: string): PageMetadata {
  const ld = jsonLdArticle(document);
  const meta = (selector: string): string | null => clean(document.querySelector(selector)?.getAttribute('content'));
  const publisher = ld ? nameOf(ld['publisher']) : null;
  return {
    title: clean(textOf(ld?.['headline'])) ?? meta('meta[property="og:title"]') ?? meta('meta[name="twitter:title"]') ?? clean(document.querySelector('title')?.textContent),
    outlet: meta('meta[property="og:site_name"]') ?? publisher ?? meta('meta[name="application-name"]'),
    byline: (ld ? namesOf(ld['author']) : null) ?? meta('meta[name="author"]') ?? nonUrl(meta('meta[property="article:author"]')),
    date:
      clean(textOf(ld?.['datePublished'])) ??
      meta('meta[property="article:published_time"]') ??
      meta('meta[name="date"]') ??
      meta('meta[name="pubdate"]') ??
      meta('meta[itemprop="datePublished"]') ??
      clean(document.querySelector('time[datetime]')?.getAttribute('datetime')),
    url: firstAbsolute(
      [
        clean(document.querySelector('link[rel="canonical"]')?.getAttribute('href')),
        meta('meta[property="og:url"]'),
        clean(textOf(ld?.['url'])),
        clean(idOf(ld?.['mainEntityOfPage'])),
      ],
      baseUrl,
    ),
  };
}

/**
 * The first candidate that is (or, against `baseUrl`, resolves to) an absolute URL. A page saved to
 * disk has no address, so its relative canonical link gives way to an absolute `og:url`. Any scheme
 * passes here: the citation check that follows refuses non-http(s) links with a warning.
 */
function firstAbsolute(candidates: Array<string | null>, baseUrl: string | undefined): string | null {
  for (const candidate of candidates) {
    if (candidate === null) continue;
    try {
      return new URL(candidate, baseUrl).href;
    } catch {
      // Relative with no base, or malformed: try the next one.
    }
  }
  return null;
}

type JsonObject = Record<string, unknown>;

/** The first JSON-LD object that describes an article (searching arrays and `@graph`); broken blocks are skipped. */
function jsonLdArticle(document: QueryableDocument): JsonObject | null {
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(script.textContent ?? '');
    } catch {
      continue; // Sites ship invalid JSON-LD often enough; the other sources still count.
    }
    const found = findArticle(parsed, 0);
    if (found) return found;
  }
  return null;
}

function findArticle(value: unknown, depth: number): JsonObject | null {
  if (depth > 4 || value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findArticle(item, depth + 1);
      if (found) return found;
    }
    return null;
  }
  const object = value as JsonObject;
  const types = ([] as unknown[]).concat(object['@type'] ?? []);
  if (types.some((t) => typeof t === 'string' && ARTICLE_TYPES.test(t)) && (object['headline'] || object['datePublished'])) return object;
  return findArticle(object['@graph'], depth + 1);
}

function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return textOf(value[0]);
  return null;
}

function nameOf(value: unknown): string | null {
  if (typeof value === 'string') return clean(value);
  if (Array.isArray(value)) return nameOf(value[0]);
  if (value && typeof value === 'object') return clean(textOf((value as JsonObject)['name']));
  return null;
}

function namesOf(value: unknown): string | null {
  const names = ([] as unknown[]).concat(value ?? []).map(nameOf).filter((n): n is string => n !== null && !/^https?:/i.test(n));
  return names.length > 0 ? [...new Set(names)].join(', ') : null;
}

function idOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') return textOf((value as JsonObject)['@id']);
  return null;
}

function nonUrl(value: string | null): string | null {
  return value && /^https?:/i.test(value) ? null : value;
}

function clean(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = trimVisible(value.replace(/\s+/g, ' '));
  return text === '' ? null : text;
}
