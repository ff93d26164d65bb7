import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FolderArticleSource, loadArticles } from '../../src/articles/index.ts';
import { addArticle, type AddOptions } from '../../src/ingest/add-article.ts';
import { MAX_REDIRECTS } from '../../src/ingest/fetch-url.ts';
import { IngestRefused } from '../../src/ingest/ingest-error.ts';
import { sniffFormat } from '../../src/ingest/sniff-format.ts';
import { storedName } from '../../src/ingest/stored-name.ts';
import { makePdf } from '../articles/make-pdf.ts';
import { createTempFolder, type TempFolder } from '../articles/temp-folder.ts';
import { redirect, serve, startLocalSite, type LocalSite } from './local-site.ts';

const NEWS_PAGE = new URL('../articles/fixtures/news-page.html', import.meta.url);

let site: LocalSite;
let tmp: TempFolder;
let html: string;

beforeAll(async () => {
  html = await readFile(NEWS_PAGE, 'utf8');
  site = await startLocalSite({
    '/harbour': serve('text/html; charset=utf-8', html),
    '/short-link': redirect('/harbour'),
    '/menu': serve('text/html', '<html><body><nav><a href="/">Home</a></nav><p>Sign in</p></body></html>'),
    '/report.pdf': serve('application/octet-stream', makePdf([['The annual report of the harbour authority says traffic rose by 4 per cent.']], { Title: 'Annual report' })),
    '/pretend-page': serve('text/html', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])),
  });
});
afterAll(() => site.close());
// The page's canonical link is relative, so it resolves against the address it was fetched from.
const canonical = () => site.url('/news/2025/03/14/harbour-bridge-reopens');
beforeEach(async () => {
  tmp = await createTempFolder();
});
afterEach(() => tmp.cleanup());

const options = (overrides: Partial<AddOptions> = {}): AddOptions => ({
  articles: new FolderArticleSource(tmp.root),
  maxFileBytes: 1024 * 1024,
  addedBy: '123456789012345678',
  fetchRules: { connectTimeoutMs: 2000, totalTimeoutMs: 5000, maxRedirects: MAX_REDIRECTS, isAllowedAddress: () => true },
  now: () => new Date('2025-03-15T10:00:00.000Z'),
  ...overrides,
});

const files = async () => (await readdir(tmp.root)).sort();

describe('adding an article from a link', () => {
  it('stores the article text as Markdown with its citation fields and who added it, when and how, under a derived name', async () => {
    const added = await addArticle({ kind: 'link', url: site.url('/short-link') }, options());
    expect(added).toMatchObject({ status: 'added', title: 'Harbour bridge reopens after two years of repairs', outlet: 'The Coastal Herald', url: canonical(), replaced: null });
    expect(added.id).toMatch(/^harbour-bridge-reopens-after-two-years-of-repairs-[0-9a-f]{12}\.md$/);
    expect(await files()).toEqual([added.id]);
    const { documents, problems } = await loadArticles(tmp.root);
    expect(problems).toEqual([]);
    expect(documents[0]).toMatchObject({
      id: added.id,
      title: 'Harbour bridge reopens after two years of repairs',
      outlet: 'The Coastal Herald',
      byline: 'Maria Lindqvist, Tom Okafor',
      date: '2025-03-14T08:30:00+00:00',
      url: canonical(),
      provenance: { via: 'link', by: '123456789012345678', at: '2025-03-15T10:00:00.000Z', sourceUrl: site.url('/short-link') },
    });
    expect(documents[0]!.text).toContain('Engineers replaced all 112 suspension cables');
    expect(documents[0]!.text).not.toContain('Unbelievable waste');
  });

  it('updates the article instead of adding a copy when the same link (or its canonical address) is added again', async () => {
    const first = await addArticle({ kind: 'link', url: site.url('/harbour') }, options());
    const again = await addArticle({ kind: 'link', url: site.url('/short-link') }, options({ addedBy: 'cli' }));
    expect(again).toMatchObject({ status: 'updated', id: first.id });
    expect(await files()).toEqual([first.id]);
    expect((await loadArticles(tmp.root)).documents[0]!.provenance?.by).toBe('cli');
  });

  it('updates a folder article with the same text instead of duplicating it, keeping its file name', async () => {
    const text = 'The harbour ferry made its last crossing on Monday. About 4,000 people a day had used it.';
    await tmp.write('ferry.md', `---\ntitle: Ferry ends\n---\n${text}\n`);
    const added = await addArticle({ kind: 'upload', bytes: Buffer.from(`${text.replace(' Monday', '   Monday')}\n`) }, options());
    expect(added).toMatchObject({ status: 'updated', id: 'ferry.md' });
    expect(await files()).toEqual(['ferry.md']);
  });

  it('stores a PDF served as octet-stream, judged by its bytes', async () => {
    const added = await addArticle({ kind: 'link', url: site.url('/report.pdf') }, options());
    expect(added).toMatchObject({ title: 'Annual report', url: site.url('/report.pdf') });
  });

  it('refuses a page without an article, and a file whose bytes are not what its label says, writing nothing', async () => {
    await expect(addArticle({ kind: 'link', url: site.url('/menu') }, options())).rejects.toThrow(/The page has no article text that could be found/);
    await expect(addArticle({ kind: 'link', url: site.url('/pretend-page') }, options())).rejects.toThrow(/The page is a PNG file \(image\/png\), not an article/);
    await expect(addArticle({ kind: 'link', url: site.url('/nothing-here') }, options())).rejects.toThrow(/answered 404 Not Found/);
    expect(await files()).toEqual([]);
  });
});

