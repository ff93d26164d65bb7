import type { Answer } from '../answer/types.ts';
import { answerMessage } from './answer-message.ts';
import type { BotReply } from './respond.ts';

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

/**
 * The one place an answer becomes a Discord message: every answer and refusal
 * the bot shows, whatever the entry point, is built here.
 */
export function presentAnswer(answer: Answer, origin: AnswerOrigin): BotReply {
  void origin;
  return answerMessage(answer);
}
