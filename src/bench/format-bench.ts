import type { BenchReport } from './run-bench.ts';
import { markdownTable } from './format-table.ts';
import { machineLine } from './machine.ts';

/** The bench report as text: a Markdown table with the machine, date, model and notes. */
export function formatBenchReport(report: BenchReport): string {
  const table = markdownTable(
    [
      'chunks',
      'build/s (no embed)',
      'build/s (with embed)',
      'load ms',
      'RSS MB',
      'retrieval p50 ms',
      'retrieval p95 ms',
      'dense scan p95 ms',
      'embed query p50 ms',
      'vectra queryItems p95 ms',
      'vectra load ms',
      'vectra RSS MB',
      'vectra queryDocuments+BM25 p95 ms (n)',
      'vs queryItems',
    ],
    report.runs.map((r) => [
      r.chunks,
      r.build_chunks_per_s,
      r.build_with_embedding_chunks_per_s,
      r.load_ms,
      r.rss_mb,
      r.retrieval_p50_ms,
      r.retrieval_p95_ms,
      r.dense_p95_ms,
      r.embed_query_p50_ms,
      r.vectra_queryItems_p95_ms,
      r.vectra_load_ms,
      r.vectra_rss_mb,
      `${Math.round(r.vectra_queryDocuments_bm25_p95_ms).toLocaleString('en-US')} (${r.vectra_queryDocuments_bm25_questions})`,
      `${r.speedup_vs_queryItems}x`,
    ]),
  );
  const model = `${report.model.id}${report.model.generated ? ' (the generated bag-of-words test model)' : ''}, ${report.model.dimensions} dimensions`;
  return [
    `Benchmark ${report.date.slice(0, 10)} on ${machineLine(report.machine)}`,
    `Model: ${model}`,
    `Corpus: ${report.corpus}`,
    '',
    table,
    '',
    ...report.notes.map((n) => `- ${n}`),
  ].join('\n');
}
