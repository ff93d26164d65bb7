import { formatOfName, readArticleBytes, type ArticleSource, type Provenance } from '../articles/index.ts';
import type { DocumentRecord } from '../records/index.ts';
import { safeText } from './respond.ts';
import { sourcesPage } from './sources-message.ts';

/**
 * How each article on a /sources page came into the collection, as a note to append to its line:
 * `folder`, `uploaded`, or `link` with the link. With `showWho` (a moderator asked, privately),
 * who added it and when too. Read from the articles' own front matter, where `npm run add` and
 * `/article add` record it, in the collection's folder or the database; a file that can't be read now just shows no note.
 */
export async function provenanceNotes(
  articles: ArticleSource,
  documents: readonly DocumentRecord[],
  page: number,
  options: { showWho: boolean },
): Promise<Map<string, string>> {
  // The same page sourcesMessage shows, so only its articles' files are read.
  const { slice } = sourcesPage(documents, page);
  const notes = new Map<string, string>();
  // One at a time: a page is a handful of articles, and from the database each read is a query
  // that would otherwise take a connection of its own.
  for (const doc of slice) {
    const provenance = await readProvenanceOf(articles, doc.id);
    if (provenance !== null) notes.set(doc.id, noteFor(provenance, doc, options.showWho));
  }
  return notes;
}

/** undefined: put in the folder; null: could not be read. */
async function readProvenanceOf(articles: ArticleSource, id: string): Promise<Provenance | undefined | null> {
  if (formatOfName(id) !== 'text') return undefined;
  const bytes = await articles.read(id, 5 * 1024 * 1024);
  if (!bytes.ok) return null;
  const read = await readArticleBytes(bytes.value, 'text');
  return read.ok ? read.value.provenance : null;
}

function noteFor(provenance: Provenance | undefined, doc: DocumentRecord, showWho: boolean): string {
  if (provenance === undefined) return 'folder';
  const who = provenance.by === 'cli' ? 'from the terminal' : /^\d+$/.test(provenance.by) ? `by <@${provenance.by}>` : `by ${safeText(provenance.by)}`;
  const at = Date.parse(provenance.at);
  const whoWhen = showWho ? ` ${who}${Number.isFinite(at) ? ` <t:${Math.floor(at / 1000)}:d>` : ''}` : '';
  if (provenance.via === 'upload') return `uploaded${whoWhen}`;
  const link = provenance.sourceUrl ?? doc.url;
  return `link${whoWhen}${link ? ` <${link.replace(/[<>\s]/g, encodeURIComponent)}>` : ''}`;
}
