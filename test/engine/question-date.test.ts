import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asksRecent, byQuestionDate } from '../../src/answer/question-date.ts';
import type { ChunkRecord, DocumentRecord } from '../../src/records/index.ts';
import { Engine } from '../../src/engine.ts';
import { createWorkspace, type Workspace } from '../support/engine-fixture.ts';

/** Three reports of the same yearly election in one town, a year apart, and one published after the question. */
const REPORTS = [
  { file: 'old.md', date: '2023-11-02', winner: 'Ada Lindqvist', story: 'after a recount that took two nights in the old library' },
  { file: 'recent.md', date: '2024-11-06', winner: 'Bruno Okafor', story: 'by fewer than ninety votes, with turnout the highest in decades' },
  { file: 'later.md', date: '2024-12-20', winner: 'Chiara Vance', story: 'in a special vote called when the sitting mayor resigned over a zoning scandal' },
];

describe('the day a question is asked (asOf)', () => {
  let workspace: Workspace;
  let engine: Engine;

  beforeAll(async () => {
    workspace = await createWorkspace({ copyArticles: false });
    await mkdir(workspace.articlesDir, { recursive: true });
    for (const r of REPORTS) {
      await writeFile(
        path.join(workspace.articlesDir, r.file),
        `---\ntitle: "Harrowgate mayoral election"\noutlet: "Harrowgate Herald"\ndate: "${r.date}"\n---\n` +
          `${r.winner} won the Harrowgate mayoral election ${r.story}.\n`,
      );
    }
    engine = await Engine.open(workspace.config, { bulkEmbedding: 'inline' });
  }, 120_000);
  afterAll(async () => {
    await engine?.close();
    await workspace?.cleanup();
  });

  const winners = (excerpts: string[]) => REPORTS.filter((r) => excerpts.some((e) => e.includes(r.winner))).map((r) => r.winner);

  it('leaves out articles published after it: they cannot be what the question is about', async () => {
    const answer = await engine.ask('Who won the Harrowgate mayoral election this week?', { asOf: '2024-11-08' });
    expect(answer.answered).toBe(true);
    const cited = winners(answer.citations.map((c) => c.excerpt));
    expect(cited).not.toContain('Chiara Vance');
    expect(cited).toContain('Bruno Okafor');
  });

  it('does not reorder by date a question that does not ask about recent news', async () => {
    const dated = await engine.ask('Who won the Harrowgate mayoral election?', { asOf: '2024-11-08' });
    const undated = await engine.ask('Who won the Harrowgate mayoral election?', { asOf: '2030-01-01' });
    expect(winners(dated.citations.map((c) => c.excerpt)).sort()).toEqual(['Ada Lindqvist', 'Bruno Okafor']);
    expect(winners(undated.citations.map((c) => c.excerpt)).sort()).toEqual(['Ada Lindqvist', 'Bruno Okafor', 'Chiara Vance']);
  });

  it('defaults to today, when every article is older', async () => {
    const answer = await engine.ask('Who won the Harrowgate mayoral election this week?');
    expect(winners(answer.citations.map((c) => c.excerpt)).sort()).toEqual(['Ada Lindqvist', 'Bruno Okafor', 'Chiara Vance']);
  });

  it('puts passages of the 14 days before the question first for a recent-news question, raised above every fused score', () => {
    const dated = { old: '2023-11-02', recent: '2024-11-06', later: '2024-12-20', undated: null };
    const chunks = Object.keys(dated).map((documentId) => ({ documentId }) as ChunkRecord);
    const documents = new Map(Object.entries(dated).map(([id, date]) => [id, { id, date } as DocumentRecord]));
    // Retrieval order: old, undated, later, recent.
    const hits = [0, 3, 2, 1].map((row, i) => ({ row, score: 0.03 - i * 0.001, chunk: chunks[row]! }));
    const ordered = (question: string) => byQuestionDate(hits, documents, question, '2024-11-08');
    const recentFirst = ordered('Who won the election this week?');
    expect(recentFirst.map((h) => h.chunk.documentId)).toEqual(['recent', 'old', 'undated']);
    expect(recentFirst[0]!.score).toBeGreaterThan(1);
    expect(recentFirst.slice(1)).toEqual([hits[0], hits[1]]);
    // Without recency words: only the later article leaves, the order and scores stay.
    expect(ordered('Who won the election?')).toEqual([hits[0], hits[1], hits[3]]);
  });

  it('reads recency from the wording', () => {
    for (const q of ['Which country updated its nuclear doctrine this week?', 'What is the latest on the strike?', 'Who was recently named ambassador?', 'Which new law passed?'])
      expect(asksRecent(q), q).toBe(true);
    for (const q of ['Who won the 1998 election?', 'When did the soldier die?', 'Which US president issued the first Thanksgiving proclamation?'])
      expect(asksRecent(q), q).toBe(false);
  });
});
