import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { SlashCommand } from '../src/discord/command.ts';
import { runReindex } from '../src/discord/run-reindex.ts';

export const data = new SlashCommandBuilder()
  .setName('reindex')
  .setDescription('Moderators: rebuild the index from the articles folder')
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild);

export const execute: SlashCommand['execute'] = (interaction, context) => runReindex(interaction, context);
