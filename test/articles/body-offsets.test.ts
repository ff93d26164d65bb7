import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadArticles, type ArticleDocument } from '../../src/articles/index.ts';
import { createTempFolder, type TempFolder } from './temp-folder.ts';

const SAMPLE_DIR = fileURLToPath(new URL('../../articles/', import.meta.url));

/**
 * The file as a person sees it in an editor, decoded independently of the code under test:
 * the BOM picks the encoding (and is dropped), and every line break becomes LF.
 */
function editorText(raw: Buffer): string {
  const encoding =
    raw[0] === 0xff && raw[1] === 0xfe ? 'utf-16le' : raw[0] === 0xfe && raw[1] === 0xff ? 'utf-16be' : 'utf-8';
  return new TextDecoder(encoding).decode(raw).replace(/\r\n|\r/g, '\n');
}

function utf16(text: string, byteOrder: 'le' | 'be'): Buffer {
  const le = Buffer.from(text, 'utf16le');
  if (byteOrder === 'be') le.swap16();
  return Buffer.concat([Buffer.from(byteOrder === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]), le]);
}

// Every body holds "needle" after characters that shift offsets: emoji (two UTF-16 units), zero-width, CRLF.
const FILES: Record<string, string | Buffer> = {
  'no-front-matter.md': 'Plain 🚀 body with a needle.\n',
  'front-matter.md': '---\ntitle: "🚀 Rocket"\n---\nBody\u200B with a needle.\n',
  'bom-front-matter.md': '\uFEFF---\ntitle: BOM\n---\nBOM body, needle.\n',
  'crlf-front-matter.md': '---\r\ntitle: CRLF\r\n---\r\nFirst line\r\nSecond line with a needle\r\n',
  'cr-only.txt': 'Old Mac line\rAnother\rneedle here\r',
  'spaces-after-fences.md': '---   \ntitle: Fences\n---\t\nBody needle.\n',
  'empty-front-matter.md': '---\n---\nEmpty front matter, needle.\n',
  'utf16le-front-matter.txt': utf16('---\r\ntitle: "記事 🚀"\r\n---\r\nUTF-16 body 🚀 needle\r\n', 'le'),
  'utf16be.txt': utf16('Big-endian 🚀 body, needle.\n', 'be'),
};

describe('bodyOffset', () => {
  let tmp: TempFolder;
  let generated: ArticleDocument[];
  let samples: ArticleDocument[];

  beforeAll(async () => {
    tmp = await createTempFolder();
    for (const [name, content] of Object.entries(FILES)) await tmp.write(name, content);
    const result = await loadArticles(tmp.root);
    expect(result.problems).toEqual([]);
    generated = result.documents;
    samples = (await loadArticles(SAMPLE_DIR)).documents;
  });
  afterAll(async () => {
    await tmp?.cleanup();
  });

  it('indexes every generated file', () => {
    expect(generated.map((doc) => doc.id).sort()).toEqual(Object.keys(FILES).sort());
  });

  it('makes text equal the file text from bodyOffset on, after BOM removal and LF normalisation', async () => {
    for (const doc of [...generated, ...samples]) {
      const dir = generated.includes(doc) ? tmp.root : SAMPLE_DIR;
      const fileText = editorText(await readFile(path.join(dir, doc.id)));
      expect(fileText.slice(doc.bodyOffset), doc.id).toBe(doc.text);
    }
  });

  it('starts the body right after the closing --- line, or at 0 without front matter', async () => {
    for (const doc of generated) {
      const head = editorText(await readFile(path.join(tmp.root, doc.id))).slice(0, doc.bodyOffset);
      if (doc.id === 'no-front-matter.md' || doc.id === 'cr-only.txt' || doc.id === 'utf16be.txt') {
        expect(doc.bodyOffset, doc.id).toBe(0);
      } else {
        expect(head, doc.id).toMatch(/^---[ \t]*\n(?:[\s\S]*\n)?---[ \t]*\n$/);
      }
    }
  });

  it('lets an excerpt found in text be located at the same place in the file', async () => {
    for (const doc of generated) {
      const fileText = editorText(await readFile(path.join(tmp.root, doc.id)));
      const inText = doc.text.indexOf('needle');
      expect(inText, doc.id).toBeGreaterThanOrEqual(0);
      expect(fileText.indexOf('needle'), doc.id).toBe(doc.bodyOffset + inText);
    }
  });
});
