import { stringify } from 'yaml';
import {
  loadArticlesFrom,
  PROVENANCE_KEYS,
  readArticleBytes,
  type ArticleDocument,
  type ArticleFormat,
  type ArticleSource,
  type ReadArticle,
} from '../articles/index.ts';
import { formatBytes } from '../articles/format-bytes.ts';
import { fetchUrl, type FetchRules } from './fetch-url.ts';
import { IngestRefused } from './ingest-error.ts';
import { sniffFormat } from './sniff-format.ts';
import { linkIdentity, storedName, textIdentity } from './stored-name.ts';

/** What to add: a web address to fetch, or a file's bytes (a Discord attachment, a local file). */
export type ArticleInput = { kind: 'link'; url: string } | { kind: 'upload'; bytes: Uint8Array };

export interface AddOptions {
  /** The collection's article files (its folder, or the database with DATABASE_URL). */
  articles: ArticleSource;
  /** MAX_FILE_MB in bytes: the most an upload or a fetched page may be, and the stored article too. */
  maxFileBytes: number;
  /** A Discord user id, or `cli`. */
  addedBy: string;
  /** How links are fetched (timeouts, redirects, which addresses). */
  fetchRules: Omit<FetchRules, 'maxBytes'>;
  /** Caps on the collection (for adds from Discord): how many articles, and how many bytes in all. */
  limits?: { maxArticles: number; maxTotalBytes: number };
  now?: () => Date;
}

/** An article that was written to the collection; `undo` puts the collection's files back as they were (when indexing it fails). */
export interface AddedArticle {
  /** The stored file, relative to the collection: the document id once indexed. */
  id: string;
  /** `updated`: the same link or the same text was already in the collection and was replaced. */
  status: 'added' | 'updated';
  title: string;
  outlet: string | null;
  date: string | null;
  url: string | null;
  /** The file the new one replaced under another name (a page or PDF stored as Markdown), if any. */
  replaced: string | null;
  undo(): Promise<void>;
}

// One add at a time per collection: two adds of the same article at once must not both miss the other.
const queues = new Map<string, Promise<unknown>>();

/**
 * Adds one article to a collection: fetches a link (see {@link fetchUrl}) or takes an
 * upload, decides the format from the bytes, extracts the text and citation fields, and writes it
 * as Markdown with front matter (title, outlet, date, byline, link, and who added it, when and
 * how) under a derived name (see {@link storedName}). Adding the same link (canonical or as given)
 * or the same text again rewrites that article instead of adding a second copy.
 *
 * The file appears whole or not at all (written beside and renamed); nothing is written when the
 * article is refused. Indexing is the caller's next step.
 *
 * @throws {IngestRefused} with the reason, for anything the person adding it can act on
 */
export function addArticle(input: ArticleInput, options: AddOptions): Promise<AddedArticle> {
  const key = options.articles.key;
  const run = (queues.get(key) ?? Promise.resolve()).catch(() => undefined).then(() => addNow(input, options, options.articles));
  queues.set(key, run);
  void run.finally(() => {
    if (queues.get(key) === run) queues.delete(key);
  }).catch(() => undefined);
  return run;
}

