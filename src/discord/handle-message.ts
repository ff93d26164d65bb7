import type { Message } from 'discord.js';
import { answerIncoming } from './answer-in-thread.ts';
import type { CommandContext } from './command.ts';
import { withErrorBoundary } from './error-boundary.ts';
import { incomingQuestion } from './incoming-question.ts';
import { replyTo } from './respond.ts';

/**
 * Answers a channel message the bot takes as a question (see
 * {@link incomingQuestion}: ask channels, mentions, its own threads, ask
 * forums), inside the one error boundary. Never rejects.
 */
export async function handleMessage(message: Message, botId: string, context: CommandContext): Promise<void> {
  const incoming = incomingQuestion(message, botId, context.config.askChannelIds);
  if (incoming === null) return;
  const fields = { name: incoming.kind, user: message.author.id, channel: message.channelId };
  await withErrorBoundary({ event: 'message', fields, tell: (note) => replyTo(message, note) }, context.logger, () =>
    answerIncoming(message, incoming, context),
  );
}
