import { cp, truncate } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadEngineConfig } from '../../src/config.ts';
import { Engine } from '../../src/engine.ts';
import { FileIndexStore } from '../../src/store/file-index-store.ts';
import type { IndexSnapshot } from '../../src/store/snapshot.ts';
import { createTempFolder, type TempFolder } from '../articles/temp-folder.ts';
import { SAMPLE_ARTICLES } from '../support/engine-fixture.ts';
import { runEntry, type EntryResult } from './support/run-entry.ts';

/**
 * The hostile-folder cases of test/articles, end to end: the real
 * `npm run index` entry point in a child process over a folder mixing the
 * sample articles with broken and tricky files.
 */

const MiB = 1024 * 1024;
const CHUNK_MAX_TOKENS = 200;
/** build-index counts at least one token per 10 characters, so no chunk can be longer than this. */
const MAX_CHUNK_CHARS = CHUNK_MAX_TOKENS * 10;

const UNICODE_NAME = 'name with spaces ünïcødé 記事 🚀.md';
const NESTED = `${Array.from({ length: 30 }, (_, i) => `level-${i + 1}`).join('/')}/deep.md`;
const LONG_LINE_FACT = 'The quartermaster of Fort Bellwether recorded 9,317 lanterns in the winter inventory.';
const UNICODE_FACT = 'The orchard at Mirabelle Hill produced 6,480 jars of plum jam last autumn.';
const UTF16_FACT = 'The ferry to Kalvoya carries 212 bicycles every summer morning.';
const NESTED_FACT = 'The deepest archive shelf holds the 1887 tide tables of Port Ellery.';

/** 2 MB on one line: a heading sentence, then long words (cheap to embed), and the fact only at the very end. */
function longLine(): string {
  const filler = `${'Zyxwvutsrq'.repeat(60)} `;
  const head = 'Inventory notes from Fort Bellwether. ';
  const body = filler.repeat(Math.floor((2 * MiB - head.length - LONG_LINE_FACT.length) / filler.length));
  return `${head}${body}${LONG_LINE_FACT}`.padEnd(2 * MiB, ' ');
}

