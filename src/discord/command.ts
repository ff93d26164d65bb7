import type { AutocompleteInteraction, ButtonInteraction, ChatInputCommandInteraction, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { z } from 'zod';
import type { DiscordConfig, IngestConfig } from '../config.ts';
import type { CollectionSet } from '../collections/collection-set.ts';
import type { Logger } from '../logger.ts';
import type { AddRateLimit } from './add-rate-limit.ts';
import type { Cooldown } from './cooldown.ts';

/** What a command needs from the bot; commands stay thin and call the engine. */
export interface CommandContext {
  /** The collections the bot answers from: one for every server, or one per server. */
  collections: CollectionSet;
  config: DiscordConfig;
  logger: Logger;
  cooldown: Cooldown;
  /** Aborted when the bot shuts down: a running reindex is abandoned safely. */
  shutdown: AbortSignal;
  /** Least time between two progress edits of a reindex reply. */
  progressIntervalMs: number;
  /** How links given to /article add are fetched. */
  ingest: IngestConfig;
  /** How often each server may use /article add. */
  addRateLimit: AddRateLimit;
}

/** A slash command module: `commands/<name>.ts` exports these. */
export interface Command {
  data: { toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody } | RESTPostAPIChatInputApplicationCommandsJSONBody;
  execute(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void>;
  /** Handles buttons whose custom id starts with `<command name>:`. */
  button?(interaction: ButtonInteraction, context: CommandContext): Promise<void>;
  /** Offers choices while a member types in an option registered with autocomplete. */
  autocomplete?(interaction: AutocompleteInteraction, context: CommandContext): Promise<void>;
}

/** The shape a command module must have; the loader skips (and reports) anything else. */
export const commandPredicate = z.object({
  data: z.union([
    z.object({ toJSON: z.function() }).passthrough(),
    z.object({ name: z.string(), description: z.string() }).passthrough(),
  ]),
  execute: z.function(),
  button: z.function().optional(),
  autocomplete: z.function().optional(),
});

/** The JSON Discord receives for a command. */
export const commandJson = (command: Command): RESTPostAPIChatInputApplicationCommandsJSONBody =>
  'toJSON' in command.data && typeof command.data.toJSON === 'function'
    ? command.data.toJSON()
    : (command.data as RESTPostAPIChatInputApplicationCommandsJSONBody);
