import type { ChatInputCommandInteraction } from 'discord.js';
import type { CommandContext } from './command.ts';
import { presentAnswer } from './present-answer.ts';
import { assertCollectionHere, engineHere } from './engine-here.ts';
import { deferReply, editReply } from './respond.ts';

/**
 * /ask: checks the asker's cooldown (the error boundary shows the note,
 * privately), defers at once (the answer may take a moment), then edits the
 * deferred reply into the answer embed.
 */
export async function answerInteraction(
  interaction: ChatInputCommandInteraction,
  question: string,
  ephemeral: boolean,
  context: CommandContext,
): Promise<void> {
  context.cooldown.enforce(interaction.user.id);
  await assertCollectionHere(context, interaction.guildId);
  await deferReply(interaction, { ephemeral });
  const engine = await engineHere(context, interaction.guildId);
  const answer = await engine.ask(question);
  const origin = { kind: 'slash', guildId: interaction.guildId, channelId: interaction.channelId, userId: interaction.user.id, ephemeral } as const;
  await editReply(interaction, presentAnswer(answer, origin, context.answers));
}
