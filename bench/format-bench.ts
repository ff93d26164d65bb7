import { DEFAULT_HNSW_EF_SEARCH } from '../src/config.ts';
import type { BenchReport } from './run-bench.ts';
import { markdownTable } from './format-table.ts';
import { machineLine } from './machine.ts';
import { BULK_MODE_LABELS } from './reindex-responsiveness.ts';

/** A figure, or – where it was not measured (NaN: --skip-vectra, --skip-file). */
const orDash = (n: number): number | string => (Number.isNaN(n) ? '–' : n);

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
      ...[r.build_chunks_per_s, r.build_with_embedding_chunks_per_s, r.load_ms, r.rss_mb, r.retrieval_p50_ms, r.retrieval_p95_ms, r.dense_p95_ms].map(
        orDash, // --skip-file
      ),
      r.embed_query_p50_ms,
      ...(Number.isNaN(r.vectra_queryItems_p95_ms)
        ? ['–', '–', '–', '–', '–'] // --skip-vectra
        : [
            r.vectra_queryItems_p95_ms,
            r.vectra_load_ms,
            r.vectra_rss_mb,
            `${Math.round(r.vectra_queryDocuments_bm25_p95_ms).toLocaleString('en-US')} (${r.vectra_queryDocuments_bm25_questions})`,
            `${r.speedup_vs_queryItems}x`,
          ]),
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
    'Stating facts: the same questions asked as fact questions ("When did ...?", "How many ...?"), answer building p50 with the fact stated and with quotes only, in one process:',
    '',
    markdownTable(
      ['chunks', 'facts stated p50 ms', 'quotes only p50 ms', 'added ms'],
      report.runs.map((r) => [
        r.chunks,
        orDash(r.fact_questions_p50_ms),
        orDash(r.fact_questions_without_facts_p50_ms),
        orDash(Math.round((r.fact_questions_p50_ms - r.fact_questions_without_facts_p50_ms) * 100) / 100),
      ]),
    ),
    '',
    ...report.notes.map((n) => `- ${n}`),
    ...(report.runs.some((r) => r.postgres) ? ['', ...formatPostgres(report)] : []),
    ...(report.embedding ? ['', ...formatEmbedding(report.embedding)] : []),
    ...(report.reindex ? ['', ...formatReindex(report.reindex)] : []),
  ].join('\n');
}

function formatEmbedding(embedding: NonNullable<BenchReport['embedding']>): string[] {
  const table = markdownTable(
    ['model', 'threads', 'npm run index passages/s', 'bare session passages/s (ceiling)', 'share of ceiling', 'padding share'],
    [
      [
        embedding.model,
        embedding.threads,
        embedding.passages_per_s,
        embedding.ceiling_passages_per_s,
        `${Math.round((embedding.passages_per_s / embedding.ceiling_passages_per_s) * 100)}%`,
        `${Math.round(embedding.padding_share * 1000) / 10}%`,
      ],
    ],
  );
  return ['Embedding speed (same run):', '', table];
}

function formatReindex(reindex: NonNullable<BenchReport['reindex']>): string[] {
  const table = markdownTable(
    ['reindex embeds', 'passages', 'reindex s', 'passages/s', 'embedding passages/s', 'event-loop delay max / p99 ms', 'questions answered meanwhile', 'ask p50 / p95 / max ms'],
    reindex.modes.map((m) => [
      BULK_MODE_LABELS[m.mode],
      m.passages_embedded,
      m.reindex_s,
      m.passages_per_s,
      m.embed_passages_per_s,
      `${m.event_loop_delay_max_ms} / ${m.event_loop_delay_p99_ms}`,
      m.asks,
      `${m.ask_p50_ms} / ${m.ask_p95_ms} / ${m.ask_max_ms}`,
    ]),
  );
  return [`Reindex of ${reindex.documents} articles with ${reindex.model}:`, '', table, '', `- ${reindex.note}`];
}

