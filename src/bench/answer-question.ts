import { buildAnswer, type AnswerSettings } from '../answer/build-answer.ts';
import type { Answer } from '../answer/types.ts';
import type { Retriever, RetrievalMode } from '../search/retriever.ts';
import type { DocumentRecord } from '../store/snapshot.ts';

/** Candidates handed from retrieval to answer building, as `Engine.ask` does. */
export const CANDIDATES = 12;

/**
 * What `Engine.ask` does after embedding the question: retrieve (dense +
 * keyword + fusion) and build the cited answer (excerpt choice, relevance
 * gate). The benchmark times this apart from the embedding.
 */
export function answerQuestion(
  retriever: Retriever,
  documents: ReadonlyMap<string, DocumentRecord>,
  question: string,
  vector: Float32Array | null,
  settings: AnswerSettings,
  mode: RetrievalMode = 'hybrid',
): Answer {
  const candidates = retriever.retrieve(question, vector, CANDIDATES, mode);
  return buildAnswer(
    { question, candidates, chunks: retriever.snapshot.chunks, documents, idf: (t) => retriever.keyword.idf(t) },
    settings,
  );
}
