import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import type { CommandContext } from './command.ts';
import { answerMessage, NO_MENTIONS } from './answer-message.ts';

/** Cooldown notice, ephemeral so only the asker sees it. */
export const cooldownText = (seconds: number) =>
  `You're asking quickly: please wait ${seconds} s before the next question.`;

/**
 * /ask: checks the asker's cooldown, defers at once (the answer may take a
 * moment), then edits the deferred reply into the answer embed.
 */
export async function answerInteraction(
  interaction: ChatInputCommandInteraction,
  question: string,
  ephemeral: boolean,
  context: CommandContext,
): Promise<void> {
  const wait = context.cooldown.take(interaction.user.id);
  if (wait > 0) {
    await interaction.reply({ content: cooldownText(wait), flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
    return;
  }
  await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
  const answer = await context.engine.ask(question);
  await interaction.editReply(answerMessage(answer));
}
