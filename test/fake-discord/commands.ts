import { ApplicationCommandType, type APIApplicationCommand } from 'discord-api-types/v10';
import { DiscordErrors, FormErrors } from './discord-errors.ts';
import type { FakeState } from './fake-state.ts';
import { fail, ok, route, type Route } from './rest-server.ts';

type Path = readonly (string | number)[];
type Json = Record<string, any>;

/** Discord's rule for chat-input command and option names, which must also be lower case. */
const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** A context-menu command's name: 1-32 characters, spaces and capitals allowed (Discord shows it as is in the Apps menu). */
const MENU_NAME = /^[-_' \p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** User (2) and message (3) context-menu commands: their own name rule, no description, no options. */
function checkMenuCommand(errors: FormErrors, path: Path, command: Json): void {
  if (typeof command?.name !== 'string' || !MENU_NAME.test(command.name) || command.name.trim() !== command.name) {
    errors.add([...path, 'name'], 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
  }
  if (command.description !== undefined && command.description !== '') {
    errors.add([...path, 'description'], 'APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION', 'Context menu commands cannot have description');
  }
  if (Array.isArray(command.options) && command.options.length > 0) {
    errors.add([...path, 'options'], 'APPLICATION_COMMAND_CONTEXT_MENU_OPTIONS', 'Context menu commands cannot have options');
  }
}

function checkNamed(errors: FormErrors, path: Path, item: Json): void {
  if (typeof item?.name !== 'string' || !NAME.test(item.name) || item.name !== item.name.toLowerCase()) {
    errors.add([...path, 'name'], 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
  }
  const length = typeof item?.description === 'string' ? [...item.description].length : 0;
  if (length < 1 || length > 100) errors.add([...path, 'description'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
}

/**
 * Checks a bulk overwrite of commands the way Discord does: names,
 * descriptions, unique command and option names, required options first; for
 * context-menu commands (types 2 and 3) their own name rule and no description or options.
 */
export function validateCommands(commands: unknown): FormErrors {
  const errors = new FormErrors();
  if (!Array.isArray(commands)) {
    errors.add([], 'LIST_TYPE_CONVERT', 'Only iterables may be used in a ListType');
    return errors;
  }
  const names = new Set<string>();
  commands.forEach((command: Json, i) => {
    const type = command?.type ?? ApplicationCommandType.ChatInput;
    // Names are unique per command type: a slash command and a menu command may share one.
    const key = `${type}:${command?.name}`;
    if (names.has(key)) errors.add([i, 'name'], 'APPLICATION_COMMANDS_DUPLICATE_NAME', 'Application command names must be unique');
    names.add(key);
    if (type === ApplicationCommandType.User || type === ApplicationCommandType.Message) return checkMenuCommand(errors, [i], command);
    if (type !== ApplicationCommandType.ChatInput) return errors.add([i, 'type'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3, 4}.');
    checkNamed(errors, [i], command);
    const optionNames = new Set<string>();
    let sawOptional = false;
    (Array.isArray(command?.options) ? command.options : []).forEach((option: Json, o: number) => {
      const at = [i, 'options', o];
      checkNamed(errors, at, option);
      if (optionNames.has(option?.name)) errors.add([...at, 'name'], 'APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS', 'Option name already exists');
      optionNames.add(option?.name);
      if (option?.required && sawOptional) {
        errors.add(at, 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', 'Required options must be placed before non-required options');
      }
      sawOptional ||= !option?.required;
    });
  });
  return errors;
}

/** `PUT /applications/:id/guilds/:id/commands`: validates, stores (keeping the ids of commands with the same name) and echoes them. */
export function commandRoutes(state: FakeState): Route[] {
  const { world } = state;
  return [
    // What a bot reads at start-up to compare its commands with the registered ones.
    route('GET', '/applications/:applicationId/guilds/:guildId/commands', ({ params }) => {
      if (params.applicationId !== world.applicationId) return fail(DiscordErrors.unknownApplication());
      if (params.guildId !== world.guildId) return fail(DiscordErrors.unknownGuild());
      return ok(state.commands);
    }),
    route('GET', '/applications/:applicationId/commands', ({ params }) => {
      if (params.applicationId !== world.applicationId) return fail(DiscordErrors.unknownApplication());
      return ok(state.globalCommands);
    }),
    // Global registration: what a bot serving many servers deploys.
    route('PUT', '/applications/:applicationId/commands', ({ params, body }) => {
      if (params.applicationId !== world.applicationId) return fail(DiscordErrors.unknownApplication());
      const invalid = validateCommands(body).toResponse();
      if (invalid) return fail(invalid);
      state.globalCommands = stored(body as Json[], state.globalCommands, undefined);
      return ok(state.globalCommands);
    }),
    route('PUT', '/applications/:applicationId/guilds/:guildId/commands', ({ params, body }) => {
      if (params.applicationId !== world.applicationId) return fail(DiscordErrors.unknownApplication());
      if (params.guildId !== world.guildId) return fail(DiscordErrors.unknownGuild());
      const invalid = validateCommands(body).toResponse();
      if (invalid) return fail(invalid);
      state.commands = stored(body as Json[], state.commands, world.guildId);
      return ok(state.commands);
    }),
  ];

  /** Commands as Discord stores them, keeping the ids of commands with the same name. */
  function stored(body: Json[], previous: APIApplicationCommand[], guildId: string | undefined): APIApplicationCommand[] {
    return body.map((command) => ({
        ...command,
        id: previous.find((c) => c.name === command.name)?.id ?? world.ids.next(),
        application_id: world.applicationId,
        ...(guildId ? { guild_id: guildId } : {}),
        type: command.type ?? ApplicationCommandType.ChatInput,
        ...(command.type === ApplicationCommandType.User || command.type === ApplicationCommandType.Message ? { description: '' } : {}),
        options: command.options ?? [],
        default_member_permissions: command.default_member_permissions ?? null,
        nsfw: command.nsfw ?? false,
        integration_types: command.integration_types ?? [0],
        contexts: command.contexts ?? null,
        version: world.ids.next(),
      })) as APIApplicationCommand[];
  }
}
