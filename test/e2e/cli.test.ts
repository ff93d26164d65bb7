import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createWorkspace, PROJECT_ROOT, type Workspace } from '../support/engine-fixture.ts';
import { runCli } from '../support/run-cli.ts';

const sourceRef = { documentId: z.string(), title: z.string(), outlet: z.string().nullable(), date: z.string().nullable(), url: z.string().nullable() };
const answerJson = z
  .object({
    question: z.string(),
    answered: z.boolean(),
    answer: z.string(),
    citations: z.array(
      z.object({ n: z.number().int(), ...sourceRef, excerpt: z.string(), score: z.number(), sources: z.array(z.object(sourceRef).strict()).optional() }).strict(),
    ),
    facts: z
      .object({
        kind: z.enum(['date', 'number', 'place', 'entity']),
        agree: z.boolean(),
        values: z.array(
          z.object({
            value: z.string(),
            label: z.string(),
            qualifier: z.string().nullable(),
            upper: z.string().optional(),
            citations: z.array(z.number().int().positive()),
            quote: z.string(),
            resolvedFrom: z.string().nullable(),
          }).strict(),
        ),
      })
      .strict()
      .nullable(),
  })
  .strict();

/** A long article of numbered sentences (2,500 make about 8 embedding batches). */
const longText = (sentences: number) =>
  Array.from({ length: sentences }, (_, i) => `Report line ${i} notes that the convoy ${i % 7 === 0 ? 'stopped' : 'moved'} near checkpoint ${i}.`).join(' ');

const shellQuote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

function hasScriptCommand(): boolean {
  return process.platform === 'linux' && spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
}

