import pc from 'picocolors';
import { attribution } from '../answer/build-answer.ts';
import type { Answer, Citation, SourceRef } from '../answer/types.ts';

/** The --json shape: exactly these fields, unknown ones null. */
export function answerToJson(answer: Answer) {
  return {
    question: answer.question,
    answered: answer.answered,
    answer: answer.answer,
    citations: answer.citations.map((c: Citation) => ({
      n: c.n,
      documentId: c.documentId,
      title: c.title,
      outlet: c.outlet,
      date: c.date,
      url: c.url,
      excerpt: c.excerpt,
      score: c.score,
      ...(c.sources ? { sources: c.sources } : {}),
    })),
    facts: answer.facts,
    ...(answer.notice ? { notice: answer.notice } : {}),
  };
}

const sourceLine = (s: SourceRef) => `${attribution(s)}${s.url ? ` ${pc.underline(s.url)}` : ''}`;

/** Human-readable answer for a terminal (colours vanish when piped). */
export function formatAnswer(answer: Answer): string {
  const lines: string[] = [];
  if (answer.notice) lines.push(pc.yellow(answer.notice), '');
  if (!answer.answered) {
    lines.push(answer.answer);
    return lines.join('\n');
  }
  if (answer.statement) {
    lines.push(pc.bold(answer.statement.fact));
    if (answer.statement.disagreement) lines.push(pc.yellow(answer.statement.disagreement));
    lines.push('');
  } else {
    lines.push(pc.bold(answer.answer), '');
  }
  for (const c of answer.citations) {
    lines.push(`${pc.cyan(`[${c.n}]`)} “${c.excerpt}”`);
    const sources = c.sources ?? [c];
    if (sources.length > 1) lines.push(`    ${pc.dim(`${sources.length} sources say this:`)}`);
    for (const s of sources) lines.push(`    ${pc.dim('—')} ${sourceLine(s)}`);
  }
  return lines.join('\n');
}
