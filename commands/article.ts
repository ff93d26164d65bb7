import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { SlashCommand } from '../src/discord/command.ts';
import { addFromInteraction, articleChoices, removeFromInteraction } from '../src/discord/manage-articles.ts';

export const data = new SlashCommandBuilder()
  .setName('article')
  .setDescription('Moderators: add or remove the articles the bot answers from')
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addSubcommand((sub) =>
    sub
      .setName('add')
      .setDescription('Add an article from a file (.md, .txt, .html, .pdf) or a link to a news page')
      .addAttachmentOption((option) => option.setName('file').setDescription('A .md, .txt, .html or .pdf file'))
      .addStringOption((option) => option.setName('url').setDescription('A link to the article (https://…)').setMaxLength(2000)),
  )
  .addSubcommand((sub) =>
    sub
      .setName('remove')
      .setDescription('Remove an article; it leaves the answers at once')
      .addStringOption((option) => option.setName('article').setDescription('Start typing its title').setRequired(true).setAutocomplete(true)),
  );

export const execute: SlashCommand['execute'] = (interaction, context) =>
  interaction.options.getSubcommand() === 'add' ? addFromInteraction(interaction, context) : removeFromInteraction(interaction, context);

export const autocomplete: SlashCommand['autocomplete'] = (interaction, context) => articleChoices(interaction, context);
