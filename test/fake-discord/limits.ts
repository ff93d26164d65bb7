import { FormErrors } from './discord-errors.ts';

/** Discord's documented message limits, checked by {@link validateMessageBody}. */
export const MESSAGE_LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  embedTotal: 6000,
  actionRows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
} as const;

const ACTION_ROW = 1;
const BUTTON = 2;
const LINK_STYLE = 5;

type Path = readonly (string | number)[];
type Json = Record<string, unknown>;

/** Discord counts characters as code points, not UTF-16 units. */
const length = (value: unknown) => (typeof value === 'string' ? [...value].length : 0);
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks a string field's length, and that it is there when `required`. */
function text(errors: FormErrors, path: Path, value: unknown, max: number, required = false): void {
  if (required && (value === undefined || value === null || value === '')) {
    errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
  } else if (length(value) > max) {
    errors.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
  }
}

function items(errors: FormErrors, path: Path, list: readonly unknown[], max: number): void {
  if (list.length > max) errors.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
}

/** Discord takes only absolute http(s) links (a relative path such as an article's file name is refused). */
function url(errors: FormErrors, path: Path, value: unknown): void {
  if (value === undefined || value === null) return;
  let scheme: string;
  try {
    scheme = new URL(String(value)).protocol;
  } catch {
    return errors.add(path, 'URL_TYPE_INVALID_URL', 'Not a well formed URL.');
  }
  if (scheme !== 'http:' && scheme !== 'https:') {
    errors.add(path, 'URL_TYPE_INVALID_SCHEME', `Scheme "${scheme.slice(0, -1)}" is not supported. Scheme must be one of ('http', 'https').`);
  }
}

/** Validates one embed and returns the characters it adds to the 6000 total. */
function checkEmbed(errors: FormErrors, path: Path, embed: Json): number {
  text(errors, [...path, 'title'], embed.title, MESSAGE_LIMITS.embedTitle);
  text(errors, [...path, 'description'], embed.description, MESSAGE_LIMITS.embedDescription);
  url(errors, [...path, 'url'], embed.url);
  let total = length(embed.title) + length(embed.description);
  if (isObject(embed.footer)) {
    text(errors, [...path, 'footer', 'text'], embed.footer.text, MESSAGE_LIMITS.footerText, true);
    total += length(embed.footer.text);
  }
  if (isObject(embed.author)) {
    text(errors, [...path, 'author', 'name'], embed.author.name, MESSAGE_LIMITS.authorName, true);
    url(errors, [...path, 'author', 'url'], embed.author.url);
    total += length(embed.author.name);
  }
  if (Array.isArray(embed.fields)) {
    items(errors, [...path, 'fields'], embed.fields, MESSAGE_LIMITS.embedFields);
    embed.fields.forEach((field: unknown, i) => {
      if (!isObject(field)) return;
      text(errors, [...path, 'fields', i, 'name'], field.name, MESSAGE_LIMITS.fieldName, true);
      text(errors, [...path, 'fields', i, 'value'], field.value, MESSAGE_LIMITS.fieldValue, true);
      total += length(field.name) + length(field.value);
    });
  }
  return total;
}

/** Action rows of buttons: row and button counts, labels, and custom ids that are present, short and unique. */
function checkComponents(errors: FormErrors, path: Path, rows: readonly unknown[]): void {
  items(errors, path, rows, MESSAGE_LIMITS.actionRows);
  const seenIds = new Set<string>();
  rows.forEach((row, r) => {
    if (!isObject(row) || row.type !== ACTION_ROW || !Array.isArray(row.components)) return;
    const at = [...path, r, 'components'];
    if (row.components.length === 0) errors.add(at, 'BASE_TYPE_MIN_LENGTH', 'Must be 1 or more in length.');
    items(errors, at, row.components, MESSAGE_LIMITS.buttonsPerRow);
    row.components.forEach((button: unknown, b) => {
      if (!isObject(button) || button.type !== BUTTON) return;
      text(errors, [...at, b, 'label'], button.label, MESSAGE_LIMITS.buttonLabel);
      if (button.style === LINK_STYLE) return url(errors, [...at, b, 'url'], button.url);
      text(errors, [...at, b, 'custom_id'], button.custom_id, MESSAGE_LIMITS.customId, true);
      const id = String(button.custom_id);
      if (seenIds.has(id)) errors.add([...at, b, 'custom_id'], 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
      seenIds.add(id);
    });
  });
}

/**
 * Checks a message body (create, edit, callback data or follow-up) against
 * Discord's limits, adding Discord-shaped errors under `prefix` (`['data']`
 * for interaction callbacks). Returns the collector so callers can add more.
 */
export function validateMessageBody(body: unknown, prefix: Path = [], errors = new FormErrors()): FormErrors {
  if (!isObject(body)) return errors;
  text(errors, [...prefix, 'content'], body.content, MESSAGE_LIMITS.content);
  if (Array.isArray(body.embeds)) {
    items(errors, [...prefix, 'embeds'], body.embeds, MESSAGE_LIMITS.embeds);
    const total = body.embeds.reduce((n: number, embed: unknown, i) => n + (isObject(embed) ? checkEmbed(errors, [...prefix, 'embeds', i], embed) : 0), 0);
    if (total > MESSAGE_LIMITS.embedTotal) errors.add([...prefix, 'embeds'], 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');
  }
  if (Array.isArray(body.components)) checkComponents(errors, [...prefix, 'components'], body.components);
  const mentions = body.allowed_mentions;
  if (isObject(mentions) && Array.isArray(mentions.parse)) {
    for (const kind of ['users', 'roles'] as const) {
      const ids = mentions[kind];
      if (mentions.parse.includes(kind) && Array.isArray(ids) && ids.length > 0) {
        errors.add([...prefix, 'allowed_mentions', 'parse'], 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE', `parse:["${kind}"] and ${kind}: [ids...] are mutually exclusive.`);
      }
    }
  }
  return errors;
}

/** Whether a would-be message has nothing to show (Discord: 50006; whitespace-only content counts as empty). */
export function isEmptyMessage(message: { content?: unknown; embeds?: unknown; components?: unknown }): boolean {
  const some = (list: unknown) => Array.isArray(list) && list.length > 0;
  return (typeof message.content !== 'string' || message.content.trim() === '') && !some(message.embeds) && !some(message.components);
}
