import { markdownTable } from './format-table.ts';
import { machineLine } from './machine.ts';
import { MODES, type EvalReport } from './run-eval.ts';

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/** The eval report as text: a Markdown table per corpus, the model, machine and notes. */
export function formatEvalReport(report: EvalReport): string {
  const lines = [`Evaluation ${report.date.slice(0, 10)} on ${machineLine(report.machine)}`, `Model: ${report.model}${report.generated_model ? ' (generated bag-of-words test model: dense retrieval is lexical)' : ''}`, ''];
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
    ...report.notes.map((n) => `- ${n}`),
  );
  return lines.join('\n');
}
