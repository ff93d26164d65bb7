/** Longest stretch of a question that is cleaned; the engine uses far less. */
export const MAX_CLEANED_CHARS = 20_000;

/**
 * Strips chat markup that carries no meaning for retrieval: Discord mentions
 * and custom emoji, @everyone/@here, Markdown links (label and target: a label
 * such as "this article" is not part of the question),
 * bare URLs, code fences and Markdown emphasis. Without this, "@everyone when
 * did the soldier die?" weighs "everyone" as a question word the articles lack.
 */
export function cleanQuestion(question: string): string {
  // Only the start of a huge question is used anyway; bounding it first keeps every pattern below linear in practice.
  return question
    .trimStart()
    .slice(0, MAX_CLEANED_CHARS)
    .replace(/<a?:\w+:\d+>/g, ' ')
    .replace(/<(?:@[!&]?|#)\d+>/g, ' ')
    .replace(/@(?:everyone|here)\b/g, ' ')
    .replace(/\[[^\]\n]{0,300}\]\((?:[a-z]+:\/\/|www\.)[^)\s]{0,2000}\)/gi, ' ')
    .replace(/\b(?:https?:\/\/|www\.)\S+/gi, ' ')
    .replace(/```[\w-]*|`/g, ' ')
    // Emphasis markers at word edges only, so snake_case survives.
    .replace(/(^|[^\p{L}\p{N}])(?:\*\*|__|~~|\|\||\*|_)+(?=\S)/gu, '$1')
    .replace(/(?<=\S)(?:\*\*|__|~~|\|\||\*|_)+(?=$|[^\p{L}\p{N}])/gu, '')
    .replace(/^[ \t]*(?:>+|#{1,6})[ \t]/gm, ' ');
}
