import { markdownTable } from './format-table.ts';
import { MODES, type EvalReport } from './run-eval.ts';

/** Issue 15: answering from PostgreSQL must stay within this many percentage points of the file store. */
export const WITHIN_POINTS = 1;

/** One measure of a report as a share (0..1), or null where the report has none (XQuAD skipped). */
interface Measure {
  name: string;
  share: (report: EvalReport) => number | null;
  /** Sample-article counts are shown as "n/m" beside the percentage. */
  count?: (report: EvalReport) => string;
}

const ratio = (n: number, of: number) => (of > 0 ? n / of : null);
const xquadOf = (report: EvalReport) => ('skipped' in report.xquad ? null : report.xquad);

const MEASURES: readonly Measure[] = [
  ...MODES.flatMap((mode): Measure[] => [
    { name: `XQuAD ${mode}: cited top-1`, share: (r) => xquadOf(r)?.[mode].top1 ?? null },
    { name: `XQuAD ${mode}: cited top-3`, share: (r) => xquadOf(r)?.[mode].top3 ?? null },
    { name: `XQuAD ${mode}: chunks top-3`, share: (r) => xquadOf(r)?.[mode].chunks_top3 ?? null },
    { name: `XQuAD ${mode}: answered`, share: (r) => xquadOf(r)?.[mode].answered ?? null },
  ]),
  { name: 'XQuAD stated facts: first value matches', share: (r) => xquadOf(r)?.facts.first_value_match ?? null },
  { name: 'sample questions answered with the fact', share: (r) => ratio(r.samples.answered, r.samples.total), count: (r) => `${r.samples.answered}/${r.samples.total}` },
  {
    name: 'off-topic questions refused',
    share: (r) => ratio(r.samples.off_topic_refused, r.samples.off_topic_total),
    count: (r) => `${r.samples.off_topic_refused}/${r.samples.off_topic_total}`,
  },
  {
    name: 'XQuAD off topic, wrongly answered',
    share: (r) => ratio(r.samples.xquad_off_topic_answered, r.samples.xquad_off_topic_total),
    count: (r) => `${r.samples.xquad_off_topic_answered}/${r.samples.xquad_off_topic_total}`,
  },
  {
    name: 'paraphrases: evidence in top-3 excerpts',
    share: (r) => ratio(r.samples.paraphrases.answered_with_evidence, r.samples.paraphrases.total),
    count: (r) => `${r.samples.paraphrases.answered_with_evidence}/${r.samples.paraphrases.total}`,
  },
  { name: 'sample-article facts stated right', share: (r) => ratio(r.samples.facts_ok, r.samples.facts.length), count: (r) => `${r.samples.facts_ok}/${r.samples.facts.length}` },
  {
    name: 'follow-ups: evidence cited with context',
    share: (r) => ratio(r.conversations.follow_ups.with_context, r.conversations.follow_ups.total),
    count: (r) => `${r.conversations.follow_ups.with_context}/${r.conversations.follow_ups.total}`,
  },
];

/** Percentage points between two shares, rounded to a tenth (the precision the tables print). */
const points = (file: number, postgres: number) => Math.round((postgres - file) * 1000) / 10;

/** The measures where PostgreSQL is more than {@link WITHIN_POINTS} from the file store. */
export function storeDifferences(file: EvalReport, postgres: EvalReport): { name: string; points: number }[] {
  const out: { name: string; points: number }[] = [];
  for (const m of MEASURES) {
    const a = m.share(file);
    const b = m.share(postgres);
    if (a === null || b === null) continue;
    const d = points(a, b);
    if (Math.abs(d) > WITHIN_POINTS) out.push({ name: m.name, points: d });
  }
  return out;
}

/**
 * One model's figures from both stores in one table (file, PostgreSQL, the
 * difference in points), then whether every one is within
 * {@link WITHIN_POINTS} point.
 */
export function formatStoreComparison(file: EvalReport, postgres: EvalReport, server: string): string {
  const cell = (m: Measure, r: EvalReport) => {
    const share = m.share(r);
    if (share === null) return '-';
    const percent = `${(share * 100).toFixed(1)}%`;
    return m.count ? `${percent} (${m.count(r)})` : percent;
  };
  const rows = MEASURES.filter((m) => m.share(file) !== null || m.share(postgres) !== null).map((m) => {
    const a = m.share(file);
    const b = m.share(postgres);
    const d = a === null || b === null ? '-' : points(a, b);
    return [m.name, cell(m, file), cell(m, postgres), typeof d === 'number' ? `${d > 0 ? '+' : ''}${d.toFixed(1)}` : d];
  });
  const off = storeDifferences(file, postgres);
  const verdict =
    off.length === 0
      ? `Every figure is within ${WITHIN_POINTS} point of the file store's.`
      : `More than ${WITHIN_POINTS} point from the file store's: ${off.map((o) => `${o.name} (${o.points > 0 ? '+' : ''}${o.points.toFixed(1)})`).join('; ')}.`;
  return [
    `Stores compared, ${file.label}: the file store and PostgreSQL at ${server} (same questions, same model)`,
    '',
    markdownTable(['measure', 'file store', 'PostgreSQL', 'difference (points)'], rows),
    '',
    verdict,
  ].join('\n');
}
