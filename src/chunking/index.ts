export { splitSentences, type Span } from './split-sentences.ts';
export { chunkText, type Chunk, type ChunkOptions } from './chunk-text.ts';
export { isSentenceBoundary, type BoundaryCandidate } from './sentence-boundary.ts';
export {
  abbreviationKind,
  BEFORE_NUMBERS,
  NEVER_FINAL,
  OFTEN_FINAL,
  SENTENCE_STARTERS,
  type AbbreviationKind,
} from './abbreviations.ts';
