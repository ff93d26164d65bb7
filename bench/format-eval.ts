import { markdownTable } from './format-table.ts';
import { formatRealtimeqa } from './format-realtimeqa.ts';
import { machineLine } from './machine.ts';
import { MODES, type EvalReport } from './run-eval.ts';
import { describeDenseGate } from '../src/indexing/dense-gate.ts';

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/** The eval report as text: a Markdown table per corpus, the model, machine and notes. */
export function formatEvalReport(report: EvalReport): string {
  const lines = [
    `Evaluation ${report.date.slice(0, 10)} on ${machineLine(report.machine)}`,
    `Model: ${report.label} (${report.model})${report.generated_model ? ' (generated bag-of-words test model: dense retrieval is lexical)' : ''}`,
    ...(report.gate.xquad ? [`XQuAD index: ${describeDenseGate(report.gate.xquad)}`] : []),
    ...(report.gate.samples ? [`Sample-article index: ${describeDenseGate(report.gate.samples)}`] : []),
    '',
  ];
  const x = report.xquad;
  if ('skipped' in x) {
    lines.push(`XQuAD: skipped (${x.skipped}).`);
  } else {
    const sampled = x.questions < x.of_questions ? ` (a seeded sample of ${x.questions} of ${x.of_questions})` : '';
    lines.push(`XQuAD (en): ${x.questions} questions${sampled} over ${x.paragraphs} Wikipedia paragraphs (${x.chunks} chunks); share whose gold answer is found`, '');
    lines.push(
      markdownTable(
        ['retrieval', 'cited top-1', 'cited top-3', 'chunks top-3', 'answered'],
        MODES.map((mode) => [mode, percent(x[mode].top1), percent(x[mode].top3), percent(x[mode].chunks_top3), percent(x[mode].answered)]),
      ),
      '',
      `Stated facts (hybrid): the first stated value matches the gold answer for ${percent(x.facts.first_value_match)} of ${x.facts.questions} typed questions (when / what or which year / how many / how much)`,
      '',
      markdownTable(
        ['question kind', 'questions', 'first value matches'],
        Object.entries(x.facts.by_kind).map(([kind, k]) => [kind, String(k.questions), percent(k.first_value_match)]),
      ),
    );
  }
  const s = report.samples;
  lines.push(
    '',
    `Sample articles (hybrid): ${s.answered}/${s.total} questions answered with the expected fact; ${s.off_topic_refused}/${s.off_topic_total} off-topic questions refused.`,
    ...(s.xquad_off_topic_total > 0
      ? [
          `Relevance gate: ${s.xquad_off_topic_answered}/${s.xquad_off_topic_total} XQuAD questions (all off topic for the sample articles) wrongly answered from them.`,
        ]
      : []),
    ...s.misses.map((m) => `  missed: ${m}`),
    `Paraphrased questions (words the articles do not use): ${s.paraphrases.answered_with_evidence}/${s.paraphrases.total} answered with the expected evidence in the first three citations, ${s.paraphrases.evidence_in_cited_passages}/${s.paraphrases.total} with it in the passages they quote (${s.paraphrases.answered} answered at all).`,
    ...s.paraphrases.misses.map((m) => `  missed paraphrase: ${m}`),
    '',
    `Sample-article facts: ${s.facts_ok}/${s.facts.length} stated as the articles give them`,
    '',
    markdownTable(
      ['question', 'expected (lead; also)', 'sources agree?', 'stated', 'ok'],
      s.facts.map((f) => [
        f.question,
        [f.expected.lead, ...f.expected.also].join('; '),
        f.expected.agree === null ? 'either' : f.expected.agree ? 'yes' : 'no',
        `${f.stated.values.join('; ') || '(none)'}${f.stated.agree === null ? '' : f.stated.agree ? ' (agree)' : ' (disagree)'}`,
        f.ok ? 'yes' : 'no',
      ]),
    ),
    '',
    formatConversations(report.conversations),
    '',
    ...(report.realtimeqa ? [formatRealtimeqa(report.realtimeqa), ''] : []),
    ...report.notes.map((n) => `- ${n}`),
  );
  return lines.join('\n');
}

/** The follow-up conversations: evidence found with the earlier turns as context and without. */
export function formatConversations(c: EvalReport['conversations']): string {
  const f = c.follow_ups;
  return [
    `Follow-up conversations (${c.conversations}, sample articles): first questions ${c.first_turns.with_evidence}/${c.first_turns.total} with the expected evidence cited`,
    '',
    markdownTable(
      ['follow-ups', 'evidence cited with context', 'evidence cited alone', 'read with the earlier question'],
      [[String(f.total), `${f.with_context}/${f.total}`, `${f.without_context}/${f.total}`, `${f.read_with_context}/${f.total}`]],
    ),
    ...c.misses.map((m) => `  missed follow-up: ${m}`),
  ].join('\n');
}

/** One row per model and retrieval mode, then one per model for the gate: the README's comparison. */
export function formatModelSummary(runs: readonly EvalReport[]): string {
  const rows: string[][] = [];
  for (const run of runs) {
    const x = run.xquad;
    if ('skipped' in x) continue;
    for (const mode of MODES) rows.push([run.label, mode, percent(x[mode].top1), percent(x[mode].top3), percent(x[mode].chunks_top3), percent(x[mode].answered)]);
  }
  const gateRows = runs.map((run) => {
    const s = run.samples;
    const threshold = (gate: EvalReport['gate']['xquad']) => (gate ? `${gate.minDenseScore.toFixed(3)}${gate.source === 'calibrated' ? '' : ` (${gate.source})`}` : '-');
    return [
      run.label,
      threshold(run.gate.samples),
      threshold(run.gate.xquad),
      s.xquad_off_topic_total > 0 ? `${s.xquad_off_topic_answered} of ${s.xquad_off_topic_total}` : '-',
      `${s.paraphrases.answered_with_evidence} (${s.paraphrases.evidence_in_cited_passages}) of ${s.paraphrases.total}`,
      `${s.answered} of ${s.total}`,
    ];
  });
  return [
    'Per model: XQuAD, share whose gold answer is found',
    '',
    rows.length > 0 ? markdownTable(['model', 'retrieval', 'cited top-1', 'cited top-3', 'chunks top-3', 'answered'], rows) : 'XQuAD: skipped.',
    '',
    'Per model: the calibrated gate and the sample articles (hybrid)',
    '',
    markdownTable(
      ['model', 'dense threshold (articles)', 'dense threshold (XQuAD)', 'XQuAD off-topic wrongly answered', 'paraphrases: evidence in top-3 excerpts (passages)', 'sample questions'],
      gateRows,
    ),
  ].join('\n');
}
