import { askedKind } from './facts/fact-question.ts';

/** What kind of fact a question asks for, when that is easy to tell. */
export type AnswerType = 'date' | 'year' | 'number' | 'place' | null;

const MONTH = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const WEEKDAY = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)';

const PATTERNS: Record<Exclude<AnswerType, null>, RegExp> = {
  date: new RegExp(
    `\\b${MONTH}\\.?\\s+\\d{1,2}\\b|\\b\\d{1,2}\\s+${MONTH}\\b|\\b${WEEKDAY}\\b|\\b(?:yesterday|today|tonight|last (?:week|month|year)|(?:hours?|days?|weeks?|months?) (?:later|ago|earlier|after))\\b`,
    'i',
  ),
  // "In 1851", "the 1990s", "the 12th century"; not "1,500" or "3.1415".
  year: /(?<![\d.,])\b(?:1[0-9]|20)\d\ds?\b(?![,.]\d)|\b\d{1,2}(?:st|nd|rd|th) century\b/i,
  number: /\b\d[\d,.]*\b|\b(?:dozens?|hundreds?|thousands?|millions?|billions?)\b/i,
  // A capitalised name after a locative preposition: "in Kursk", "in the Kursk region", "near Pokrovsk".
  place: /\b(?:in|at|near|from|inside|outside) (?:the )?\p{Lu}\p{Ll}+/u,
};

/**
 * "When ...?" wants a date, "What year ...?" a year, "How many ...?" a
 * number, "Where ...?" a place; the same reading of the question as the fact
 * extractor's ({@link askedKind}). Names have no pattern of their own here.
 */
export function expectedAnswerType(question: string): AnswerType {
  const asked = askedKind(question);
  if (!asked || asked.kind === 'entity') return null;
  return asked.year ? 'year' : asked.kind;
}

/** Whether `text` contains the kind of fact the question asks for. */
export const hasAnswerType = (text: string, type: AnswerType): boolean => type !== null && PATTERNS[type].test(text);
