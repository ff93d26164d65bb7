import { ChannelType, DiscordAPIError, type Message, type ThreadChannel } from 'discord.js';
import type { CommandContext } from './command.ts';
import { missingThreadPermissions } from './conversations.ts';
import { cooldownText } from './cooldown.ts';
import { engineHere } from './engine-here.ts';
import type { IncomingQuestion } from './incoming-question.ts';
import { presentAnswer, type AnswerOrigin } from './present-answer.ts';
import { replyBriefly, replyTo, send, showTyping, startThread } from './respond.ts';

/** How long a cooldown notice stays in a channel before it deletes itself. */
export const COOLDOWN_NOTICE_MS = 8000;

/**
 * The thread to answer a channel question in: a new public thread started
 * from the question and named after it, or null to answer inline (threads
 * off, not a server text channel, or a permission missing: logged once per
 * channel).
 */
async function threadFor(message: Message, question: string, context: CommandContext): Promise<ThreadChannel | null> {
  if (!context.config.answerInThreads || message.channel.type !== ChannelType.GuildText) return null;
  const missing = missingThreadPermissions(message);
  if (missing.length > 0) {
    context.conversations.warnOnce(context.logger, message.channelId, missing);
    return null;
  }
  try {
    return await startThread(message, question);
  } catch (error) {
    // Permissions changed since the cache saw them: answer inline rather than not at all.
    if (error instanceof DiscordAPIError && error.code === 50013) {
      context.conversations.warnOnce(context.logger, message.channelId, ['Create Public Threads']);
      return null;
    }
    throw error;
  }
}

/**
 * Answers a channel message the bot took as a question: a new question in a
 * thread started from it (or inline), a forum post in its own thread, and a
 * follow-up in its thread read with the earlier questions there. A user still
 * cooling down gets a notice that deletes itself. Runs inside the caller's
 * error boundary.
 */
export async function answerIncoming(message: Message, incoming: IncomingQuestion, context: CommandContext): Promise<void> {
  const wait = context.cooldown.take(message.author.id);
  if (wait > 0) {
    context.logger.info('message refused', { user: message.author.id, channel: message.channelId, outcome: 'cooldown' });
    await replyBriefly(message, { text: cooldownText(wait) }, COOLDOWN_NOTICE_MS);
    return;
  }
  const { memory } = context.conversations;
  const thread = incoming.kind === 'channel' ? await threadFor(message, incoming.question, context) : incoming.thread;
  const where = thread ?? message.channel;
  if (where.isSendable()) showTyping(where);
  const engine = await engineHere(context, message.guildId);
  const previous = thread ? memory.previous(thread.id) : [];
  const answer = await engine.ask(incoming.question, { previous });
  const origin: AnswerOrigin = {
    kind: thread ? 'thread' : 'channel',
    guildId: message.guildId,
    channelId: where.id,
    userId: message.author.id,
    ephemeral: false,
  };
  const reply = presentAnswer(answer, origin, context.answers);
  if (thread) memory.remember(thread.id, incoming.question);
  // A new thread starts from the question, so the answer is its first message; elsewhere it replies to the message.
  if (thread && incoming.kind === 'channel') await send(thread, reply);
  else await replyTo(message, reply);
}