/** The PostgreSQL rows (--store postgres) beside the file store's, same chunks, vectors and questions. */
function formatPostgres(report: BenchReport): string[] {
  const runs = report.runs.filter((r) => r.postgres);
  const efValues = runs[0]!.postgres!.recall.map((e) => e.ef_search);
  const table = markdownTable(
    [
      'chunks',
      'store',
      'build/s (no embed)',
      'load ms',
      'RSS MB (after load / after questions)',
      'retrieval p50 / p95 ms',
      'dense p50 / p95 ms',
      'keyword p50 / p95 ms',
      'keyword overlap with exact BM25 @10 / @40',
      ...efValues.map((ef) => `recall@10 (p95 ms), ef_search ${ef}`),
    ],
    runs.flatMap((r) => {
      const pg = r.postgres!;
      const file = Number.isNaN(r.load_ms) ? [] : [[r.chunks, 'file', r.build_chunks_per_s, r.load_ms, `${r.rss_mb}`, `${r.retrieval_p50_ms} / ${r.retrieval_p95_ms}`, `${r.dense_p50_ms} / ${r.dense_p95_ms}`, '', 'exact', ...efValues.map(() => 'exact')]];
      return [
        ...file,
        [
          r.chunks,
          'PostgreSQL',
          pg.build_chunks_per_s,
          pg.load_ms,
          `${pg.rss_mb} / ${pg.rss_after_questions_mb}`,
          `${pg.retrieval_p50_ms} / ${pg.retrieval_p95_ms}`,
          `${pg.dense_p50_ms} / ${pg.dense_p95_ms}`,
          `${pg.keyword_p50_ms} / ${pg.keyword_p95_ms}`,
          `${pg.keyword_overlap_at_10} / ${pg.keyword_overlap_at_40}`,
          ...pg.recall.map((e) => `${e.recall_at_10} (${e.p95_ms})`),
        ],
      ];
    }),
  );
  const alone = runs.every((r) => Number.isNaN(r.load_ms));
  return [
    alone ? 'PostgreSQL alone (--skip-file: no file store or vectra measured):' : 'PostgreSQL beside the file store (same chunks, vectors and questions):',
    '',
    table,
    '',
    `- PostgreSQL: build saves the version into the database (rows, HNSW and GIN indexes, BM25 postings and their index, keyword statistics), chunking included, embedding excluded; load, RSS and latencies come from a fresh process that opens the collection as the bot does (RSS includes ~${runs[0]!.postgres!.baseline_rss_mb} MB for Node and tsx); retrieval is the same dense + keyword + fusion + answer building as the file store's, dense and keyword the two searches alone (40 rows each; dense at the default DATABASE_HNSW_EF_SEARCH, ${DEFAULT_HNSW_EF_SEARCH}).`,
    '- recall@10: the HNSW search\'s top 10 against an exact cosine scan of the same vectors, with hnsw.ef_search set per query (SET LOCAL); its latency is the SELECT alone. The file store\'s dense scan is exact.',
    ...runs.flatMap((r) =>
      r.postgres!.other_builds.map(
        (b) =>
          `- ${r.chunks} chunks, HNSW rebuilt with m ${b.m}, ef_construction ${b.ef_construction} (${Math.round(b.build_ms / 100) / 10} s): recall@10 (p95 ms) ${b.recall.map((e) => `${e.recall_at_10} (${e.p95_ms}) at ef_search ${e.ef_search}`).join(', ')}.`,
      ),
    ),
    '- keyword overlap: per question, the share of the exact BM25 top 10 / top 40 (the file store\'s keyword index, built in the bench\'s process over the same passages) that the database\'s keyword search also returns in its top 10 / 40 (a passage scoring as high as the exact k-th counts: ties), averaged.',
    runs[0]!.postgres!.vectors === 'clustered'
      ? '- Vectors in PostgreSQL: clustered Gaussians (--vectors clustered: clusters of 100 passages, noise of norm 0.6, normalised; questions drawn alike), not the bench model\'s, so its dense and retrieval figures are not the file store\'s workload.'
      : '- Vectors in PostgreSQL: the bench model\'s, the same as the file store\'s.',
  ];
}
