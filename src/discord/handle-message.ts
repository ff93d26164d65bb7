import type { Message } from 'discord.js';
import { UserError } from '../errors.ts';
import { answerMessage, NO_MENTIONS } from './answer-message.ts';
import type { CommandContext } from './command.ts';
import { GENERIC_ERROR } from './handle-interaction.ts';

/**
 * The question in a channel message, or null when the bot should stay quiet:
 * messages from bots, webhooks and itself are ignored; a message counts when
 * it is in an ask channel or mentions the bot (the mention is removed).
 */
export function questionFromMessage(message: Message, botId: string, askChannelIds: readonly string[]): string | null {
  if (message.author.bot || message.webhookId || message.author.id === botId || message.system) return null;
  const mentioned = message.mentions.users.has(botId);
  if (!mentioned && !askChannelIds.includes(message.channelId)) return null;
  const question = message.content.replace(new RegExp(`<@!?${botId}>`, 'g'), ' ').trim();
  return question === '' ? null : question;
}

/** Answers a channel question with a reply (no pings), honouring the asker's cooldown. Never rejects. */
export async function handleMessage(message: Message, botId: string, context: CommandContext): Promise<void> {
  const question = questionFromMessage(message, botId, context.config.askChannelIds);
  if (question === null) return;
  const started = performance.now();
  try {
    const wait = context.cooldown.take(message.author.id);
    if (wait > 0) {
      await message.reply({ content: `Please wait ${wait} s before asking again.`, allowedMentions: NO_MENTIONS });
      return;
    }
    if (message.channel.isSendable()) void message.channel.sendTyping().catch(() => {});
    const answer = await context.engine.ask(question);
    await message.reply(answerMessage(answer));
    context.logger.info('message answered', { user: message.author.id, channel: message.channelId, ms: Math.round(performance.now() - started) });
  } catch (error) {
    const expected = error instanceof UserError;
    context.logger[expected ? 'info' : 'error']('message failed', {
      user: message.author.id,
      error: error instanceof Error ? { message: error.message, stack: expected ? undefined : error.stack } : String(error),
    });
    await message
      .reply({ content: expected ? (error as UserError).message : GENERIC_ERROR, allowedMentions: NO_MENTIONS })
      .catch(() => {});
  }
}
