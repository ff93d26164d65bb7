import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { SlashCommand } from '../src/discord/command.ts';
import { answerInteraction } from '../src/discord/answer-interaction.ts';

export const data = new SlashCommandBuilder()
  .setName('ask')
  .setDescription('Ask a question; the answer quotes and cites the indexed articles')
  .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
  .addStringOption((option) =>
    option.setName('question').setDescription('What do you want to know?').setRequired(true).setMaxLength(6000),
  )
  .addBooleanOption((option) => option.setName('private').setDescription('Only you see the answer'));

export const execute: SlashCommand['execute'] = (interaction, context) =>
  answerInteraction(
    interaction,
    interaction.options.getString('question', true),
    interaction.options.getBoolean('private') ?? false,
    context,
  );
