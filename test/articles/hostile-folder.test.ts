import { execFileSync } from 'node:child_process';
import { realpath, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadArticles, type ArticleDocument, type ArticleProblem, type LoadResult } from '../../src/articles/index.ts';
import { compareCodeUnits } from '../../src/articles/compare-code-units.ts';
import { walkFolder } from '../../src/articles/walk-folder.ts';
import { createTempFolder, type TempFolder } from './temp-folder.ts';

const MiB = 1024 * 1024;
const NESTED_DIRS = Array.from({ length: 30 }, (_, i) => `level-${String(i + 1).padStart(2, '0')}`);
const DEEP_ID = `nested/${NESTED_DIRS.join('/')}/deep.md`;
const UNICODE_ID = 'name with spaces ünïcødé 記事 🚀.md';
const MENTIONS_BODY =
  'Ping @everyone and @here, role <@&123456789012345678>, user <@!456>, channel <#789>.\n' +
  'A [Markdown link](https://example.com/a) and **bold** _text_ `code` > quote.\n';
const ZERO_WIDTH_BODY = 'Zero\u200Bwidth space, non\u200Cjoiner, joiner\u200D, word\u2060joiner, inner\uFEFFBOM.\n';
const LONG_WORD = 'Pneumono'.repeat(25_000); // 200,000 characters, no space

function utf16(text: string, byteOrder: 'le' | 'be'): Uint8Array {
  const le = Buffer.from(text, 'utf16le');
  if (byteOrder === 'be') le.swap16();
  return Buffer.concat([Buffer.from(byteOrder === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]), le]);
}

