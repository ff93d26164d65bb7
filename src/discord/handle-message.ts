import type { Message } from 'discord.js';
import type { CommandContext } from './command.ts';
import { withErrorBoundary } from './error-boundary.ts';
import { engineHere } from './engine-here.ts';
import { presentAnswer } from './present-answer.ts';
import { replyTo } from './respond.ts';

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

/** Answers a channel question with a reply (no pings), honouring the asker's cooldown, inside the one error boundary. Never rejects. */
export async function handleMessage(message: Message, botId: string, context: CommandContext): Promise<void> {
  const question = questionFromMessage(message, botId, context.config.askChannelIds);
  if (question === null) return;
  const fields = { name: 'question', user: message.author.id, channel: message.channelId };
  await withErrorBoundary({ event: 'message', fields, tell: (note) => replyTo(message, note) }, context.logger, async () => {
    context.cooldown.enforce(message.author.id);
    if (message.channel.isSendable()) void message.channel.sendTyping().catch(() => {});
    const engine = await engineHere(context, message.guildId);
    const origin = { kind: 'channel', guildId: message.guildId, channelId: message.channelId, userId: message.author.id, ephemeral: false } as const;
    await replyTo(message, presentAnswer(await engine.ask(question), origin, context.answers));
  });
}
