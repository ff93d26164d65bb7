/**
 * Benchmark probe, run in a fresh process by `npm run bench`: loads an index
 * version the way the engine does at start-up, measures the time and the
 * resident memory, then times retrieval + answer building for each question
 * (its vector given, so embedding is not counted).
 */
import { memoryNow, peakRssMb, probeMain, type ProbeMemory } from './run-probe.ts';
import { engineAskSettings, timeAnswers } from './time-answers.ts';

export interface IndexProbeInput {
  indexDir: string;
  questions: { text: string; vector: number[] }[];
  /** Questions asked before timing starts (JIT warm-up). */
  warmup: number;
}

export interface IndexProbeOutput extends ProbeMemory {
  load_ms: number;
  simd: boolean;
  /** Per question, in order: retrieval + answer building. */
  retrieval_ms: number[];
  /** Per question: the dense scan alone (the part comparable with vectra's queryItems). */
  dense_ms: number[];
  /** Per question: rows the dense scan re-scored exactly after its int8 first pass. */
  dense_rescored: number[];
  answered: number;
  /** Per question turned into a fact question ("When did ...?", "How many ...?"): answer building with facts stated, and without. */
  typed_ms: number[];
  typed_no_facts_ms: number[];
}


const baseline = memoryNow();

await probeMain<IndexProbeInput, IndexProbeOutput>(async (input) => {
  const { FileIndexStore } = await import('../src/store/file-index-store.ts');
  const { RESULTS_PER_LIST } = await import('../src/search/retriever.ts');
  const { MemoryPassageIndex } = await import('../src/search/memory-passage-index.ts');
  const { answerQuestion } = await import('../src/answer/answer-question.ts');
  const settings = await engineAskSettings();

  // What Engine.open does with a stored index: open the newest version (searched in memory) and build the document map.
  const started = performance.now();
  const opened = await new FileIndexStore(input.indexDir).open();
  if (!opened) throw new Error(`no index in ${input.indexDir}`);
  const passages = opened.passages;
  // The dense scan is timed apart below, on the in-memory index the file store opens.
  if (!(passages instanceof MemoryPassageIndex)) throw new Error('the file store opened an index that is not searched in memory');
  const documents = new Map(opened.documents.map((d) => [d.id, d]));
  const loadMs = performance.now() - started;
  const rss = memoryNow();

  const questions = input.questions.map((q) => ({ text: q.text, vector: Float32Array.from(q.vector) }));
  const { times, answered } = await timeAnswers(answerQuestion, { passages, documents, settings }, questions, input.warmup);
  const dense: number[] = [];
  const rescored: number[] = [];
  // The same questions asked as fact questions, with and without stating facts, alternating which runs first.
  const typedMs: number[] = [];
  const typedNoFactsMs: number[] = [];
  const quoteOnly = { ...settings, statesFacts: false };
  for (const [i, q] of questions.entries()) {
    const text = `${i % 2 === 0 ? 'When did' : 'How many'} ${q.text}?`;
    const order = i % 4 < 2 ? [settings, quoteOnly] : [quoteOnly, settings];
    for (const s of order) {
      const t = performance.now();
      await answerQuestion(passages, documents, text, q.vector, s);
      (s === settings ? typedMs : typedNoFactsMs).push(performance.now() - t);
    }
  }
  for (const q of questions) {
    const t = performance.now();
    passages.vectors.search(q.vector, RESULTS_PER_LIST);
    dense.push(performance.now() - t);
    rescored.push(passages.vectors.rescored);
  }
  return {
    load_ms: loadMs,
    baseline_rss_mb: baseline,
    rss_mb: rss,
    peak_rss_mb: peakRssMb(),
    simd: passages.vectors.simd,
    retrieval_ms: times,
    dense_ms: dense,
    dense_rescored: rescored,
    answered,
    typed_ms: typedMs,
    typed_no_facts_ms: typedNoFactsMs,
  };
});
