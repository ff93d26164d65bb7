/**
 * Follow-ups in a conversation: whether a question leans on the earlier turns
 * ("and where was he captured?", "what about the casualties?", "why?") and,
 * when it does, the question to retrieve with, its pronoun or missing subject
 * filled in from the previous question. Plain text in, plain text out: the
 * engine retrieves and gates with the result, so the earlier subject counts
 * for the relevance gate as much as for the ranking.
 */

/** How a follow-up was read. */
export interface FollowUpQuery {
  /** What to retrieve with: the follow-up itself, or the follow-up completed from the conversation. */
  query: string;
  /** The earlier question the follow-up was read with, or null when it stands on its own. */
  context: string | null;
}

const WH_WORDS = new Set(['who', 'whom', 'whose', 'what', 'when', 'where', 'why', 'which', 'how']);
/** Words after "how" that belong to the question word ("how many troops"). */
const HOW_PARTS = new Set(['many', 'much', 'long', 'old', 'far', 'often', 'soon', 'big', 'large']);
const AUXILIARIES = new Set([
  'is', 'are', 'was', 'were', 'be', 'been', 'do', 'does', 'did', 'has', 'have', 'had',
  'can', 'could', 'should', 'will', 'would', 'may', 'might', 'must', 'shall',
]);
const DETERMINERS = new Set(['the', 'a', 'an', 'this', 'that', 'these', 'those']);
/** Where a subject phrase ends: a preposition or a linking word after the noun. */
const PHRASE_ENDS = new Set([
  'to', 'in', 'at', 'on', 'of', 'from', 'by', 'for', 'with', 'about', 'after', 'before', 'during', 'into', 'near',
  'according', 'and', 'or', 'but', 'than', 'as', 'if', 'while', 'because',
]);
/** Pronouns that stand for the subject of an earlier question; possessives are filled in with "'s". */
const PRONOUNS = new Set(['he', 'him', 'she', 'it', 'they', 'them']);
const POSSESSIVES = new Set(['his', 'her', 'its', 'their']);
/** Words that open an ellipsis: the rest of the question is the earlier one's. */
const ELLIPSIS_OPENERS = [/^and\b/i, /^but\b/i, /^so\b/i, /^also\b/i, /^(what|how) about\b/i, /^what else\b/i, /^anything else\b/i];
/** Words that carry no subject of their own in a follow-up. */
const FILLER = new Set([
  ...WH_WORDS, ...HOW_PARTS, ...AUXILIARIES, ...DETERMINERS, ...PRONOUNS, ...POSSESSIVES,
  'and', 'but', 'so', 'also', 'about', 'else', 'then', 'there', 'exactly', 'again', 'really', 'anything', 'that', 'not',
  'i', 'you', 'me', 'we', 'us', 'tell', 'more', 'please', 'ok', 'okay',
  'already', 'still', 'ever', 'just', 'actually', 'finally',
]);

const wordsOf = (text: string): string[] => text.match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? [];
const isCapitalised = (word: string) => /^\p{Lu}/u.test(word);

/**
 * The subject of a question, as a phrase: "When did the North Korean soldier
 * die?" -> "the North Korean soldier"; "Who captured the soldier?" -> "the
 * soldier"; "How many troops were sent to Kursk?" -> "troops". Skips the
 * question word, then the auxiliary (and, after one, drops the main verb that
 * ends the phrase) or, without one, the verb that follows the question word.
 * Empty when no subject is found.
 */
export function subjectPhrase(question: string): string {
  const words = wordsOf(question);
  let i = 0;
  if (WH_WORDS.has(words[0]?.toLowerCase() ?? '')) {
    i = 1;
    if (words[0]!.toLowerCase() === 'how' && HOW_PARTS.has(words[1]?.toLowerCase() ?? '')) i = 2;
  }
  const asksAfterAuxiliary = AUXILIARIES.has(words[i]?.toLowerCase() ?? '');
  if (asksAfterAuxiliary) i++;
  else if (i > 0 && i === 1 && words[i] && !isCapitalised(words[i]!) && !DETERMINERS.has(words[i]!.toLowerCase())) i++; // "Who captured ..."
  const phrase: string[] = [];
  for (; i < words.length; i++) {
    const lower = words[i]!.toLowerCase();
    if (phrase.length > 0 && (AUXILIARIES.has(lower) || PHRASE_ENDS.has(lower))) break;
    if (phrase.length === 0 && PHRASE_ENDS.has(lower)) continue;
    phrase.push(words[i]!);
  }
  // After an auxiliary the phrase runs on into the main verb ("the soldier die"): drop it, unless a name.
  if (asksAfterAuxiliary && phrase.length > 1 && !isCapitalised(phrase.at(-1)!)) phrase.pop();
  const content = phrase.filter((w) => !FILLER.has(w.toLowerCase()) || DETERMINERS.has(w.toLowerCase()));
  return content.some((w) => !DETERMINERS.has(w.toLowerCase())) ? content.join(' ') : '';
}

