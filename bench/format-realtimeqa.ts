import { markdownTable } from './format-table.ts';
import type { RealtimeqaReport } from './run-realtimeqa.ts';

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/** The news-quiz section of the eval report: one row per retrieval mode, and the hybrid run asked as of today. */
export function formatRealtimeqa(r: RealtimeqaReport): string {
  const sampled = r.questions < r.of_questions ? ` (a seeded sample of ${r.questions} of ${r.of_questions}, over their own search results)` : '';
  const row = (name: string, s: { lead: number; top3: number; refused: number; answered: number }) => [name, percent(s.lead), percent(s.top3), percent(s.refused), percent(s.answered)];
  return [
    `News quiz (RealTimeQA dev): ${r.questions} questions${sampled}, ${r.articles} articles (${r.chunks} chunks); ` +
      `${r.answerable} answerable (the right choice is in their own search results), ${r.unanswerable} unanswerable (a proper name in no article)`,
    '',
    markdownTable(
      ['retrieval', 'lead holds the answer', 'top-3 hold it', 'unanswerable refused', 'all answered'],
      [...(['keyword', 'dense', 'hybrid'] as const).map((m) => row(m, r.modes[m])), row('hybrid, asked as of today (no question date)', r.without_question_dates)],
    ),
    ...r.unanswerable_answered.map((u) => `  answered although unanswerable: ${u.question} -> “${u.lead.slice(0, 120)}”`),
  ].join('\n');
}
