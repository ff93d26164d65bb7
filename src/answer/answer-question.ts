import type { DocumentRecord } from '../records/index.ts';
import type { Retriever, RetrievalMode } from '../search/retriever.ts';
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
 * embedding.
 */
export function answerQuestion(
  retriever: Retriever,
  documents: ReadonlyMap<string, DocumentRecord>,
  question: string,
  vector: Float32Array | null,
  settings: AnswerSettings,
  mode: RetrievalMode = 'hybrid',
): Answer {
  const snapshot = retriever.snapshot;
  const candidates = settings.asOf
    ? byQuestionDate(retriever.retrieve(question, vector, DATED_POOL, mode), snapshot.chunks, documents, question, settings.asOf).slice(0, CANDIDATES)
    : retriever.retrieve(question, vector, CANDIDATES, mode);
  return buildAnswer(
    { question, candidates, chunks: snapshot.chunks, documents, idf: (t) => retriever.keyword.idf(t) },
    settings,
  );
}
