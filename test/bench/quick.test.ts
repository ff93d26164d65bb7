import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createWorkspace, type Workspace } from '../support/engine-fixture.ts';
import { runCli } from '../support/run-cli.ts';

const share = z.number().min(0).max(1);
const modeScores = z.object({ top1: share, top3: share, chunks_top3: share });
const evalReport = z.object({
  model: z.string(),
  label: z.string(),
  gate: z.object({ samples: z.object({ source: z.string(), minDenseScore: z.number() }) }),
  xquad: z.union([
    z.object({
      keyword: modeScores,
      dense: modeScores,
      hybrid: modeScores,
      questions: z.number(),
      facts: z.object({
        questions: z.number().int(),
        first_value_match: z.number().min(0).max(1),
        by_kind: z.object(Object.fromEntries(['date', 'number', 'place', 'entity'].map((k) => [k, z.object({ questions: z.number().int(), first_value_match: z.number() })]))),
      }),
    }),
    z.object({ skipped: z.string() }),
  ]),
  samples: z.object({
    answered: z.number().int(),
    total: z.number().int(),
    off_topic_refused: z.number().int(),
    paraphrases: z.object({ answered_with_evidence: z.number().int(), total: z.number().int() }),
    facts: z.array(z.object({ question: z.string(), ok: z.boolean(), stated: z.object({ lead: z.string().nullable() }) })),
    facts_ok: z.number().int(),
  }),
  conversations: z.object({
    conversations: z.number().int(),
    follow_ups: z.object({ total: z.number().int(), with_context: z.number().int(), without_context: z.number().int() }),
  }),
  notes: z.array(z.string()),
});
/** The lexical test model only: the quick test's datasets folder has no word vectors and EMBEDDING_MODEL is the generated model. */
const evalOutput = z.object({ runs: z.array(evalReport).length(1) });
const ms = z.number().nonnegative();
const benchReport = z.object({
  machine: z.object({ cores: z.number() }),
  date: z.string(),
  runs: z.array(
    z.object({
      chunks: z.number().int(),
      build_chunks_per_s: z.number().positive(),
      load_ms: ms,
      rss_mb: z.number().positive(),
      retrieval_p50_ms: ms,
      retrieval_p95_ms: ms,
      fact_questions_p50_ms: ms,
      fact_questions_without_facts_p50_ms: ms,
      embed_query_p50_ms: ms,
      vectra_queryItems_p95_ms: ms,
      vectra_queryDocuments_bm25_p95_ms: ms,
    }),
  ),
  // Exactly these keys: checks rely on them.
  embedding: z
    .object({
      model: z.string(),
      passages_per_s: z.number().positive(),
      ceiling_passages_per_s: z.number().positive(),
      padding_share: z.number().min(0).max(1),
      threads: z.number().int().positive(),
    })
    .strict(),
  reindex: z.object({
    model: z.string(),
    documents: z.number().int(),
    modes: z.array(
      z.object({
        mode: z.enum(['inline', 'process', 'process-1-thread', 'process-normal-priority']),
        embed_passages_per_s: z.number().positive(),
        passages_embedded: z.number().int(),
        reindex_s: ms,
        event_loop_delay_max_ms: ms,
        asks: z.number().int(),
        ask_p95_ms: ms,
      }),
    ),
    note: z.string(),
  }),
});

/** Two Wikipedia-like paragraphs in SQuAD format: enough to prove the whole eval path, in a second. */
const TINY_SQUAD = {
  version: '1.1',
  data: [
    {
      title: 'Lighthouses',
      paragraphs: [
        {
          context: 'The Pharos of Alexandria was built in the third century BC. It stood about 100 metres tall and guided ships into the harbour for centuries.',
          qas: [{ id: 'q1', question: 'When was the Pharos of Alexandria built?', answers: [{ answer_start: 42, text: 'third century BC' }] }],
        },
        {
          context: 'The Eddystone Lighthouse stands on rocks south of Plymouth. The current tower, designed by James Douglass, was lit in 1882.',
          qas: [
            { id: 'q2', question: 'Who designed the current Eddystone tower?', answers: [{ answer_start: 90, text: 'James Douglass' }] },
            { id: 'q3', question: 'When was the current Eddystone tower lit?', answers: [{ answer_start: 118, text: '1882' }] },
          ],
        },
      ],
    },
  ],
};

