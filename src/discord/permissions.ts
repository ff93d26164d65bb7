import { PermissionFlagsBits, type GuildMember, type APIInteractionGuildMember, type PermissionsBitField } from 'discord.js';

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
