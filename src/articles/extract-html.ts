import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { readPageMetadata, type PageMetadata } from './page-metadata.ts';
import type { Outcome } from './types.ts';

/** Fewer visible characters than this is a page without an article (an index page, a paywall stub, an error page). */
export const MIN_ARTICLE_CHARS = 200;

/** An article found in a web page: its text (one paragraph a line) and what the page says about it. */
export interface ExtractedPage {
  text: string;
  metadata: PageMetadata;
}

/** The DOM node surface the text walk reads (linkedom's nodes). */
interface WalkNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<WalkNode>;
}

const BLOCKS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BR', 'DD', 'DIV', 'DL', 'DT', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'H1', 'H2',
  'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'OL', 'P', 'PRE', 'SECTION', 'TABLE', 'TD', 'TH', 'TR', 'UL',
]);
const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

/**
 * Finds the article in an HTML page with Mozilla's Readability (the Firefox Reader View
 * algorithm: it scores text density and drops navigation, ads, share bars and comments) and reads
 * the page's own metadata (JSON-LD, Open Graph, canonical link) first, because Readability
 * rewrites the document. Relative links resolve against `baseUrl` when given.
 *
 * The text keeps one paragraph a line: the sentence splitter ends a sentence at every line break,
 * so a paragraph's own wrapping must not survive, and headings must not run into the next paragraph.
 */
export function extractHtml(html: string, baseUrl?: string): Outcome<ExtractedPage> {
  const { document } = parseHTML(html);
  const metadata = readPageMetadata(document as never, baseUrl);
  removeAds(document as unknown as AdDocument);
  const reader = new Readability<WalkNode>(document as never, { serializer: (node) => node as unknown as WalkNode });
  let article;
  try {
    article = reader.parse();
  } catch (error) {
    return { ok: false, reason: `the page could not be read as an article (${(error as Error).message})` };
  }
  const text = article?.content ? paragraphs(article.content) : '';
  if (text.replace(/\s/g, '').length < MIN_ARTICLE_CHARS) {
    return {
      ok: false,
      reason: 'has no article text that could be found (it looks like an index, login or error page); link to the article itself',
    };
  }
  return {
    ok: true,
    value: {
      text,
      metadata: {
        ...metadata,
        title: metadata.title ?? blankToNull(article?.title),
        byline: metadata.byline ?? blankToNull(article?.byline),
        outlet: metadata.outlet ?? blankToNull(article?.siteName),
      },
    },
  };
}

interface AdDocument {
  querySelectorAll(selector: string): Iterable<{ className: string; id: string; remove(): void }>;
}

// Readability keeps an ad box that sits between paragraphs and holds a sentence of text; news sites
// mark theirs with class or id tokens like these.
const AD_TOKEN = /^(?:ad|ads|advert|adverts|advertisement|ad-(?:slot|inline|container|wrapper|unit|leaderboard|banner)|sponsored|promo|promoted|newsletter-signup)$/i;

function removeAds(document: AdDocument): void {
  for (const element of [...document.querySelectorAll('[class], [id]')]) {
    const tokens = `${element.className} ${element.id}`.split(/\s+/);
    if (tokens.some((token) => AD_TOKEN.test(token))) element.remove();
  }
}

/** The visible text of `root`, one block a line, whitespace inside a block collapsed to single spaces. */
function paragraphs(root: WalkNode): string {
  const lines: string[] = [];
  let current = '';
  const flush = () => {
    const line = current.replace(/\s+/g, ' ').trim();
    if (line !== '') lines.push(line);
    current = '';
  };
  const visit = (node: WalkNode) => {
    if (node.nodeType === TEXT_NODE) {
      current += node.textContent ?? '';
      return;
    }
    if (node.nodeType !== ELEMENT_NODE) return;
    const block = BLOCKS.has(node.nodeName.toUpperCase());
    if (block) flush();
    for (let i = 0; i < node.childNodes.length; i++) visit(node.childNodes[i]!);
    if (block) flush();
  };
  visit(root);
  flush();
  return lines.join('\n\n');
}

function blankToNull(value: string | null | undefined): string | null {
  const text = value?.replace(/\s+/g, ' ').trim();
  return text ? text : null;
}