/** Writes the hostile folder: good files, broken files, traps. Returns the articles folder path. */
async function buildHostileFolder(tmp: TempFolder): Promise<string> {
  const a = (relPath: string, content: string | Uint8Array): Promise<string> => tmp.write(`articles/${relPath}`, content);

  // Files that must be indexed.
  await a('plain.txt', 'Plain text article.\nSecond line.\n');
  await a('README.md', '# About this folder\n\nA README is an article like any other.\n');
  await a('UPPER-CASE.MD', 'Upper-case extension.\n');
  await a('article.markdown', '## Markdown extension ##\n\nBody.\n');
  await a('utf8-bom.md', '\uFEFF---\ntitle: BOM title\n---\nBody after a BOM.\n');
  await a('utf16le.txt', utf16('---\ntitle: Wide title\noutlet: Le Monde\n---\nCafé — 記事 🚀\r\nline two\r\n', 'le'));
  await a('utf16be.txt', utf16('# Big endian\n\nÜber den Text.\n', 'be'));
  await a('crlf.md', '---\r\ntitle: CRLF title\r\n---\r\nLine one\r\nLine two\rLine three\r\n');
  await a('long-line.txt', `${'word '.repeat(MiB).slice(0, 2 * MiB - 1)}.`);
  await a('long-word.md', `Start ${LONG_WORD} end.\n`);
  await a('javascript-url.md', '---\ntitle: Click me\nurl: "javascript:alert(document.cookie)"\n---\nBody.\n');
  await a(
    'aliases.md',
    '---\ntitle: Aliases\nsource: Yonhap\nauthor: [Kim Min-young, Lee Jae-hee]\nlink: https://example.com/news?id=1\n' +
      'date: 2024-12-30T08:15:00+09:00\n---\nBody.\n',
  );
  await a('unparseable-date.md', '---\ntitle: Vague date\ndate: Dec. 27\n---\nBody.\n');
  await a(UNICODE_ID, 'Unicode file name.\n');
  await a(DEEP_ID, 'Thirty folders down.\n');
  await a('duplicate-title-a.md', '---\ntitle: Same Title\n---\nFirst of two.\n');
  await a('duplicate-title-b.md', '---\ntitle: Same Title\n---\nSecond of two.\n');
  await a('mentions.md', MENTIONS_BODY);
  await a('zero-width.md', ZERO_WIDTH_BODY);
  await a('heading-only-marks.md', '#\n\nSome text without a heading.\n');
  await a('untitled.md', '#\n');
  await a('link-target.md', 'The real file behind a link.\n');
  await tmp.link('articles/link-inside.md', 'link-target.md');
  await a('.drafts/draft.md', 'A hidden draft, published through a link.\n');
  await tmp.link('articles/published-draft.md', '.drafts/draft.md');

  // Files that must be skipped and reported.
  await a('empty.md', '');
  await a('whitespace.md', '  \n\t\n \r\n\u200B\n');
  await a('binary.md', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
  await a('invalid-utf8.md', Buffer.concat([Buffer.from('Valid start\nthen bad '), Buffer.from([0xff]), Buffer.from(' byte\n')]));
  await a('utf32.txt', Buffer.from([0xff, 0xfe, 0x00, 0x00, 0x41, 0x00, 0x00, 0x00]));
  await a('utf16-odd-length.txt', Buffer.from([0xff, 0xfe, 0x41, 0x00, 0x42]));
  // Sparse: 50 MB to stat, almost nothing on disk. Its text would be indexable if it were read.
  await truncate(await a('huge.md', 'A huge article.\n'), 50 * 1000 * 1000);
  await a('bad-yaml.md', '---\ntitle: One\ntitle: Two\n---\nBody.\n');
  await a('yaml-list.md', '---\n- title\n- outlet\n---\nBody.\n');
  await a('yaml-string.md', '---\njust a sentence\n---\nBody.\n');
  await a('unterminated.md', '---\ntitle: Never closed\n\nBody text.\n');
  await a('front-matter-only.md', '---\ntitle: Nothing below\n---\n');
  await tmp.write('outside/secret.md', 'TOP SECRET outside the folder.\n');
  await tmp.link('articles/link-outside.md', '../outside/secret.md');
  await tmp.link('articles/escape-dir', '../outside');
  await tmp.link('articles/loop', '.');
  await tmp.link('articles/nested/up-loop', '..');
  await tmp.link('articles/dangling.md', 'does-not-exist.md');
  execFileSync('mkfifo', [path.join(tmp.root, 'articles/pipe.md')]);

  // A PDF cut short after its header, and a web page that is all navigation.
  await a('truncated.pdf', '%PDF-1.7\n');
  await a('empty-page.html', '<html><body><nav><a href="/">Home</a> <a href="/news">News</a></nav></body></html>');

  // Files that must be ignored silently.
  await a('.hidden.md', 'Hidden file.\n');
  await a('.git/notes.md', 'Inside a hidden folder.\n');
  await a('notes.docx', 'PK\u0003\u0004 not an article format\n');
  await a('data.json', '{"title": "not an article"}\n');
  await tmp.link('articles/passwd-link', '../outside/secret.md');
  return path.join(tmp.root, 'articles');
}

/** Documents that must be indexed, with the fields that matter for each case. */
const EXPECTED_DOCUMENTS: Record<string, Partial<ArticleDocument>> = {
  'plain.txt': { title: 'Plain text article.', text: 'Plain text article.\nSecond line.\n', bodyOffset: 0 },
  'README.md': { title: 'About this folder' },
  'UPPER-CASE.MD': { title: 'Upper-case extension.' },
  'article.markdown': { title: 'Markdown extension' },
  'utf8-bom.md': { title: 'BOM title', text: 'Body after a BOM.\n', bodyOffset: 25 },
  'utf16le.txt': { title: 'Wide title', outlet: 'Le Monde', text: 'Café — 記事 🚀\nline two\n' },
  'utf16be.txt': { title: 'Big endian', text: '# Big endian\n\nÜber den Text.\n' },
  // 26 counts the LF-normalised text; in the raw CRLF bytes the body starts at 29.
  'crlf.md': { title: 'CRLF title', text: 'Line one\nLine two\nLine three\n', bodyOffset: 26 },
  'long-line.txt': {},
  'long-word.md': { text: `Start ${LONG_WORD} end.\n` },
  'javascript-url.md': { title: 'Click me', url: null, text: 'Body.\n' },
  'aliases.md': {
    outlet: 'Yonhap',
    byline: 'Kim Min-young, Lee Jae-hee',
    url: 'https://example.com/news?id=1',
    date: '2024-12-30T08:15:00+09:00',
  },
  'unparseable-date.md': { title: 'Vague date', date: null },
  [UNICODE_ID]: { title: 'Unicode file name.' },
  [DEEP_ID]: { title: 'Thirty folders down.' },
  'duplicate-title-a.md': { title: 'Same Title', text: 'First of two.\n' },
  'duplicate-title-b.md': { title: 'Same Title', text: 'Second of two.\n' },
  'mentions.md': { text: MENTIONS_BODY, title: MENTIONS_BODY.split('\n')[0] },
  'zero-width.md': { text: ZERO_WIDTH_BODY },
  'heading-only-marks.md': { title: 'Some text without a heading.' },
  'untitled.md': { title: 'untitled', text: '#\n' },
  'link-target.md': { text: 'The real file behind a link.\n' },
  'published-draft.md': { text: 'A hidden draft, published through a link.\n' },
};

/** Problems that must be reported: path -> [skipped, what the reason must say]. */
const EXPECTED_PROBLEMS: Record<string, Array<[skipped: boolean, reason: RegExp]>> = {
  'empty.md': [[true, /is empty \(0 bytes\)/]],
  'whitespace.md': [[true, /only whitespace/]],
  'binary.md': [[true, /binary file \(NUL byte at offset 8\)/]],
  'invalid-utf8.md': [[true, /not valid UTF-8 \(byte 0xff at offset 21, line 2\); save the file as UTF-8/]],
  'utf32.txt': [[true, /UTF-32/]],
  'utf16-odd-length.txt': [[true, /not valid UTF-16LE/]],
  'huge.md': [[true, /too large: 47\.7 MiB, over the 5\.0 MiB limit; it was not read\. Split it into smaller articles or raise MAX_FILE_MB$/]],
  'bad-yaml.md': [[true, /not valid YAML \(line 3: Map keys must be unique\)/]],
  'yaml-list.md': [[true, /front matter that is a list/]],
  'yaml-string.md': [[true, /front matter that is a single string value/]],
  'unterminated.md': [[true, /never closed.*add the closing ---/]],
  'truncated.pdf': [[true, /is a PDF that cannot be read/]],
  'empty-page.html': [[true, /has no article text that could be found/]],
  'front-matter-only.md': [[true, /no article text/]],
  'link-outside.md': [[true, /symbolic link to a file outside the articles folder; it was not read/]],
  'escape-dir/': [[true, /symbolic link to a folder outside the articles folder; it was not followed/]],
  'loop/': [[true, /symbolic link to a folder; links to folders are not followed/]],
  'nested/up-loop/': [[true, /symbolic link to a folder; links to folders are not followed/]],
  'dangling.md': [[true, /symbolic link that cannot be resolved \(ENOENT/]],
  'pipe.md': [[true, /not a regular file/]],
  'link-inside.md': [[true, /symbolic link to "link-target\.md", which is indexed once under that name/]],
  'javascript-url.md': [[false, /unsafe scheme "javascript:" and was dropped/]],
  'unparseable-date.md': [[false, /date "Dec\. 27" is not an ISO date; it was ignored/]],
};

describe('loading a folder full of hostile files', () => {
  let tmp: TempFolder;
  let dir: string;
  let result: LoadResult;
  const doc = (id: string): ArticleDocument => {
    const found = result.documents.find((candidate) => candidate.id === id);
    if (found === undefined) throw new Error(`no document ${id}; problems: ${JSON.stringify(problemsFor(id))}`);
    return found;
  };
  const problemsFor = (pathName: string): ArticleProblem[] => result.problems.filter((p) => p.path === pathName);

  beforeAll(async () => {
    tmp = await createTempFolder();
    dir = await buildHostileFolder(tmp);
    result = await loadArticles(dir);
  });
  afterAll(async () => {
    await tmp?.cleanup();
  });

  it('indexes exactly the good files, sorted by id', () => {
    const ids = Object.keys(EXPECTED_DOCUMENTS).sort(compareCodeUnits);
    expect(result.documents.map((d) => d.id)).toEqual(ids);
  });

  it.each(Object.entries(EXPECTED_DOCUMENTS))('indexes %s with the expected fields', (id, fields) => {
    expect(doc(id)).toMatchObject(fields);
  });

  it('reports exactly the broken files, each by name, and nothing for hidden or other-extension files', () => {
    const paths = [...new Set(result.problems.map((p) => p.path))].sort();
    expect(paths).toEqual(Object.keys(EXPECTED_PROBLEMS).sort());
  });

  it.each(Object.entries(EXPECTED_PROBLEMS))('reports %s with a reason that says what is wrong', (pathName, expected) => {
    const problems = problemsFor(pathName);
    expect(problems).toHaveLength(expected.length);
    problems.forEach((problem, i) => {
      const [skipped, reason] = expected[i]!;
      expect(problem.skipped).toBe(skipped);
      expect(problem.reason).toMatch(reason);
    });
  });

  it('never opens a file outside the folder: every path the walk hands out is inside it', async () => {
    const root = await realpath(dir);
    const walk = await walkFolder(dir, ['.md', '.markdown', '.txt']);
    for (const file of walk.files) expect(file.realPath.startsWith(root + path.sep)).toBe(true);
    expect(result.documents.some((d) => d.text.includes('TOP SECRET'))).toBe(false);
  });

  it('indexes a 2 MB single line whole and caps the title taken from it at 200 characters', () => {
    const longLine = doc('long-line.txt');
    expect(longLine.text.length).toBe(2 * MiB);
    expect(longLine.text).not.toContain('\n');
    expect([...longLine.title]).toHaveLength(200);
    expect(longLine.title.endsWith('…')).toBe(true);
  });

  it('indexes a file with a 200,000-character word without cutting the word', () => {
    expect(doc('long-word.md').text).toContain(LONG_WORD);
  });

  it('keeps Discord mentions and Markdown in the text unchanged (escaping is the output layer’s job)', () => {
    expect(doc('mentions.md').text).toContain('@everyone');
    expect(doc('mentions.md').text).toContain('<@&123456789012345678>');
    expect(doc('mentions.md').text).toContain('[Markdown link](https://example.com/a)');
  });

  it('keeps zero-width characters so that offsets match the file', () => {
    const text = doc('zero-width.md').text;
    for (const char of ['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF']) expect(text).toContain(char);
  });

  it('gives two files with the same title distinct ids and hashes', () => {
    const [first, second] = [doc('duplicate-title-a.md'), doc('duplicate-title-b.md')];
    expect(first.title).toBe(second.title);
    expect(first.hash).not.toBe(second.hash);
  });

  it('decodes UTF-16 with a byte-order mark and hashes the raw bytes', () => {
    const le = doc('utf16le.txt');
    expect(le.bytes % 2).toBe(0);
    expect(le.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(doc('utf16be.txt').text).toContain('Über');
  });
});

describe('the size limit', () => {
  let tmp: TempFolder;
  beforeAll(async () => {
    tmp = await createTempFolder();
    await tmp.write('at-limit.md', 'x'.repeat(100));
    await tmp.write('over-limit.md', 'x'.repeat(101));
  });
  afterAll(async () => {
    await tmp?.cleanup();
  });

  it('indexes a file of exactly maxFileBytes and skips one a byte larger', async () => {
    const result = await loadArticles(tmp.root, { maxFileBytes: 100 });
    expect(result.documents.map((d) => d.id)).toEqual(['at-limit.md']);
    expect(result.problems).toEqual([
      { path: 'over-limit.md', skipped: true, reason: expect.stringMatching(/too large: 101 bytes, over the 100 bytes limit/) },
    ]);
  });

  it('reads only the extensions it is given, case-insensitively', async () => {
    await writeFile(path.join(tmp.root, 'notes.TEXT'), 'Notes.\n');
    const result = await loadArticles(tmp.root, { extensions: ['text'] });
    expect(result.documents.map((d) => d.id)).toEqual(['notes.TEXT']);
  });

  it('rejects a maxFileBytes that is not a positive whole number', async () => {
    await expect(loadArticles(tmp.root, { maxFileBytes: 0 })).rejects.toThrow(RangeError);
  });
});

describe('an articles folder that cannot be read', () => {
  it('throws an error that names the folder and the cause', async () => {
    const error = await loadArticles('/no/such/articles-folder').catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      name: 'ArticleFolderError',
      code: 'ENOENT',
      message: expect.stringContaining('reading articles folder /no/such/articles-folder: ENOENT'),
    });
  });

  it('throws when the path is a file rather than a folder', async () => {
    const tmp = await createTempFolder();
    try {
      const file = await tmp.write('single.md', 'Text.\n');
      await expect(loadArticles(file)).rejects.toMatchObject({ code: 'ENOTDIR' });
    } finally {
      await tmp.cleanup();
    }
  });
});
