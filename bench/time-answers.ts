import type { answerQuestion as AnswerQuestion } from '../src/answer/answer-question.ts';

type Answer = typeof AnswerQuestion;

/** A benchmark question with its embedding. */
export interface TimedQuestion {
  text: string;
  vector: Float32Array;
}

/**
 * Whole-retrieval timing shared by the store probes: the first `warmup`
 * questions are asked untimed, then every question is timed through the
 * product's own answer building. `answer` is passed in (not imported) so a
 * probe can load the product after measuring its baseline memory.
 */
export async function timeAnswers(
  answer: Answer,
  args: { passages: Parameters<Answer>[0]; documents: Parameters<Answer>[1]; settings: Parameters<Answer>[4] },
  questions: readonly TimedQuestion[],
  warmup: number,
): Promise<{ times: number[]; answered: number }> {
  const { passages, documents, settings } = args;
  for (const q of questions.slice(0, warmup)) await answer(passages, documents, q.text, q.vector, settings);
  const times: number[] = [];
  let answered = 0;
  for (const q of questions) {
    const t = performance.now();
    const result = await answer(passages, documents, q.text, q.vector, settings);
    times.push(performance.now() - t);
    if (result.answered) answered++;
  }
  return { times, answered };
}

/**
 * The settings `Engine.ask` answers with, from the environment-free config:
 * on today's date (later articles left out, recent ones first for "this
 * week" questions). Loads the product's config when called, so a probe can
 * measure its baseline memory first.
 */
export async function engineAskSettings(): Promise<Parameters<Answer>[4]> {
  const { loadEngineConfig, UNCALIBRATED_MIN_DENSE_SCORE } = await import('../src/config.ts');
  const config = loadEngineConfig({});
  return {
    topK: config.topK,
    minKeywordCoverage: config.minKeywordCoverage,
    minDenseScore: config.minDenseScore ?? UNCALIBRATED_MIN_DENSE_SCORE,
    asOf: new Date().toISOString().slice(0, 10),
  };
}