describe('adding an uploaded file', () => {
  it('keeps a Markdown upload’s front matter and text, adding the provenance', async () => {
    const md = '---\ntitle: Council budget\noutlet: Town News\ndate: 2025-01-02\ntags: [budget]\n---\nThe council agreed the budget on Tuesday.\n';
    const added = await addArticle({ kind: 'upload', bytes: Buffer.from(md) }, options());
    const stored = await readFile(path.join(tmp.root, added.id), 'utf8');
    expect(stored).toMatch(/^---\ntags:\n  - budget\ntitle: Council budget\noutlet: Town News\ndate: 2025-01-02\nadded_via: upload\nadded_by: "123456789012345678"\nadded_at: 2025-03-15T10:00:00.000Z\n---\nThe council agreed the budget on Tuesday.\n$/);
  });

  it('refuses binary files, empty files and files over the size limit, each with its reason, writing nothing', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    await expect(addArticle({ kind: 'upload', bytes: png }, options())).rejects.toThrow(/The file is a PNG file/);
    await expect(addArticle({ kind: 'upload', bytes: new Uint8Array() }, options())).rejects.toThrow(/The file is empty/);
    await expect(addArticle({ kind: 'upload', bytes: Buffer.from('x'.repeat(2000)) }, options({ maxFileBytes: 1000 }))).rejects.toThrow(/too large \(2\.0 KiB, over the 1000 bytes limit\)/);
    await expect(addArticle({ kind: 'upload', bytes: Buffer.from('caf\xe9', 'latin1') }, options())).rejects.toThrow(/The file is not valid UTF-8/);
    await expect(addArticle({ kind: 'upload', bytes: makePdf([[]]) }, options())).rejects.toThrow(/The file is a PDF without a text layer/);
    expect(await files()).toEqual([]);
  });

  it('undoes an add: a new article disappears, an updated one gets its old text back', async () => {
    await tmp.write('ferry.md', 'Ferry ends\n\nThe ferry made its last crossing.\n');
    const fresh = await addArticle({ kind: 'upload', bytes: Buffer.from('A new article about the bridge.\n') }, options());
    const update = await addArticle({ kind: 'upload', bytes: Buffer.from('ferry ends\n\nthe ferry made its last crossing.\n') }, options());
    expect(update.status).toBe('updated');
    await update.undo();
    await fresh.undo();
    expect(await files()).toEqual(['ferry.md']);
    expect(await readFile(path.join(tmp.root, 'ferry.md'), 'utf8')).toBe('Ferry ends\n\nThe ferry made its last crossing.\n');
  });
});

describe('collection limits', () => {
  it('refuses a new article past the article count or the size budget, but still updates an existing one', async () => {
    await tmp.write('one.md', 'First article text.\n');
    await tmp.write('two.md', 'Second article text.\n');
    const full = options({ limits: { maxArticles: 2, maxTotalBytes: 10_000 } });
    await expect(addArticle({ kind: 'upload', bytes: Buffer.from('A third article.\n') }, full)).rejects.toThrow(
      'The collection already holds 2 articles, the most allowed (MAX_ARTICLES_PER_GUILD); remove one with /article remove first.',
    );
    expect((await addArticle({ kind: 'upload', bytes: Buffer.from('first article text.\n') }, full)).status).toBe('updated');
    const small = options({ limits: { maxArticles: 10, maxTotalBytes: 300 } });
    await expect(addArticle({ kind: 'upload', bytes: Buffer.from(`${'A long article. '.repeat(20)}\n`) }, small)).rejects.toThrow(
      /would bring the collection to .* over its 300 bytes budget \(MAX_GUILD_ARTICLES_MB\)/,
    );
    expect(await files()).toEqual(['one.md', 'two.md']);
  });
});

describe('stored names and formats', () => {
  it('derives names that no title can turn into a path', () => {
    for (const title of ['../../x.md', 'CON', 'a\0b', 'x'.repeat(300), 'Ｆｕｌｌｗｉｄｔｈ／ｓｌａｓｈ', '', '\u202Egnp.exe', 'Café crème — 2025']) {
      const name = storedName(title, title);
      expect(name, title).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*-[0-9a-f]{12}\.md$/);
      expect(name.length).toBeLessThanOrEqual(60 + 1 + 12 + 3);
    }
    expect(storedName('Café crème — 2025', 'k')).toMatch(/^cafe-creme-2025-/);
    expect(storedName('CON', 'a')).not.toBe(storedName('CON', 'b'));
  });

  it('tells formats from the bytes, whatever a name or label says', async () => {
    expect(await sniffFormat(makePdf([['x']]))).toEqual({ ok: true, value: 'pdf' });
    expect(await sniffFormat(Buffer.from('  <!DOCTYPE html><html></html>'))).toEqual({ ok: true, value: 'html' });
    expect(await sniffFormat(Buffer.from('<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"></html>'))).toEqual({ ok: true, value: 'html' });
    expect(await sniffFormat(Buffer.from('# Title\n\nText with <b>tags</b>.'))).toEqual({ ok: true, value: 'text' });
    expect(await sniffFormat(Buffer.from('PK\x03\x04\x14\x00\x06\x00', 'latin1'))).toMatchObject({ ok: false });
  });

  it('raises refusals as IngestRefused, which the CLI and Discord show as they are', async () => {
    await expect(addArticle({ kind: 'link', url: 'ftp://example.com/a' }, options())).rejects.toBeInstanceOf(IngestRefused);
  });
});
