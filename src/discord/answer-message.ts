import type { APIEmbed } from 'discord.js';
import { attribution } from '../answer/build-answer.ts';
import { displayDate } from '../answer/display-date.ts';
import type { Answer, SourceRef } from '../answer/types.ts';
import { LIMITS, embedLength, truncate } from './limits.ts';
import { safeText, type BotReply } from './respond.ts';

export const COLORS = { answer: 0x2b7bb9, none: 0x99aab5, error: 0xd9534f } as const;

/** A link target Discord will render: http(s) only, parentheses encoded so they can't end the link early. */
function safeUrl(url: string | null): string | null {
  if (!url || !/^https?:\/\//i.test(url)) return null;
  return url.replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/\s/g, '%20');
}

/** **Title** (linked when a URL is known) · Outlet · Date (with the article's time when `time` is set and one is known) */
export function sourceLine(source: SourceRef, maxTitle = 120, options: { time?: boolean } = {}): string {
  const title = `**${safeText(truncate(source.title, maxTitle))}**`;
  const url = safeUrl(source.url);
  const linked = url ? `[${title}](${url})` : title;
  return [linked, source.outlet && safeText(source.outlet), source.date && safeText(displayDate(source.date, options)!)].filter(Boolean).join(' · ');
}

/**
 * Turns an answer into one Discord message: an embed with the question, the
 * lead (the stated fact first and a marked disagreement line, when the
 * answer states one) and the numbered, quoted excerpts with their sources. Fits every
 * Discord limit by construction (citations that don't fit are dropped from
 * the end, a too-long excerpt is shortened), so the reply helper's own
 * fitting never has to cut it.
 */
export function answerMessage(answer: Answer): BotReply & { embeds: APIEmbed[] } {
  const title = truncate(answer.question.replace(/\s+/g, ' ').trim(), LIMITS.embedTitle);
  const notice = answer.notice ? `*${safeText(answer.notice)}*\n\n` : '';
  if (!answer.answered) {
    const embed: APIEmbed = { title, description: truncate(`${notice}${safeText(answer.answer)}`, LIMITS.embedDescription), color: COLORS.none };
    return { embeds: [embed] };
  }
  const footer = { text: 'Quoted from the indexed articles · /sources lists them' };
  const budget = Math.min(LIMITS.embedDescription, LIMITS.embedTotal - title.length - footer.text.length - 50);
  // The lead is rebuilt from citation 1 rather than cut from `answer.answer`, so its quote is never left open.
  const best = answer.citations[0];
  const sourceCount = new Set(answer.citations.flatMap((c) => (c.sources ?? [c]).map((s) => s.documentId))).size;
  // A stated fact leads, in bold; where sources disagree, that gets its own marked line.
  const lead = answer.statement
    ? `**${safeText(truncate(answer.statement.fact, 900))}**` +
      (answer.statement.disagreement ? `\n⚠️ ${safeText(truncate(answer.statement.disagreement, 900))}` : '')
    : best
    ? `According to ${safeText(attribution(best))}: “${safeText(truncate(best.excerpt, 300))}”` +
      (sourceCount > 1 ? `\n*${sourceCount} sources below; compare what each says.*` : '')
    : safeText(answer.answer);
  let description = `${notice}${lead}\n`;
  for (const citation of answer.citations) {
    const sources = citation.sources ?? [citation];
    const attribution =
      sources.length > 1
        ? `${sources.length} sources: ${sources.map((s) => sourceLine(s, 60)).join('; ')}`
        : sourceLine(sources[0]!);
    const head = `\n**[${citation.n}]** `;
    const tail = `\n— ${attribution}\n`;
    const room = budget - description.length - head.length - tail.length - 2;
    if (room < 80) break;
    const quoted = `“${safeText(truncate(citation.excerpt, Math.min(room, 700)))}”`;
    // Escaping may lengthen the text; re-check before adding.
    const block = `${head}${quoted}${truncate(tail, Math.max(0, budget - description.length - head.length - quoted.length))}`;
    if (description.length + block.length > budget) break;
    description += block;
  }
  const embed: APIEmbed = { title, description: description.trimEnd(), color: COLORS.answer, footer };
  if (embedLength(embed) > LIMITS.embedTotal) embed.description = truncate(embed.description!, LIMITS.embedTotal - title.length - footer.text.length);
  return { embeds: [embed] };
}