function utf16le(text: string): Uint8Array {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

/** Files that must be skipped, each reported on stderr by name with a reason that says what is wrong. */
const SKIPPED: Record<string, RegExp> = {
  'empty.md': /is empty \(0 bytes\)/,
  'whitespace.md': /contains only whitespace/,
  'binary.md': /binary file \(NUL byte at offset \d+\)/,
  'invalid-utf8.md': /not valid UTF-8 \(byte 0xff at offset \d+, line 2\)/,
  'utf32.txt': /UTF-32/,
  'huge.md': /too large: 47\.7 MiB, over the 5\.0 MiB limit/,
  'not-yaml.md': /not valid YAML/,
  'yaml-list.md': /front matter that is a list/,
  'unterminated.md': /never closed/,
  'front-matter-only.md': /no article text/,
  'link-outside.md': /symbolic link to a file outside the articles folder/,
  'escape-dir/': /symbolic link to a folder outside the articles folder/,
};
/** Files indexed with a warning. */
const WARNED: Record<string, RegExp> = {
  'script-url.md': /unsafe scheme "javascript:" and was dropped/,
};
/** Files that must be indexed (besides the sample articles). */
const INDEXED = [
  'long-line.txt',
  'long-word.md',
  UNICODE_NAME,
  `nested/${NESTED}`,
  'utf16-bom.txt',
  'crlf.md',
  'duplicate-title-a.md',
  'duplicate-title-b.md',
  'mentions.md',
  'zero-width.md',
  'script-url.md',
];

async function buildFolder(tmp: TempFolder): Promise<string> {
  const dir = path.join(tmp.root, 'articles');
  await cp(SAMPLE_ARTICLES, dir, { recursive: true });
  const a = (name: string, content: string | Uint8Array) => tmp.write(`articles/${name}`, content);
  // Broken.
  await a('empty.md', '');
  await a('whitespace.md', ' \n\t\n\u200B\n');
  await a('binary.md', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
  await a('invalid-utf8.md', Buffer.concat([Buffer.from('Valid start\nthen bad '), Buffer.from([0xff]), Buffer.from(' byte\n')]));
  await a('utf32.txt', Buffer.from([0xff, 0xfe, 0x00, 0x00, 0x41, 0x00, 0x00, 0x00]));
  await truncate(await a('huge.md', 'A huge article.\n'), 50 * 1000 * 1000); // sparse: 50 MB to stat, nothing to store
  await a('not-yaml.md', '---\ntitle: [unclosed\n  : : :\n---\nBody.\n');
  await a('yaml-list.md', '---\n- title\n- outlet\n---\nBody.\n');
  await a('unterminated.md', '---\ntitle: Never closed\n\nBody text.\n');
  await a('front-matter-only.md', '---\ntitle: Nothing below\n---\n');
  await tmp.write('outside/secret.md', 'TOP SECRET outside the folder.\n');
  await tmp.link('articles/link-outside.md', '../outside/secret.md');
  await tmp.link('articles/escape-dir', '../outside');
  // Tricky but good.
  await a('long-line.txt', longLine());
  await a('long-word.md', `A word of 200,000 letters follows. ${'Pneumono'.repeat(25_000)} and then the text goes on.\n`);
  await a(UNICODE_NAME, `# Jam report\n\n${UNICODE_FACT}\n`);
  await a(`nested/${NESTED}`, `${NESTED_FACT}\n`);
  await a('utf16-bom.txt', utf16le(`---\ntitle: Ferry notes\n---\r\n${UTF16_FACT}\r\n`));
  await a('crlf.md', '---\r\ntitle: CRLF title\r\n---\r\nLine one about the harbour.\r\nLine two.\r\n');
  await a('duplicate-title-a.md', '---\ntitle: Same Title\n---\nThe first of two articles with one title.\n');
  await a('duplicate-title-b.md', '---\ntitle: Same Title\n---\nThe second of two articles with one title.\n');
  await a('mentions.md', 'Ping @everyone and @here, role <@&123456789012345678>, user <@!456>, channel <#789>. A [Markdown link](https://example.com/a) and **bold** text.\n'.repeat(20));
  await a('zero-width.md', 'Zero\u200Bwidth space, non\u200Cjoiner, joiner\u200D and a word\u2060joiner in a sentence about gulls.\n');
  await a('script-url.md', '---\ntitle: Click me\nurl: "javascript:alert(document.cookie)"\n---\nAn article whose link is a script.\n');
  return dir;
}

describe('npm run index over a hostile articles folder', () => {
  let tmp: TempFolder;
  let env: NodeJS.ProcessEnv;
  let run: EntryResult;
  let snapshot: IndexSnapshot;
  /** stderr lines about one file (the build summary and the engine's log may both name it). */
  const problemLines = (name: string) => run.stderr.split('\n').filter((l) => l.includes(` ${name}: `));
  /** Asks through the real `npm run ask`. */
  const askCli = async (question: string) => {
    const result = await runEntry('ask.ts', ['--json', question], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/Indexed/); // the index the CLI built is used as is
    return JSON.parse(result.stdout) as { answered: boolean; citations: Array<{ documentId: string; excerpt: string }> };
  };

  beforeAll(async () => {
    tmp = await createTempFolder('hostile-index-');
    const articlesDir = await buildFolder(tmp);
    env = {
      ...process.env,
      ARTICLES_DIR: articlesDir,
      INDEX_DIR: path.join(tmp.root, 'index'),
      EMBEDDING_MODEL: inject('testModelDir'),
      MODEL_CACHE_DIR: path.join(tmp.root, 'cache'),
      CHUNK_MAX_TOKENS: String(CHUNK_MAX_TOKENS),
      NO_COLOR: '1',
      FORCE_COLOR: '0',
    };
    run = await runEntry('index-articles.ts', [], env);
    snapshot = (await new FileIndexStore(path.join(tmp.root, 'index')).load())!;
  });
  afterAll(async () => {
    await tmp?.cleanup();
  });

  it('finishes with exit code 0 and an index', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(snapshot).not.toBeNull();
  });

  it.each(Object.entries(SKIPPED))('names %s on stderr as skipped, with the reason', (name, reason) => {
    const line = problemLines(name).find((l) => l.includes(`skipped ${name}: `));
    expect(line, run.stderr).toBeDefined();
    expect(line).toMatch(reason);
  });

  it.each(Object.entries(WARNED))('names %s on stderr with a warning and indexes it', (name, reason) => {
    const line = problemLines(name).find((l) => !l.includes('skipped'));
    expect(line, run.stderr).toMatch(reason);
  });

  it('indexes every good file, and only those, and says how many were skipped', () => {
    const ids = snapshot.documents.map((d) => d.id).sort();
    const samples = snapshot.documents.filter((d) => /^\d{3}-/.test(d.id));
    expect(samples).toHaveLength(5);
    expect(ids).toEqual([...samples.map((d) => d.id), ...INDEXED].sort());
    expect(run.stderr).toMatch(new RegExp(`Indexed ${5 + INDEXED.length} articles .*, ${Object.keys(SKIPPED).length} skipped`));
    expect(snapshot.chunks.some((c) => c.text.includes('TOP SECRET'))).toBe(false);
  });

  it('keeps every passage bounded, even from the 2 MB line and the 200,000-letter word', () => {
    const longest = Math.max(...snapshot.chunks.map((c) => c.text.length));
    expect(longest).toBeLessThanOrEqual(MAX_CHUNK_CHARS);
    const fromLongLine = snapshot.chunks.filter((c) => c.documentId === 'long-line.txt');
    expect(fromLongLine.length).toBeGreaterThan((2 * MiB) / MAX_CHUNK_CHARS - 1);
    expect(fromLongLine.at(-1)!.text).toContain(LONG_LINE_FACT); // chunked to the end of the line
  });

  it('answers from the very end of the 2 MB single line', async () => {
    const answer = await askCli('How many lanterns did the quartermaster of Fort Bellwether record?');
    expect(answer.citations[0]).toMatchObject({ documentId: 'long-line.txt', excerpt: expect.stringContaining('9,317 lanterns') });
  });

  it('answers from the file whose name has spaces and Unicode', async () => {
    const answer = await askCli('How many jars of plum jam did the orchard produce?');
    expect(answer.citations[0]).toMatchObject({ documentId: UNICODE_NAME, excerpt: expect.stringContaining('6,480 jars') });
  });

  it('answers from the UTF-16 file and the one 30 folders down, and still from the sample articles', async () => {
    const engine = await Engine.open(loadEngineConfig(env), { bulkEmbedding: 'inline' });
    try {
      expect(engine.index!.manifest.builtAt).toBe(snapshot.manifest.builtAt); // no rebuild
      const ferry = await engine.ask('How many bicycles does the ferry to Kalvoya carry?');
      expect(ferry.citations[0]).toMatchObject({ documentId: 'utf16-bom.txt', excerpt: expect.stringContaining('212 bicycles') });
      const tides = await engine.ask('Which tide tables does the deepest archive shelf hold?');
      expect(tides.citations[0]).toMatchObject({ documentId: `nested/${NESTED}`, excerpt: expect.stringContaining('1887 tide tables') });
      const death = await engine.ask('When did the soldier die?');
      expect(death.answered).toBe(true);
      expect(death.citations.every((c) => /^\d{3}-/.test(c.documentId))).toBe(true);
    } finally {
      await engine.close();
    }
  });
});
