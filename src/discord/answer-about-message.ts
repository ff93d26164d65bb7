import type { MessageContextMenuCommandInteraction } from 'discord.js';
import { UserError } from '../errors.ts';
import type { CommandContext } from './command.ts';
import { assertCollectionHere, engineHere } from './engine-here.ts';
import { presentAnswer } from './present-answer.ts';
import { deferReply, editReply } from './respond.ts';

/** What a member sees when the message they picked has no text (only an image, an embed, a sticker). */
export const NO_TEXT = 'That message has no text to ask about; pick a message with a question or a claim in it.';

/**
 * "Ask about this message": the picked message's text is the question,
 * answered privately (only the member who asked sees it), with the feedback
 * buttons. It is a question, so the asker's cooldown applies.
 */
export async function answerAboutMessage(interaction: MessageContextMenuCommandInteraction, context: CommandContext): Promise<void> {
  const question = interaction.targetMessage.content.trim();
  if (question === '') throw new UserError('empty-question', NO_TEXT);
  context.cooldown.enforce(interaction.user.id);
  await assertCollectionHere(context, interaction.guildId);
  await deferReply(interaction, { ephemeral: true });
  const engine = await engineHere(context, interaction.guildId);
  const answer = await engine.ask(question);
  const origin = { kind: 'context-menu', guildId: interaction.guildId, channelId: interaction.channelId, userId: interaction.user.id, ephemeral: true } as const;
  await editReply(interaction, presentAnswer(answer, origin, context.answers));
}
