/**
 * Whether a message in an ask channel reads as a question, so chatter
 * ("thanks", "ok cool") gets no reply: a question mark anywhere, or a question
 * word, an auxiliary that opens a yes/no question, or a request ("tell me",
 * "explain") at the start. English only, as the articles are.
 */

const QUESTION_OPENERS = new Set([
  'who', 'whom', 'whose', 'what', 'whats', "what's", 'when', 'where', "where's", 'why', 'how', "how's", 'which',
  'is', 'are', 'was', 'were', 'do', 'does', 'did', 'can', 'could', 'should', 'will', 'would', 'has', 'have', 'had', 'may', 'might',
]);
/** Requests at the start, as one pattern built once ("what's" and "can/could you" are already openers above). */
const REQUEST = /^(?:tell me|explain|describe|list|summari[sz]e|show me|give me|find|define|compare|name|i (?:want|would like|'d like) to know|please)\b/;

/** True when `text` reads as a question or a request for information. */
export function readsAsQuestion(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed.includes('?')) return true;
  const lower = trimmed.toLowerCase().replace(/^[^\p{L}]+/u, '');
  const first = lower.match(/^[\p{L}']+/u)?.[0] ?? '';
  return QUESTION_OPENERS.has(first) || REQUEST.test(lower);
}
