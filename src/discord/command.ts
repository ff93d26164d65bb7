import {
  ApplicationCommandType,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type MessageContextMenuCommandInteraction,
  type RESTPostAPIApplicationCommandsJSONBody,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord.js';
import { z } from 'zod';
import type { DiscordConfig, IngestConfig } from '../config.ts';
import type { CollectionSet } from '../collections/collection-set.ts';
import type { FeedbackLog } from '../feedback/feedback-log.ts';
import type { Logger } from '../logger.ts';
import type { AddRateLimit } from './add-rate-limit.ts';
import type { AnswerRegistry } from './answer-registry.ts';
import type { Conversations } from './conversations.ts';
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
  /** The answers shown recently, so their 👍/👎 buttons can record a vote. */
  answers: AnswerRegistry;
  /** Where votes are appended (FEEDBACK_FILE). */
  feedback: FeedbackLog;
  /** Earlier questions per thread (bounded, in memory), so follow-ups are read with them. */
  conversations: Conversations;
}

/** A slash command module: `commands/<name>.ts` exports these. */
export interface SlashCommand {
  data: { toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody } | RESTPostAPIChatInputApplicationCommandsJSONBody;
  execute(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void>;
  /** Handles buttons whose custom id starts with `<command name>:`. */
  button?(interaction: ButtonInteraction, context: CommandContext): Promise<void>;
  /** Offers choices while a member types in an option registered with autocomplete. */
  autocomplete?(interaction: AutocompleteInteraction, context: CommandContext): Promise<void>;
}

/** A message context-menu command module ("Apps > Ask about this message"): `data` has `type: 3`. */
export interface MessageCommand {
  data: { toJSON(): RESTPostAPIContextMenuApplicationCommandsJSONBody } | RESTPostAPIContextMenuApplicationCommandsJSONBody;
  execute(interaction: MessageContextMenuCommandInteraction, context: CommandContext): Promise<void>;
}

/** Any command module in `commands/`: a slash command or a message context-menu command. */
export type Command = SlashCommand | MessageCommand;

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
export const commandJson = (command: Command): RESTPostAPIApplicationCommandsJSONBody =>
  'toJSON' in command.data && typeof command.data.toJSON === 'function'
    ? command.data.toJSON()
    : (command.data as RESTPostAPIApplicationCommandsJSONBody);

/** How people see a command's name: `/ask` for a slash command, `"Ask about this message" (message menu)` for a context-menu one. */
export const commandLabel = (json: { name: string; type?: number }): string =>
  json.type === ApplicationCommandType.Message ? `"${json.name}" (message menu)` : `/${json.name}`;

/** True for a message context-menu command (registered with `type: 3`), false for a slash command. */
export const isMessageCommand = (command: Command): command is MessageCommand => commandJson(command).type === ApplicationCommandType.Message;
