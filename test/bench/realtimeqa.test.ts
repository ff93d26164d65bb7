import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isProperName, normaliseQuizText, readRealtimeqa } from '../../bench/realtimeqa.ts';
import { createWorkspace, type Workspace } from '../support/engine-fixture.ts';
import { runCli } from '../support/run-cli.ts';

const BRIDGE = {
  url: 'https://news.example/bridge',
  title: 'Tidal bridge opens',
  publish_date: '2024/10/30',
  text: 'The Brackenford tidal bridge opened on Tuesday. Crowds in Lowmere cheered as the mayor of Lowmere cut the ribbon on the Brackenford tidal bridge.',
};
const MARKET = {
  url: 'https://news.example/market',
  title: 'Farmers market moves',
  publish_date: '2024/10/28',
  text: 'The Saturday farmers market will move to the old tram depot, traders said, after the square is repaved.',
};
const QUIZ = [
  // Answerable: the right choice is in its own search results (quotes and case do not matter).
  { question_id: '20241101_0', question_date: '2024/11/01', question_sentence: 'Which town opened the Brackenford tidal bridge this week?', choices: ['Eastwick', '“Lowmere”'], answer: ['1'] },
  // Unanswerable: a proper name that no article holds.
  { question_id: '20241101_1', question_date: '2024-11-01', question_sentence: 'Which band headlined the Orrin Valley festival?', choices: ['The Cobalt Foxes', 'Lowmere'], answer: ['0'] },
  // Neither: the right choice is not a proper name.
  { question_id: '20241101_2', question_date: '2024/11/01', question_sentence: 'Where will the farmers market move?', choices: ['a parking lot', 'an old warehouse'], answer: ['1'] },
];
const SEARCH = [
  { question_id: '20241101_0', search_time: '2024/11/01/23:15', search_result: [BRIDGE, MARKET] },
  { question_id: '20241101_1', search_time: '2024/11/01/23:15', search_result: [MARKET, { url: 'https://news.example/empty', title: 'x', text: null, publish_date: null }] },
  { question_id: '20241101_2', search_time: '2024/11/01/23:15', search_result: [MARKET] },
];
const jsonl = (rows: readonly object[]) => `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;

const share = z.number().min(0).max(1);
const scores = z.object({ lead: share, top3: share, refused: share, answered: share });
const realtimeqaReport = scores.extend({
  articles: z.number().int(),
  answerable: z.number().int(),
  unanswerable: z.number().int(),
  modes: z.object({ keyword: scores, dense: scores, hybrid: scores }),
  without_question_dates: scores,
});

describe('the news-quiz set (npm run eval -- --realtimeqa)', () => {
  let workspace: Workspace;
  let folder: string;

  beforeAll(async () => {
    workspace = await createWorkspace({ copyArticles: false });
    folder = path.join(workspace.root, 'realtimeqa-dev');
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, '20241101_qa.jsonl'), jsonl(QUIZ));
    await writeFile(path.join(folder, '20241101_gcs.jsonl'), jsonl(SEARCH));
  });
  afterAll(async () => {
    await workspace?.cleanup();
  });

  it("applies the issue's definitions: answerable in its own results, unanswerable a proper name in no article", async () => {
    const set = await readRealtimeqa(folder);
    // Every article once, whatever the number of questions that found it; one without text cannot be indexed.
    expect(set.articles.map((a) => a.url).sort()).toEqual([BRIDGE.url, MARKET.url]);
    expect(set.articles.find((a) => a.url === BRIDGE.url)).toMatchObject({ title: 'Tidal bridge opens', date: '2024-10-30' });
    expect(set.questions.map((q) => [q.id, q.answerable, q.unanswerable, q.date])).toEqual([
      ['20241101_0', true, false, '2024-11-01'],
      ['20241101_1', false, true, '2024-11-01'],
      ['20241101_2', false, false, '2024-11-01'],
    ]);
    expect(normaliseQuizText('  “Beetlejuice"  Beetlejuice!\n')).toBe('beetlejuice beetlejuice');
    for (const name of ['Padua and Tatnall', 'The Magic Circle', 'January 20, 2025', 'AllHipHop.com', 'Fine Gael']) expect(isProperName(name), name).toBe(true);
    for (const name of ['Social media', 'a parking lot', 'Logistical details and procedures', 'Winter 2024/2025 again']) expect(isProperName(name), name).toBe(false);
  });

  it('names the file and line of a malformed entry, and a week without its search results', async () => {
    const broken = path.join(workspace.root, 'broken');
    await mkdir(broken, { recursive: true });
    await writeFile(path.join(broken, '20241101_qa.jsonl'), jsonl(QUIZ));
    await expect(readRealtimeqa(broken)).rejects.toThrow(/20241101_qa\.jsonl has no 20241101_gcs\.jsonl beside it/);
    await writeFile(path.join(broken, '20241101_gcs.jsonl'), `${jsonl(SEARCH)}{"question_id": 3}\n`);
    await expect(readRealtimeqa(broken)).rejects.toThrow(/20241101_gcs\.jsonl line 4/);
    await expect(readRealtimeqa(path.join(workspace.root, 'nowhere'))).rejects.toThrow(/no such folder/);
  });

  it('indexes every article, asks every question on its quiz date, and reports lead, top-3, refusals and answers', async () => {
    const out = path.join(workspace.root, 'eval.json');
    // An empty datasets folder: no XQuAD, no word vectors; the sample articles and the news quiz still run.
    await mkdir(path.join(workspace.root, 'no-xquad'), { recursive: true });
    const run = await runCli('bench/eval.ts', ['--datasets', path.join(workspace.root, 'no-xquad'), '--realtimeqa', folder, '--out', out], workspace.env, 120_000);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/News quiz \(RealTimeQA dev\): 3 questions, 2 articles/);
    expect(run.stdout).toMatch(/\| hybrid +\| +100\.0% \| +100\.0% \| +100\.0% \|/);
    const report = z.object({ realtimeqa: realtimeqaReport }).parse(JSON.parse(await readFile(out, 'utf8')));
    expect(report.realtimeqa).toMatchObject({ articles: 2, answerable: 1, unanswerable: 1, lead: 1, top3: 1, refused: 1 });
    // The festival question is refused; the other two are answered.
    expect(report.realtimeqa.answered).toBeCloseTo(2 / 3, 3);
  }, 240_000);

  it('refuses a --realtimeqa folder that does not exist', async () => {
    const result = await runCli('bench/eval.ts', ['--realtimeqa', path.join(workspace.root, 'missing')], workspace.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--realtimeqa .*missing: no such folder/);
  });
});
