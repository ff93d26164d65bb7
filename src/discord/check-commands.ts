import type { ApplicationCommand, Client } from 'discord.js';
import type { DiscordConfig } from '../config.ts';
import type { Logger } from '../logger.ts';
import { commandJson, commandLabel, type Command } from './command.ts';

/** How the commands registered with Discord differ from the ones in `commands/`. */
export interface CommandDrift {
  /** In `commands/` but not registered: members can't use them. */
  missing: string[];
  /** Registered with another definition (options, permissions, description). */
  changed: string[];
  /** Registered but no longer in `commands/`: members see them and get "not available". */
  extra: string[];
}

/** Compares registered commands with local ones (what `npm run deploy-commands` would register). */
export function commandDrift(registered: readonly ApplicationCommand[], local: ReadonlyMap<string, Command>): CommandDrift {
  const drift: CommandDrift = { missing: [], changed: [], extra: [] };
  for (const command of local.values()) {
    // Through JSON, as Discord receives it: a builder's unset fields (nsfw: undefined) are absent, not different.
    const json = JSON.parse(JSON.stringify(commandJson(command))) as ReturnType<typeof commandJson>;
    const found = registered.find((r) => r.name === json.name);
    if (!found) {
      drift.missing.push(json.name);
      continue;
    }
    // Fields Discord fills in with defaults when a command leaves them out are not a difference.
    const comparable = { ...json, integration_types: json.integration_types ?? found.integrationTypes ?? [], contexts: json.contexts ?? found.contexts ?? [] };
    if (!found.equals(comparable as never)) drift.changed.push(json.name);
  }
  drift.extra = registered.map((r) => r.name).filter((name) => !local.has(name));
  return drift;
}

/**
 * At start-up, after login: warns when the registered slash commands differ from `commands/`
 * (after an upgrade, a command such as /article must not be silently missing), naming each
 * difference and the command that fixes it. Never registers anything itself, and never stops the
 * bot: a failed comparison is a warning too.
 */
export async function warnAboutCommandDrift(client: Client<true>, config: DiscordConfig, local: ReadonlyMap<string, Command>, logger: Logger): Promise<void> {
  let registered: ApplicationCommand[];
  try {
    const fetched = config.guildId ? await client.application.commands.fetch({ guildId: config.guildId }) : await client.application.commands.fetch();
    registered = [...fetched.values()];
  } catch (error) {
    logger.warn('could not compare the registered slash commands with commands/', { error: error instanceof Error ? error.message : String(error) });
    return;
  }
  const drift = commandDrift(registered, local);
  // A name's type: from commands/ for missing and changed ones, from Discord for extra ones.
  const label = (name: string) => {
    const command = local.get(name);
    return commandLabel(command ? commandJson(command) : registered.find((r) => r.name === name) ?? { name });
  };
  const parts = [
    drift.missing.length ? `not registered: ${drift.missing.map(label).join(', ')}` : '',
    drift.changed.length ? `registered with an older definition: ${drift.changed.map(label).join(', ')}` : '',
    drift.extra.length ? `registered but no longer in commands/: ${drift.extra.map(label).join(', ')}` : '',
  ].filter(Boolean);
  if (parts.length === 0) return;
  const where = config.guildId ? `in server ${config.guildId}` : 'globally';
  logger.warn(`the slash commands registered ${where} differ from commands/ (${parts.join('; ')}); run npm run deploy-commands to update them`, { ...drift });
}
