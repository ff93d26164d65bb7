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
const REQUESTS = [
  /^tell me\b/, /^explain\b/, /^describe\b/, /^list\b/, /^summari[sz]e\b/, /^show me\b/, /^give me\b/, /^find\b/,
  /^what's\b/, /^define\b/, /^compare\b/, /^name\b/, /^i (want|would like|'d like) to know\b/, /^(can|could) you\b/, /^please\b/,
];

/** True when `text` reads as a question or a request for information. */
export function readsAsQuestion(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed.includes('?')) return true;
  const lower = trimmed.toLowerCase().replace(/^[^\p{L}]+/u, '');
  const first = lower.match(/^[\p{L}']+/u)?.[0] ?? '';
  return QUESTION_OPENERS.has(first) || REQUESTS.some((request) => request.test(lower));
}
