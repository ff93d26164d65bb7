import { readMetadata } from './article-metadata.ts';
import { decodeText, normaliseNewlines } from './decode-text.ts';
import { isBlank, titleFromBody } from './derive-title.ts';
import { extractHtml } from './extract-html.ts';
import { extractPdf } from './extract-pdf.ts';
import { splitFrontMatter } from './front-matter.ts';
import { PROVENANCE_KEYS, readProvenance } from './provenance.ts';
import type { ArticleDocument, Outcome, Provenance } from './types.ts';

/** How an article's bytes are read: Markdown or plain text (with optional front matter), a web page, or a PDF. */
export type ArticleFormat = 'text' | 'html' | 'pdf';

/** An article read from bytes; `title` is null when neither the metadata nor the text gives one. */
export type ReadArticle = Pick<ArticleDocument, 'outlet' | 'date' | 'byline' | 'url' | 'text' | 'bodyOffset'> & {
  title: string | null;
  /** Front matter keys beyond the citation and provenance ones, kept when an upload is stored. */
  extra: Record<string, unknown>;
  provenance: Provenance | undefined;
  /** One per metadata value that was present but unusable; the article is still usable. */
  warnings: string[];
};

/** The format a file name's extension stands for in the articles folder. */
export function formatOfName(name: string): ArticleFormat {
  const lower = name.toLowerCase();
  if (lower.endsWith('.pdf')) return 'pdf';
  if (lower.endsWith('.html') || lower.endsWith('.htm')) return 'html';
  return 'text';
}

/**
 * Turns an article file's bytes into its text and citation fields, or a reason it can't be used.
 * Web pages and PDFs go through the same metadata checks as front matter (ISO dates, http(s)
 * links only), so a page's `javascript:` canonical link is dropped like a front matter one.
 *
 * @param options.baseUrl - where a web page came from: its relative canonical link resolves against it
 * @param options.charset - a web page's charset from its Content-Type header, which wins over its <meta>
 */
export async function readArticleBytes(
  raw: Uint8Array,
  format: ArticleFormat,
  options: { baseUrl?: string; charset?: string } = {},
): Promise<Outcome<ReadArticle>> {
  if (raw.length === 0) return { ok: false, reason: 'is empty (0 bytes); add the article text or delete the file' };
  if (format === 'pdf') {
    const pdf = await extractPdf(raw);
    if (!pdf.ok) return pdf;
    const { title, byline, date } = pdf.value;
    return fromFields(pdf.value.text, 0, { title, byline, date }, {});
  }
  const decoded = format === 'html' ? decodeHtml(raw, options.charset) : decodeText(raw);
  if (!decoded.ok) return decoded;
  const { text } = decoded.value;
  if (isBlank(text)) return { ok: false, reason: 'contains only whitespace; add the article text or delete the file' };
  if (format === 'html') {
    const page = extractHtml(text, options.baseUrl);
    if (!page.ok) return page;
    return fromFields(page.value.text, 0, { ...page.value.metadata }, {});
  }
  const frontMatter = splitFrontMatter(text);
  if (!frontMatter.ok) return frontMatter;
  const { data, bodyOffset } = frontMatter.value;
  const body = text.slice(bodyOffset);
  if (isBlank(body)) return { ok: false, reason: 'has front matter but no article text after it; add the text below the closing ---' };
  return fromFields(body, bodyOffset, data, data);
}

const OWN_KEYS = new Set(['title', 'outlet', 'source', 'publisher', 'date', 'byline', 'author', 'url', 'link', ...Object.values(PROVENANCE_KEYS)]);

function fromFields(text: string, bodyOffset: number, fields: Record<string, unknown>, extra: Record<string, unknown>): Outcome<ReadArticle> {
  const { metadata, warnings } = readMetadata(fields);
  const others = Object.fromEntries(Object.entries(extra).filter(([key]) => !OWN_KEYS.has(key)));
  return {
    ok: true,
    value: { ...metadata, title: metadata.title ?? titleFromBody(text), text, bodyOffset, extra: others, provenance: readProvenance(extra), warnings },
  };
}

/**
 * Decodes a web page: a byte-order mark wins, then the charset the server declared, then a
 * `<meta charset>` in the first 2 KB; UTF-8 (strict, like every article) when none is given.
 */
function decodeHtml(raw: Uint8Array, declared: string | undefined): Outcome<{ text: string }> {
  const bom = (raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf) || raw[0] === 0xff || raw[0] === 0xfe;
  const head = Buffer.from(raw.subarray(0, 2048)).toString('latin1');
  const charset = (declared ?? /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1])?.toLowerCase();
  if (bom || charset === undefined || charset === 'utf-8' || charset === 'utf8') return decodeText(raw);
  let decoder;
  try {
    decoder = new TextDecoder(charset);
  } catch {
    return { ok: false, reason: `declares the unknown character set "${charset}"; save the page as UTF-8` };
  }
  return { ok: true, value: { text: normaliseNewlines(decoder.decode(raw)) } };
}