/** Words of `question` that name something: not question scaffolding, pronouns or fillers. */
function ownWords(question: string): string[] {
  return wordsOf(question).filter((w) => !FILLER.has(w.toLowerCase()));
}

/**
 * Whether a follow-up leans on the conversation: it refers back with a
 * pronoun ("where was he captured?"), opens with an ellipsis ("and…", "what
 * about…"), or names nothing of its own ("why?", "when exactly?"). A follow-up
 * that names a new subject (a capitalised name the earlier question lacks, or
 * two or more words of its own) stands on its own, unless it refers back with
 * a personal pronoun ("he", "them"); a possessive ("his") then belongs to the
 * new name.
 */
export function leansOnContext(followUp: string, previous: string): boolean {
  const words = wordsOf(followUp).map((w) => w.toLowerCase());
  if (words.some((w) => PRONOUNS.has(w))) return true;
  const own = ownWords(followUp);
  if (own.length === 0) return true;
  const earlier = new Set(wordsOf(previous).map((w) => w.toLowerCase()));
  // The first word is capitalised as a sentence's; later capitals are names.
  const first = wordsOf(followUp)[0];
  const newName = own.some((w) => w !== first && isCapitalised(w) && !earlier.has(w.toLowerCase()));
  // A possessive after a new name is the name's ("what did Putin tell his counterpart?").
  if (newName) return false;
  if (words.some((w) => POSSESSIVES.has(w))) return true;
  if (ELLIPSIS_OPENERS.some((opener) => opener.test(followUp.trim()))) return true;
  return own.length <= 1;
}

/** `followUp` with its first pronoun standing for the earlier subject replaced by it ("he" -> "the soldier", "his" -> "the soldier's"). */
function fillPronoun(followUp: string, subject: string): string | null {
  let replaced = false;
  const filled = followUp.replace(/[\p{L}]+/gu, (word) => {
    if (replaced) return word;
    const lower = word.toLowerCase();
    if (PRONOUNS.has(lower)) return ((replaced = true), subject);
    if (POSSESSIVES.has(lower)) return ((replaced = true), `${subject}'s`);
    return word;
  });
  return replaced ? filled : null;
}

/** The question's wh-word(s) and auxiliary taken off: "When did the soldier die?" -> "the soldier die". */
function questionBody(question: string): string {
  const words = wordsOf(question);
  let i = 0;
  if (WH_WORDS.has(words[0]?.toLowerCase() ?? '')) i = words[0]!.toLowerCase() === 'how' && HOW_PARTS.has(words[1]?.toLowerCase() ?? '') ? 2 : 1;
  return words.slice(i).join(' ');
}

/**
 * Reads `followUp` after the earlier questions of a conversation (oldest
 * first, as asked). Each earlier question is first read after its own
 * predecessors, so a three-turn chain keeps its subject. A follow-up that
 * leans on the last one is completed from it: a pronoun replaced by the
 * earlier subject; a question naming nothing ("why?") gets the earlier
 * question's body ("why the soldier die"); an ellipsis ("what about the
 * casualties?") gets the earlier subject added.
 */
export function followUpQuery(followUp: string, previous: readonly string[]): FollowUpQuery {
  const text = followUp.replace(/\s+/g, ' ').trim();
  if (previous.length === 0) return { query: text, context: null };
  const last = previous.at(-1)!;
  const resolvedLast = followUpQuery(last, previous.slice(0, -1)).query;
  if (!leansOnContext(text, resolvedLast)) return { query: text, context: null };
  const subject = subjectPhrase(resolvedLast);
  // "And where was he captured?" is read as "where was he captured?": the conjunction only links the turns.
  const asked = text.replace(/^(and|but|so|also)\b[,\s]*/i, '') || text;
  const bare = asked.replace(/[?.!\s]+$/, '');
  const filled = subject ? fillPronoun(asked, subject) : null;
  let query: string;
  if (filled) query = filled;
  else if (ownWords(asked).length === 0) query = `${bare} ${questionBody(resolvedLast)}`.trim();
  else query = subject ? `${bare} of ${subject}` : `${bare} ${questionBody(resolvedLast)}`.trim();
  return { query: /[?.!]$/.test(query) ? query : `${query}?`, context: last };
}
