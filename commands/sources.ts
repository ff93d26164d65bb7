import { MessageFlags, SlashCommandBuilder, type ButtonInteraction, type ChatInputCommandInteraction } from 'discord.js';
import type { CommandContext, SlashCommand } from '../src/discord/command.ts';
import { engineHere } from '../src/discord/engine-here.ts';
import { isModerator } from '../src/discord/permissions.ts';
import { provenanceNotes } from '../src/discord/provenance-notes.ts';
import { reply, update } from '../src/discord/respond.ts';
import { parseSourcesButton, sourcesMessage } from '../src/discord/sources-message.ts';

export const data = new SlashCommandBuilder()
  .setName('sources')
  .setDescription('List the indexed articles')
  .addIntegerOption((option) => option.setName('page').setDescription('Page number').setMinValue(1));

/** Moderators get the listing privately, with who added each article and when. */
const isModeratorHere = (interaction: ChatInputCommandInteraction | ButtonInteraction, { config }: CommandContext) =>
  interaction.inGuild() && isModerator(interaction.memberPermissions, interaction.member, config.moderatorRoleIds);

async function page(interaction: ChatInputCommandInteraction | ButtonInteraction, context: CommandContext, number: number, showWho: boolean) {
  const engine = await engineHere(context, interaction.guildId);
  const listing = engine.sources();
  const notes = await provenanceNotes(engine.articles, listing.documents, number, { showWho });
  return sourcesMessage(listing, number, notes);
}

export const execute: SlashCommand['execute'] = async (interaction, context) => {
  const moderator = isModeratorHere(interaction, context);
  const message = await page(interaction, context, interaction.options.getInteger('page') ?? 1, moderator);
  await reply(interaction, { ...message, ephemeral: moderator });
};

export const button: SlashCommand['button'] = async (interaction, context) => {
  // Who added what is shown only on a moderator's private listing, never on a public one.
  const showWho = interaction.message.flags.has(MessageFlags.Ephemeral) && isModeratorHere(interaction, context);
  await update(interaction, await page(interaction, context, parseSourcesButton(interaction.customId) ?? 1, showWho));
};
