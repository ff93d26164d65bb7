import { PermissionFlagsBits, type GuildMember, type APIInteractionGuildMember, type Interaction, type PermissionsBitField } from 'discord.js';
import type { CollectionMode } from '../collections/collection-set.ts';
import type { DiscordConfig } from '../config.ts';
import { UserError } from '../errors.ts';

/**
 * Whether a member may run moderator commands: Manage Server, or one of the
 * configured moderator roles. Checked when the command runs, not only through
 * the command's default permissions (server admins can override those).
 */
export function isModerator(
  memberPermissions: Readonly<PermissionsBitField> | null,
  member: GuildMember | APIInteractionGuildMember | null,
  moderatorRoleIds: readonly string[],
): boolean {
  if (memberPermissions?.has(PermissionFlagsBits.ManageGuild)) return true;
  if (!member || moderatorRoleIds.length === 0) return false;
  const roles = Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()];
  return roles.some((id) => moderatorRoleIds.includes(id));
}

/** The refusal for a moderator of another server than the one whose collection the bot serves. */
export const OTHER_SERVER =
  'The articles belong to another server: only its moderators can change them (the operator set DISCORD_GUILD_ID).';

/**
 * Refuses (with a {@link UserError}) anyone who may not change the server's collection: outside a server,
 * without Manage Server or a moderator role, or, when DISCORD_GUILD_ID names the server whose
 * collection this is, in any other server (its moderators would otherwise change what every
 * server's answers quote).
 */
export function assertMayManage(interaction: Interaction, config: DiscordConfig, refusal: string, mode: CollectionMode = 'shared'): void {
  if (!interaction.inGuild() || !isModerator(interaction.memberPermissions, interaction.member, config.moderatorRoleIds)) {
    throw new UserError('not-allowed', refusal);
  }
  // With per-server collections each server's moderators change only their own, wherever the commands were deployed.
  if (mode === 'shared' && config.guildId !== undefined && interaction.guildId !== config.guildId) throw new UserError('not-allowed', OTHER_SERVER);
}
