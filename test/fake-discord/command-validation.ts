import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord-api-types/v10';
import { FormErrors } from './discord-errors.ts';

type Path = readonly (string | number)[];
type Json = Record<string, any>;

/** Discord's rule for command and option names (chat-input names must also be lower case). */
const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const MAX_OPTIONS = 25;
const MAX_CHOICES = 25;
const MAX_GLOBAL_CHAT_COMMANDS = 100;

function checkName(errors: FormErrors, path: Path, name: unknown, chatInput: boolean): void {
  if (typeof name !== 'string' || name.length === 0) {
    errors.add([...path, 'name'], 'BASE_TYPE_REQUIRED', 'This field is required');
  } else if (chatInput && (!NAME.test(name) || name !== name.toLowerCase())) {
    errors.add([...path, 'name'], 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
  } else if (name.length > 32) {
    errors.add([...path, 'name'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 32 in length.');
  }
}

function checkDescription(errors: FormErrors, path: Path, description: unknown): void {
  const length = typeof description === 'string' ? [...description].length : 0;
  if (length < 1 || length > 100) {
    errors.add([...path, 'description'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
  }
}

function checkOptions(errors: FormErrors, path: Path, options: unknown): void {
  if (!Array.isArray(options)) return;
  if (options.length > MAX_OPTIONS) {
    errors.add([...path, 'options'], 'BASE_TYPE_MAX_LENGTH', `Must be ${MAX_OPTIONS} or fewer in length.`);
  }
  const names = new Set<string>();
  let sawOptional = false;
  options.forEach((option: Json, i) => {
    const at = [...path, 'options', i];
    checkName(errors, at, option?.name, true);
    checkDescription(errors, at, option?.description);
    if (names.has(option?.name)) {
      errors.add([...at, 'name'], 'APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS', 'Option name already exists');
    }
    names.add(option?.name);
    const nested =
      option?.type === ApplicationCommandOptionType.Subcommand || option?.type === ApplicationCommandOptionType.SubcommandGroup;
    if (nested) {
      checkOptions(errors, at, option.options);
      return;
    }
    if (option?.required && sawOptional) {
      errors.add(at, 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', 'Required options must be placed before non-required options');
    }
    if (!option?.required) sawOptional = true;
    if (Array.isArray(option?.choices) && option.choices.length > MAX_CHOICES) {
      errors.add([...at, 'choices'], 'BASE_TYPE_MAX_LENGTH', `Must be ${MAX_CHOICES} or fewer in length.`);
    }
  });
}

/** Checks one command body (POST, PATCH or one entry of a PUT) the way Discord does. */
export function validateCommand(command: unknown, path: Path = [], errors = new FormErrors()): FormErrors {
  if (typeof command !== 'object' || command === null) {
    errors.add(path, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
    return errors;
  }
  const body = command as Json;
  const chatInput = (body.type ?? ApplicationCommandType.ChatInput) === ApplicationCommandType.ChatInput;
  checkName(errors, path, body.name, chatInput);
  if (chatInput) {
    checkDescription(errors, path, body.description);
    checkOptions(errors, path, body.options);
  }
  return errors;
}

/** Checks a whole PUT (bulk overwrite): each command, unique names per type, at most 100 chat-input commands. */
export function validateCommandList(commands: unknown): FormErrors {
  const errors = new FormErrors();
  if (!Array.isArray(commands)) {
    errors.add([], 'LIST_TYPE_CONVERT', 'Only iterables may be used in a ListType');
    return errors;
  }
  const seen = new Set<string>();
  commands.forEach((command: Json, i) => {
    validateCommand(command, [i], errors);
    const key = `${command?.type ?? 1}:${command?.name}`;
    if (seen.has(key)) errors.add([i, 'name'], 'APPLICATION_COMMANDS_DUPLICATE_NAME', 'Application command names must be unique');
    seen.add(key);
  });
  const chatInputCount = commands.filter((c: Json) => (c?.type ?? 1) === ApplicationCommandType.ChatInput).length;
  if (chatInputCount > MAX_GLOBAL_CHAT_COMMANDS) {
    errors.add([], 'BASE_TYPE_MAX_LENGTH', `Must be ${MAX_GLOBAL_CHAT_COMMANDS} or fewer in length.`);
  }
  return errors;
}