describe('npm run eval / bench (quick entry points)', () => {
  let workspace: Workspace;
  let datasets: string;

  beforeAll(async () => {
    workspace = await createWorkspace({ copyArticles: false });
    datasets = path.join(workspace.root, 'datasets');
    await mkdir(path.join(datasets, 'xquad'), { recursive: true });
    await writeFile(path.join(datasets, 'xquad', 'xquad.en.json'), JSON.stringify(TINY_SQUAD));
  });
  afterAll(async () => {
    await workspace?.cleanup();
  });

  it('eval answers the XQuAD-format questions and the sample-article questions, and writes the JSON report', async () => {
    const out = path.join(workspace.root, 'eval.json');
    const result = await runCli('bench/eval.ts', ['--quick', '--datasets', datasets, '--out', out], workspace.env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/\| hybrid +\|/);
    expect(result.stdout).toMatch(/dense retrieval is lexical/);
    const report = evalOutput.parse(JSON.parse(await readFile(out, 'utf8'))).runs[0]!;
    if ('skipped' in report.xquad) throw new Error(`xquad skipped: ${report.xquad.skipped}`);
    expect(report.xquad.questions).toBe(3);
    // Each gold answer is quoted verbatim in its paragraph: lexical retrieval finds all three.
    expect(report.xquad.hybrid.chunks_top3).toBe(1);
    expect(report.samples.total).toBeGreaterThan(10);
    expect(report.samples.answered).toBe(report.samples.total);
    // The two "when" questions are the typed subset; "lit in 1882" is stated, "the third century BC" is no date we read.
    expect(report.xquad.facts.questions).toBe(2);
    expect(report.xquad.facts.first_value_match).toBe(0.5);
    // The sample-article fact table: the death date is stated as the articles give it.
    expect(report.samples.facts.find((f) => f.question === 'When did the soldier die?')).toMatchObject({ ok: true, stated: { lead: '2024-12-27' } });
    expect(result.stdout).toMatch(/Sample-article facts: \d+\/\d+/);
    // The gate calibrated on each index, the paraphrase set and the per-model rows.
    expect(report.gate.samples).toMatchObject({ source: 'calibrated' });
    expect(result.stdout).toMatch(/Sample-article index: Relevance gate: dense score ≥ 0\.\d\d \(calibrated for this model: \d+ of \d+ off-topic questions reach it\)/);
    expect(report.samples.paraphrases.total).toBeGreaterThanOrEqual(20);
    expect(result.stdout).toMatch(/Paraphrased questions \(words the articles do not use\): \d+\/\d+ answered with the expected evidence/);
    expect(result.stdout).toMatch(/\| lexical test model +\| hybrid +\|/);
    // Follow-ups: at least 15 conversations, each follow-up asked with the earlier turns and alone; the context must help.
    expect(report.conversations.conversations).toBeGreaterThanOrEqual(15);
    expect(report.conversations.follow_ups.with_context).toBeGreaterThan(report.conversations.follow_ups.without_context);
    expect(result.stdout).toMatch(/Follow-up conversations \(\d+, sample articles\)/);
    expect(result.stdout).toMatch(/\| +\d+ \| \d+\/\d+ +\| \d+\/\d+ +\| \d+\/\d+ +\|/);
  });

  it('eval marks XQuAD as skipped, and still succeeds, when the dataset is absent', async () => {
    const empty = path.join(workspace.root, 'no-datasets');
    await mkdir(empty, { recursive: true });
    const out = path.join(workspace.root, 'eval-skipped.json');
    const result = await runCli('bench/eval.ts', ['--datasets', empty, '--out', out], workspace.env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/XQuAD not found/);
    const report = evalOutput.parse(JSON.parse(await readFile(out, 'utf8'))).runs[0]!;
    expect(report.xquad).toEqual({ skipped: expect.stringMatching(/xquad\.en\.json not found/) });
  });

  it('bench measures a synthetic corpus beside vectra and writes the JSON report', async () => {
    const out = path.join(workspace.root, 'bench.json');
    // No realtimeqa-news in this datasets folder: the corpus is synthetic.
    const result = await runCli(
      'bench/bench.ts',
      ['--quick', '--datasets', datasets, '--sizes', '200', '--questions', '20', '--embed-docs', '2', '--reindex-docs', '4', '--out', out],
      { ...workspace.env, EMBEDDING_THREADS: '1' },
      90_000,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Corpus: synthetic text/);
    const report = benchReport.parse(JSON.parse(await readFile(out, 'utf8')));
    expect(report.runs.map((r) => r.chunks)).toEqual([200]);
    // Embedding timed with the test's model beside a bare session on the same file, threads from EMBEDDING_THREADS.
    expect(report.embedding).toMatchObject({ model: `local:${path.resolve(workspace.env.EMBEDDING_MODEL!)}`, threads: 1 });
    expect(result.stdout).toMatch(/\| npm run index passages\/s \| bare session passages\/s \(ceiling\) \|/);
    // The same three new articles reindexed four ways, with questions answered meanwhile.
    expect(report.reindex.model).toBe(`local:${path.resolve(workspace.env.EMBEDDING_MODEL!)}`);
    expect(report.reindex.modes.map((m) => m.mode)).toEqual(['inline', 'process', 'process-1-thread', 'process-normal-priority']);
    const [inline, ...children] = report.reindex.modes;
    expect(inline!.passages_embedded).toBeGreaterThan(0);
    for (const child of [inline!, ...children]) {
      expect(child.passages_embedded).toBe(inline!.passages_embedded);
      expect(child.asks).toBeGreaterThan(0);
    }
    expect(result.stdout).toMatch(/\| in a child process \(the bot: every core, nice 10\) +\|/);
    expect(result.stdout).toMatch(/\| in a one-thread child \(the bot before\) +\|/);
  }, 90_000);
});
