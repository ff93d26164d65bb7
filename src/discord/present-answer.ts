import type { ButtonBuilder } from 'discord.js';
import type { Answer } from '../answer/types.ts';
import { answerButtons } from './answer-buttons.ts';
import { answerMessage } from './answer-message.ts';
import { followUpButton } from './follow-up-button.ts';
import type { AnswerRegistry } from './answer-registry.ts';
import { truncate } from './limits.ts';
import { safeText, type BotReply } from './respond.ts';

/** Where an answer is shown: decides its form (embed or short line) and which buttons it carries. */
export interface AnswerOrigin {
  /** How the question arrived. */
  kind: 'channel' | 'thread' | 'slash' | 'context-menu';
  guildId: string | null;
  channelId: string;
  userId: string;
  /** Only the asker sees the answer. */
  ephemeral: boolean;
}

/** The most of an answer's lead kept for a vote (the feedback file and the moderators' embed). */
const MAX_KEPT_LEAD = 1000;

/**
 * The one place an answer becomes a Discord message: every answer and refusal
 * the bot shows, whatever the entry point, is built here. Each carries 👍/👎
 * buttons (and `extraButtons` after them, on the same row); the answer is
 * remembered in `answers` under the id the buttons carry, so a vote can be
 * recorded with what was asked and answered.
 */
export function presentAnswer(answer: Answer, origin: AnswerOrigin, answers: AnswerRegistry, extraButtons: readonly ButtonBuilder[] = []): BotReply {
  const answerId = answers.remember({
    guildId: origin.guildId,
    channelId: origin.channelId,
    question: answer.question,
    answer: truncate(answer.answer, MAX_KEPT_LEAD),
    citations: answer.citations.map((c) => ({ n: c.n, documentId: c.documentId })),
    answered: answer.answered,
  });
  // A public /ask answer in a server can open a thread for follow-ups (a private one, or one in a DM, cannot).
  const followUp = origin.kind === 'slash' && !origin.ephemeral && origin.guildId !== null ? [followUpButton(answerId)] : [];
  return { ...shown(answer, origin), components: [answerButtons(answerId, [...extraButtons, ...followUp])] };
}

/**
 * The message itself: an embed, except a refusal in a channel or thread, which
 * is one short line (with the italic context line of a follow-up before it)
 * so a busy channel is not filled with grey boxes.
 */
function shown(answer: Answer, origin: AnswerOrigin): BotReply {
  if (answer.answered || (origin.kind !== 'channel' && origin.kind !== 'thread')) return answerMessage(answer);
  return { ...(answer.notice ? { content: `*${safeText(answer.notice)}*` } : {}), text: answer.answer };
}
