import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadArticles } from '../../src/articles/index.ts';
import { pdfDate } from '../../src/articles/extract-pdf.ts';
import { makePdf } from './make-pdf.ts';
import { createTempFolder, type TempFolder } from './temp-folder.ts';

const NEWS_PAGE = new URL('./fixtures/news-page.html', import.meta.url);

let tmp: TempFolder;
beforeEach(async () => {
  tmp = await createTempFolder();
});
afterEach(async () => {
  await tmp.cleanup();
});

describe('web pages in the articles folder', () => {
  it('indexes the article of a news page with the title, outlet, byline, date and link the page states, and none of its menus, ads or comments', async () => {
    await tmp.write('harbour.html', await readFile(NEWS_PAGE));
    const { documents, problems } = await loadArticles(tmp.root);
    expect(problems).toEqual([]);
    const [doc] = documents;
    expect(doc).toMatchObject({
      id: 'harbour.html',
      title: 'Harbour bridge reopens after two years of repairs',
      outlet: 'The Coastal Herald',
      byline: 'Maria Lindqvist, Tom Okafor',
      date: '2025-03-14T08:30:00+00:00',
      // The relative canonical link can't resolve without the page's address, so og:url is used.
      url: 'https://coastal-herald.example/news/harbour-bridge-reopens?utm_source=og',
      bodyOffset: 0,
    });
    expect(doc!.text).toContain('The harbour bridge reopened to traffic on Friday morning');
    expect(doc!.text).toContain('Engineers replaced all 112 suspension cables and resurfaced the deck.');
    for (const noise of ['Subscribe today', 'ADVERTISEMENT', 'Holiday deals', 'Most read', 'Unbelievable waste', 'Cookie settings', 'dataLayer']) {
      expect(doc!.text).not.toContain(noise);
    }
    // One paragraph a line: a sentence never runs across the page's own line wrapping.
    expect(doc!.text).toContain('that cost the city 84 million euros');
  });

  it('falls back from JSON-LD to Open Graph and meta tags, and drops a javascript: canonical link with a warning', async () => {
    const body = '<p>' + 'The council met on Tuesday and agreed the new budget for the harbour district. '.repeat(5) + '</p>';
    await tmp.write(
      'page.htm',
      `<html><head><title>Budget agreed | Town News</title><meta property="og:title" content="Budget agreed">` +
        `<meta property="og:site_name" content="Town News"><meta name="author" content="A. Writer">` +
        `<meta property="article:published_time" content="2025-01-02"><link rel="canonical" href="javascript:alert(1)">` +
        `</head><body><article>${body}</article></body></html>`,
    );
    const { documents, problems } = await loadArticles(tmp.root);
    expect(documents[0]).toMatchObject({ title: 'Budget agreed', outlet: 'Town News', byline: 'A. Writer', date: '2025-01-02', url: null });
    expect(problems).toEqual([{ path: 'page.htm', skipped: false, reason: expect.stringMatching(/unsafe scheme "javascript:"/) }]);
  });

  it('decodes a page in the character set its <meta> declares', async () => {
    const text = 'Le café a rouvert ses portes après des travaux. '.repeat(6);
    const html = `<html><head><meta charset="windows-1252"><title>Café</title></head><body><article><p>${text}</p></article></body></html>`;
    await tmp.write('cafe.html', Buffer.from(html, 'latin1'));
    const { documents } = await loadArticles(tmp.root);
    expect(documents[0]?.text).toContain('Le café a rouvert ses portes après des travaux.');
  });
});

describe('PDFs in the articles folder', () => {
  it('indexes the text layer, joining wrapped lines into sentences and keeping the document title, author and date', async () => {
    const pdf = makePdf(
      [
        [
          'Ferry service ends',
          'The ferry that carried commuters across the harbour during the bridge',
          'repairs will make its last crossing on 31 March, the operator said on',
          'Monday.',
          'About 4,000 people a day used the ferry at its busiest.',
        ],
        ['Second page: the operator will sell two of its three boats.'],
      ],
      { Title: 'Ferry service to end', Author: 'Harbour Transport Authority', CreationDate: "D:20250317093000+01'00'" },
    );
    await tmp.write('ferry.pdf', pdf);
    const { documents, problems } = await loadArticles(tmp.root);
    expect(problems).toEqual([]);
    expect(documents[0]).toMatchObject({
      id: 'ferry.pdf',
      title: 'Ferry service to end',
      byline: 'Harbour Transport Authority',
      date: '2025-03-17T09:30:00+01:00',
      outlet: null,
    });
    expect(documents[0]!.text.split('\n').filter(Boolean)).toEqual([
      'Ferry service ends',
      'The ferry that carried commuters across the harbour during the bridge repairs will make its last crossing on 31 March, the operator said on Monday.',
      'About 4,000 people a day used the ferry at its busiest.',
      'Second page: the operator will sell two of its three boats.',
    ]);
  });

  it('skips a PDF without a text layer, and a damaged one, each with its reason', async () => {
    await tmp.write('scan.pdf', makePdf([[]]));
    await tmp.write('damaged.pdf', Buffer.from(makePdf([['Some text here.']])).subarray(0, 200));
    await tmp.write('ok.md', 'Still indexed.\n');
    const { documents, problems } = await loadArticles(tmp.root);
    expect(documents.map((d) => d.id)).toEqual(['ok.md']);
    expect(problems).toEqual([
      { path: 'damaged.pdf', skipped: true, reason: expect.stringMatching(/^is a PDF that cannot be read/) },
      { path: 'scan.pdf', skipped: true, reason: expect.stringMatching(/^is a PDF without a text layer/) },
    ]);
  });

  it('reads PDF dates with and without a time or zone', () => {
    expect(pdfDate('D:20241227')).toBe('2024-12-27');
    expect(pdfDate('D:20241227103000Z')).toBe('2024-12-27T10:30:00Z');
    expect(pdfDate("D:20241227103000-05'00'")).toBe('2024-12-27T10:30:00-05:00');
    expect(pdfDate('D:20241327')).toBeNull();
    expect(pdfDate(undefined)).toBeNull();
  });
});

describe('the per-server folders', () => {
  it('never reads the top-level guilds/ folder (each server’s own collection), but reads other folders named guilds', async () => {
    await tmp.write('shared.md', 'An article for everyone.\n');
    await tmp.write('guilds/123456789012345678/private.md', 'An article one server uploaded.\n');
    await tmp.write('topics/guilds/deeper.md', 'An article about guilds.\n');
    const { documents, problems } = await loadArticles(tmp.root);
    expect(documents.map((d) => d.id)).toEqual(['shared.md', 'topics/guilds/deeper.md']);
    expect(problems).toEqual([]);
  });
});
