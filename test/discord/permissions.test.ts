import { PermissionFlagsBits, PermissionsBitField, type Interaction } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { loadDiscordConfig } from '../../src/config.ts';
import { assertMayManage, OTHER_SERVER } from '../../src/discord/permissions.ts';

const HOME = '111111111111111111';
const OTHER = '222222222222222222';
const MOD_ROLE = '333333333333333333';

/** The parts of an interaction the permission check reads. */
const interaction = (guildId: string | null, permissions: bigint, roles: string[] = []) =>
  ({
    inGuild: () => guildId !== null,
    guildId,
    memberPermissions: guildId === null ? null : new PermissionsBitField(permissions),
    member: guildId === null ? null : { roles },
  }) as unknown as Interaction;

const config = (env: Record<string, string> = {}) =>
  loadDiscordConfig({ DISCORD_TOKEN: 'x'.repeat(60), MODERATOR_ROLE_IDS: MOD_ROLE, ...env });

describe('who may change the collection', () => {
  it('allows Manage Server or a moderator role in any server when DISCORD_GUILD_ID is unset', () => {
    expect(() => assertMayManage(interaction(OTHER, PermissionFlagsBits.ManageGuild), config(), 'no')).not.toThrow();
    expect(() => assertMayManage(interaction(OTHER, 0n, [MOD_ROLE]), config(), 'no')).not.toThrow();
    expect(() => assertMayManage(interaction(OTHER, PermissionFlagsBits.SendMessages), config(), 'no')).toThrow('no');
    expect(() => assertMayManage(interaction(null, 0n), config(), 'no')).toThrow('no');
  });

  it('refuses moderators of any other server than the one DISCORD_GUILD_ID names', () => {
    const home = config({ DISCORD_GUILD_ID: HOME });
    expect(() => assertMayManage(interaction(HOME, PermissionFlagsBits.ManageGuild), home, 'no')).not.toThrow();
    expect(() => assertMayManage(interaction(OTHER, PermissionFlagsBits.ManageGuild), home, 'no')).toThrow(OTHER_SERVER);
    expect(() => assertMayManage(interaction(OTHER, 0n, [MOD_ROLE]), home, 'no')).toThrow(OTHER_SERVER);
  });

  it('with per-server collections, lets each server’s moderators change their own, wherever DISCORD_GUILD_ID points', () => {
    const home = config({ DISCORD_GUILD_ID: HOME });
    expect(() => assertMayManage(interaction(OTHER, PermissionFlagsBits.ManageGuild), home, 'no', 'per-guild')).not.toThrow();
    expect(() => assertMayManage(interaction(OTHER, 0n, [MOD_ROLE]), home, 'no', 'per-guild')).not.toThrow();
    expect(() => assertMayManage(interaction(OTHER, PermissionFlagsBits.SendMessages), home, 'no', 'per-guild')).toThrow('no');
    expect(() => assertMayManage(interaction(null, 0n), home, 'no', 'per-guild')).toThrow('no');
  });
});
