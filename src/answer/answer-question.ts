import type { DocumentRecord } from '../records/index.ts';
import { analyze } from '../search/analyze-text.ts';
import type { PassageIndex, RetrievalMode } from '../search/passage-index.ts';
import { buildAnswer, type AnswerSettings } from './build-answer.ts';
import { byQuestionDate } from './question-date.ts';
import type { Answer } from './types.ts';

/** Retrieved chunks handed to answer building: enough for TOP_K citations after the gate and one-per-article. */
export const CANDIDATES = 12;

/** Retrieved before the question's date drops later articles and puts recent ones first. */
const DATED_POOL = CANDIDATES * 3;

/**
 * Everything after embedding the question: retrieve (dense + keyword +
 * fusion) and build the cited answer (excerpt choice, relevance gate,
 * facts). `Engine.ask` calls it; the benchmark times it apart from the
 * embedding. The question's term weights are fetched with the retrieval
 * (answer building weighs only the question's own terms), so a database
 * index answers in one round trip each.
 */
export async function answerQuestion(
  passages: PassageIndex,
  documents: ReadonlyMap<string, DocumentRecord>,
  question: string,
  vector: Float32Array | null,
  settings: AnswerSettings,
  mode: RetrievalMode = 'hybrid',
  embed?: (texts: string[]) => Promise<Float32Array[]>,
): Promise<Answer> {
  const [retrieved, weights] = await Promise.all([
    passages.retrieve({ text: question, vector, topK: settings.asOf ? DATED_POOL : CANDIDATES, mode }),
    passages.idf([...new Set(analyze(question))]),
  ]);
  const candidates = settings.asOf ? byQuestionDate(retrieved, documents, question, settings.asOf).slice(0, CANDIDATES) : retrieved;
  const idf = (term: string) => {
    const weight = weights.get(term);
    if (weight === undefined) throw new Error(`answer building asked for the weight of "${term}", which is not a term of the question`);
    return weight;
  };
  const meaning = vector && embed ? { vector, embed } : undefined;
  return buildAnswer({ question, candidates, documents, idf, articles: passages, ...(meaning ? { meaning } : {}) }, settings);
}
