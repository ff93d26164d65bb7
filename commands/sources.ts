import { SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command.ts';
import { reply, update } from '../src/discord/respond.ts';
import { parseSourcesButton, sourcesMessage } from '../src/discord/sources-message.ts';

export const data = new SlashCommandBuilder()
  .setName('sources')
  .setDescription('List the indexed articles')
  .addIntegerOption((option) => option.setName('page').setDescription('Page number').setMinValue(1));

export const execute: Command['execute'] = async (interaction, { engine }) => {
  await reply(interaction, sourcesMessage(engine.sources(), interaction.options.getInteger('page') ?? 1));
};

export const button: Command['button'] = async (interaction, { engine }) => {
  await update(interaction, sourcesMessage(engine.sources(), parseSourcesButton(interaction.customId) ?? 1));
};
