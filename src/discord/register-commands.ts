import { REST, Routes } from 'discord.js';
import type { DiscordConfig } from '../config.ts';
import { ConfigError } from '../config.ts';
import type { CollectionMode } from '../collections/collection-set.ts';
import { commandJson, commandLabel, type Command } from './command.ts';

/**
 * Where commands are registered: DISCORD_GUILD_ID's server in shared mode, globally with
 * per-server collections (every server the bot is in needs them).
 */
export function deployTarget(config: DiscordConfig, mode: CollectionMode): DiscordConfig {
  return mode === 'per-guild' ? { ...config, guildId: undefined } : config;
}

export interface RegisterResult {
  /** As people see them: `/ask`, `"Ask about this message" (message menu)`. */
  names: string[];
  scope: 'guild' | 'global';
}

/**
 * Registers the slash commands in one bulk overwrite: in DISCORD_GUILD_ID when
 * set (appears at once), globally otherwise (can take up to an hour). Called
 * by the `npm run deploy-commands` script (`deploy-commands.ts`), never at start-up.
 */
export async function registerCommands(config: DiscordConfig, commands: ReadonlyMap<string, Command>): Promise<RegisterResult> {
  if (!config.clientId) {
    throw new ConfigError(['DISCORD_CLIENT_ID: is required to deploy commands (Developer Portal > General Information > Application ID)']);
  }
  const body = [...commands.values()].map(commandJson);
  const rest = new REST(config.apiBase ? { api: config.apiBase } : {}).setToken(config.token);
  const route = config.guildId
    ? Routes.applicationGuildCommands(config.clientId, config.guildId)
    : Routes.applicationCommands(config.clientId);
  const registered = (await rest.put(route, { body })) as Array<{ name: string; type?: number }>;
  return { names: registered.map(commandLabel), scope: config.guildId ? 'guild' : 'global' };
}
