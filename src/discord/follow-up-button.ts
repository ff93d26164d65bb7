import { ButtonBuilder, ButtonStyle, ChannelType, type ButtonInteraction } from 'discord.js';
import { UserError } from '../errors.ts';
import { ANSWER_ID_PATTERN } from './answer-registry.ts';
import type { CommandContext } from './command.ts';
import { missingThreadPermissions } from './conversations.ts';
import { reply, send, startThread } from './respond.ts';

/** The first part of the follow-up button's custom id: how handle-interaction.ts routes a click here. */
export const FOLLOW_UP_PREFIX = 'followup';

/** True when `customId` is routed to the follow-up button (it may still be malformed). */
export const isFollowUpId = (customId: string) => customId.startsWith(`${FOLLOW_UP_PREFIX}:`);

/** The answer id of a follow-up custom id (`followup:<answerId>`), or null for anything the bot could not have made. */
export function parseFollowUpId(customId: string): string | null {
  const parts = customId.split(':');
  return parts.length === 2 && parts[0] === FOLLOW_UP_PREFIX && ANSWER_ID_PATTERN.test(parts[1]!) ? parts[1]! : null;
}

/** "Ask a follow-up" under a public /ask answer: its custom id carries only the answer's random id. */
export function followUpButton(answerId: string): ButtonBuilder {
  return new ButtonBuilder().setCustomId(`${FOLLOW_UP_PREFIX}:${answerId}`).setLabel('Ask a follow-up').setEmoji('💬').setStyle(ButtonStyle.Secondary);
}

/** A follow-up id the bot could not have made, or one clicked outside the answer's channel: one wording for both. */
const NOT_OURS = 'This button was not made by this bot, so it does nothing.';

/** The first line in a thread opened from an /ask answer. */
export const FOLLOW_UP_FIRST_LINE = '**Ask your follow-up here**: every message in this thread is answered, no mention needed, and read with the earlier question:';

/**
 * "Ask a follow-up": starts a public thread on the /ask answer, named after
 * its question, puts a first line there and remembers the question as the
 * thread's first turn, so the next message in it is read with it. A forged
 * id, or one from another channel, is refused politely; an answer no longer
 * remembered (a restart, or too old) says the button has expired; a second
 * click points to the thread already open.
 */
export async function handleFollowUpButton(interaction: ButtonInteraction, context: CommandContext): Promise<void> {
  const answerId = parseFollowUpId(interaction.customId);
  if (answerId === null) throw new UserError('invalid-button', NOT_OURS);
  const entry = context.answers.get(answerId);
  if (!entry) throw new UserError('expired-button', 'This answer is too old to follow up on; ask again with /ask.');
  if (entry.channelId !== interaction.channelId) throw new UserError('invalid-button', NOT_OURS);
  const existing = interaction.message.thread;
  if (existing) {
    await reply(interaction, { content: `The follow-up thread is already open: <#${existing.id}>`, ephemeral: true });
    return;
  }
  if (interaction.message.channel.type !== ChannelType.GuildText) throw new UserError('not-allowed', 'Follow-up threads can be opened only in a server text channel.');
  const missing = missingThreadPermissions(interaction.message);
  if (missing.length > 0) {
    context.conversations.warnOnce(context.logger, interaction.channelId, missing);
    throw new UserError('not-allowed', `I can't open a thread here: I lack ${missing.join(' and ')}. Ask your follow-up with /ask instead.`);
  }
  const thread = await startThread(interaction.message, entry.question);
  context.conversations.memory.remember(thread.id, entry.question);
  await reply(interaction, { content: `Thread opened: <#${thread.id}>`, ephemeral: true });
  await send(thread, { content: FOLLOW_UP_FIRST_LINE, text: entry.question });
}