describe('the CLI (npm run ask / index / sources)', () => {
  let workspace: Workspace;

  beforeAll(async () => {
    workspace = await createWorkspace();
  });
  afterAll(async () => {
    await workspace?.cleanup();
  });

  it('builds the index on first use and prints exactly one JSON answer quoting the death', async () => {
    const result = await runCli('ask.ts', ['When did the soldier die?', '--json'], workspace.env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/Indexed 5 articles/);
    const answer = answerJson.parse(JSON.parse(result.stdout));
    expect(answer.answered).toBe(true);
    expect(answer.citations[0]!.excerpt).toMatch(/\b(died|death|succumbed)\b/);
    expect(answer.citations.every((c, i) => c.n === i + 1)).toBe(true);
    expect(answer.citations.some((c) => c.outlet === 'Korea JoongAng Daily' || c.outlet === 'UPI')).toBe(true);
    // The stated fact, the citations that give each value, and the disagreement.
    expect(answer.facts).toMatchObject({ kind: 'date', agree: false });
    expect(answer.facts!.values[0]).toMatchObject({ value: '2024-12-27', label: '27 December 2024', qualifier: null });
    expect(answer.facts!.values.find((v) => v.value === '--12-29')).toMatchObject({ quote: 'three days later', resolvedFrom: 'captured on December 26' });
    expect(answer.answer).toMatch(/^Friday, 27 December 2024 .*according to 3 of the 4 cited sources that give a date \[\d\]\[\d\]\[\d\]\.\nSources disagree: One source \[\d\] says 29 December/);
  });

  it('reuses the index on the next run and prints readable plain text when piped', async () => {
    const result = await runCli('ask.ts', ['Who captured the North Korean soldier?'], workspace.env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/Indexed/);
    // A "who" question: the fact line names who, with the citations that say so, then the quotes.
    expect(result.stdout).toMatch(/^Ukrainian [^\n]*\[1\]/);
    expect(result.stdout).toMatch(/\n\[1\] “/);
    expect(result.stdout).not.toMatch(/\u001b\[/); // no colour codes when not a terminal
    // Dates in plain text, as in Discord: never a raw ISO timestamp.
    expect(result.stdout).toMatch(/\(Korea JoongAng Daily, 27 Dec 2024\)/);
    expect(result.stdout).not.toMatch(/Daily, 2024-12-27/);
  });

  it('answers an off-topic question with answered: false and no citations', async () => {
    const result = await runCli('ask.ts', ['How do I bake bread?', '--json', '--top', '2'], workspace.env);
    expect(result.code, result.stderr).toBe(0);
    const answer = answerJson.parse(JSON.parse(result.stdout));
    expect(answer).toMatchObject({ answered: false, citations: [] });
  });

  it('lists the indexed articles with sources --json', async () => {
    const result = await runCli('sources.ts', ['--json'], workspace.env);
    expect(result.code, result.stderr).toBe(0);
    const listing = JSON.parse(result.stdout) as { documents: Array<Record<string, unknown>>; model: string; builtAt: string };
    expect(listing.documents).toHaveLength(5);
    expect(Object.keys(listing.documents[0]!).sort()).toEqual(['chunks', 'date', 'documentId', 'outlet', 'title', 'url']);
    expect(listing.documents.find((d) => d.outlet === 'UPI')).toMatchObject({ date: '2024-12-27', url: null });
    expect(listing.model).toMatch(/^local:/);
    expect(Number.isNaN(Date.parse(listing.builtAt))).toBe(false);
  });

  it('reindexes only the changed article with npm run index', async () => {
    const file = path.join(workspace.articlesDir, '002-captured-north-korean-soldier-dies-in-custody.md');
    await writeFile(file, `${await readFile(file, 'utf8')}\nA new paragraph about drones over Kursk.\n`);
    const result = await runCli('index-articles.ts', [], workspace.env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/\+0 new, ~1 changed, -0 removed, 4 unchanged/);
  });

  it('reports embedding progress as plain lines, every tenth of the way, when piped', async () => {
    await writeFile(path.join(workspace.articlesDir, 'long-log.md'), `---\ntitle: "Convoy log"\n---\n${longText(2500)}\n`);
    const result = await runCli('index-articles.ts', [], workspace.env);
    expect(result.code, result.stderr).toBe(0);
    const lines = [...result.stderr.matchAll(/^ {2}(\d+)\/(\d+) passages$/gm)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    const total = lines[0]![1]!;
    expect(lines.every(([, t]) => t === total)).toBe(true);
    expect(lines.map(([done]) => done)).toEqual([...lines.map(([done]) => done!)].sort((a, b) => a - b));
    // At most one line per tenth, never a line for the finished count (the summary says that).
    expect(lines.length).toBeLessThanOrEqual(9);
    expect(lines.some(([done]) => done === total)).toBe(false);
    expect(result.stderr).toMatch(new RegExp(`\\+1 new, ~0 changed, -0 removed, 5 unchanged`));
    expect(result.stderr).not.toMatch(/\u001b\[/);
  });

  // util-linux `script` gives the CLI a real terminal, where it draws a bar instead of lines.
  it.skipIf(!hasScriptCommand())('draws a progress bar with the time left in a terminal', async () => {
    await writeFile(path.join(workspace.articlesDir, 'long-log.md'), `---\ntitle: "Convoy log, revised"\n---\n${longText(3000)}\n`);
    const command = [process.execPath, '--import', 'tsx', path.join(PROJECT_ROOT, 'src/cli/index-articles.ts')].map(shellQuote).join(' ');
    const transcript = path.join(workspace.root, 'terminal.txt');
    const result = spawnSync('script', ['-qec', command, transcript], { cwd: PROJECT_ROOT, env: workspace.env, encoding: 'utf8', timeout: 60_000 });
    expect(result.status, result.stderr).toBe(0);
    const screen = (await readFile(transcript, 'utf8')).replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
    expect(screen).toMatch(/Embedding passages \[[█░]+\] \d+\/\d+ passages, about \d+ (s|min) left/);
    expect(screen).toMatch(/~1 changed/);
  });

  it('stops with a message naming a bad environment variable', async () => {
    const result = await runCli('ask.ts', ['When did the soldier die?'], { ...workspace.env, TOP_K: 'lots' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/TOP_K \(got "lots"\): expected a whole number/);
  });

  it('rejects a bad --top the same way', async () => {
    const result = await runCli('ask.ts', ['When did the soldier die?', '--top', '0'], workspace.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/TOP_K .*must be at least 1/);
  });

  it('explains usage when no question is given', async () => {
    const result = await runCli('ask.ts', [], workspace.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/usage: npm run ask -- "<question>"/);
  });
});