async function addNow(input: ArticleInput, options: AddOptions, articles: ArticleSource): Promise<AddedArticle> {
  const { maxFileBytes } = options;
  let bytes: Uint8Array;
  let baseUrl: string | undefined;
  let charset: string | undefined;
  let givenLink: string | null = null;
  if (input.kind === 'link') {
    const fetched = await fetchUrl(input.url, { ...options.fetchRules, maxBytes: maxFileBytes });
    bytes = fetched.bytes;
    baseUrl = fetched.finalUrl;
    charset = fetched.charset;
    givenLink = linkIdentity(input.url);
  } else {
    bytes = input.bytes;
    if (bytes.length > maxFileBytes) {
      throw fileTooLarge(bytes.length, maxFileBytes);
    }
  }
  const noun = input.kind === 'link' ? 'The page' : 'The file';
  const format = await sniffFormat(bytes);
  if (!format.ok) throw new IngestRefused(`${noun} ${format.reason}.`);
  const read = await readArticleBytes(bytes, format.value, { baseUrl, charset });
  if (!read.ok) throw new IngestRefused(`${noun} ${read.reason}.`);
  const article = read.value;
  // A page without its own canonical link is cited by the address it was fetched from.
  const url = article.url ?? (input.kind === 'link' ? baseUrl! : null);
  const title = (article.title ?? 'Untitled article').replace(/\s+/g, ' ').trim();

  const existing = (await loadArticlesFrom(articles, { maxFileBytes })).documents;
  const match = findSame(existing, { url, givenLink, text: article.text });
  const identity = url !== null ? linkIdentity(url) : `text:${textIdentity(article.text)}`;
  // A Markdown article keeps its name when updated (its id, and so its place in the index, stays);
  // a page or PDF is stored as Markdown under a derived name and its old file removed.
  const id = match && /\.(?:md|markdown|txt)$/i.test(match.id) ? match.id : storedName(title, identity);
  const content = markdownFile(article, {
    title,
    url,
    sourceUrl: givenLink !== null && givenLink !== url ? givenLink : null,
    via: input.kind,
    by: options.addedBy,
    at: (options.now?.() ?? new Date()).toISOString(),
  }, format.value);
  if (content.length > maxFileBytes) {
    throw new IngestRefused(`${noun} is too large once stored as text (${formatBytes(content.length)}, over the ${formatBytes(maxFileBytes)} limit).`);
  }
  if (options.limits) checkLimits(existing, match, content.length, options.limits);
  // Written only after a read-back proves the loader will index exactly this article.
  const check = await readArticleBytes(content, 'text');
  if (!check.ok || check.value.title !== title) throw new Error(`the stored form of "${title}" does not read back (${check.ok ? 'title differs' : check.reason})`);

  const previous = await articles.read(id, Number.MAX_SAFE_INTEGER);
  const before = previous.ok ? previous.value : null;
  const replaced = match && match.id !== id ? match.id : null;
  const replacedRead = replaced ? await articles.read(replaced, Number.MAX_SAFE_INTEGER) : null;
  if (replacedRead && !replacedRead.ok) throw new Error(`reading ${articles.describe(replaced!)} before replacing it: it ${replacedRead.reason}`);
  const replacedBytes = replacedRead?.ok ? replacedRead.value : null;
  await articles.write(id, content);
  if (replaced) await articles.remove(replaced);
  return {
    id,
    status: match ? 'updated' : 'added',
    title,
    outlet: article.outlet,
    date: article.date,
    url,
    replaced,
    undo: async () => {
      if (before) await articles.write(id, before);
      else await articles.remove(id);
      if (replaced && replacedBytes) await articles.write(replaced, replacedBytes);
    },
  };
}

/** The refusal of an upload over MAX_FILE_MB (checked again before the download, from the size Discord states). */
export function fileTooLarge(size: number, maxFileBytes: number): IngestRefused {
  return new IngestRefused(`The file is too large (${formatBytes(size)}, over the ${formatBytes(maxFileBytes)} limit); split it or ask the operator to raise MAX_FILE_MB.`);
}

function checkLimits(existing: ArticleDocument[], match: ArticleDocument | undefined, size: number, limits: NonNullable<AddOptions['limits']>): void {
  if (!match && existing.length >= limits.maxArticles) {
    throw new IngestRefused(
      `The collection already holds ${existing.length} articles, the most allowed (MAX_ARTICLES_PER_GUILD); remove one with /article remove first.`,
    );
  }
  const total = existing.reduce((sum, doc) => sum + (doc === match ? 0 : doc.bytes), 0) + size;
  if (total > limits.maxTotalBytes) {
    throw new IngestRefused(
      `Adding it would bring the collection to ${formatBytes(total)}, over its ${formatBytes(limits.maxTotalBytes)} budget (MAX_GUILD_ARTICLES_MB); remove articles first.`,
    );
  }
}

/** The article already in the collection with the same link (canonical or as first given) or the same text. */
function findSame(documents: ArticleDocument[], wanted: { url: string | null; givenLink: string | null; text: string }): ArticleDocument | undefined {
  const links = new Set([wanted.url, wanted.givenLink].filter((l): l is string => l !== null).map(linkIdentity));
  const byLink = documents.find((doc) =>
    [doc.url, doc.provenance?.sourceUrl ?? null].some((l) => l !== null && links.has(linkIdentity(l))),
  );
  if (byLink) return byLink;
  const text = textIdentity(wanted.text);
  return documents.find((doc) => textIdentity(doc.text) === text);
}

interface StoredFields {
  title: string;
  url: string | null;
  sourceUrl: string | null;
  via: 'link' | 'upload';
  by: string;
  at: string;
}

/** The article as the folder stores it: front matter (citation fields, then provenance) and the text. */
function markdownFile(article: ReadArticle, fields: StoredFields, format: ArticleFormat): Uint8Array {
  const data: Record<string, unknown> = {
    ...(format === 'text' ? article.extra : {}),
    title: fields.title,
    ...(article.outlet ? { outlet: article.outlet } : {}),
    ...(article.date ? { date: article.date } : {}),
    ...(article.byline ? { byline: article.byline } : {}),
    ...(fields.url ? { url: fields.url } : {}),
    [PROVENANCE_KEYS.via]: fields.via,
    [PROVENANCE_KEYS.by]: fields.by,
    [PROVENANCE_KEYS.at]: fields.at,
    ...(fields.sourceUrl ? { [PROVENANCE_KEYS.sourceUrl]: fields.sourceUrl } : {}),
  };
  const body = article.text.endsWith('\n') ? article.text : `${article.text}\n`;
  return new Uint8Array(Buffer.from(`---\n${stringify(data, { lineWidth: 0 })}---\n${body}`, 'utf8'));
}
