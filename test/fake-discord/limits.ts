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

/** Message flag that switches a message to components v2, where other layout rules apply. */
const IS_COMPONENTS_V2 = 1 << 15;
const ACTION_ROW = 1;
const BUTTON = 2;
const LINK_STYLE = 5;

type Path = readonly (string | number)[];
type Json = Record<string, unknown>;

/** Discord counts characters as code points, not UTF-16 units. */
function length(value: unknown): number {
  return typeof value === 'string' ? [...value].length : 0;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function maxLength(errors: FormErrors, path: Path, value: unknown, max: number): void {
  if (length(value) > max) errors.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
}

function maxItems(errors: FormErrors, path: Path, list: readonly unknown[], max: number): void {
  if (list.length > max) errors.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
}

function required(errors: FormErrors, path: Path, value: unknown): boolean {
  if (value === undefined || value === null || value === '') {
    errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return false;
  }
  return true;
}

function checkUrl(errors: FormErrors, path: Path, value: unknown, allowAttachment: boolean): void {
  if (value === undefined || value === null) return;
  let scheme: string;
  try {
    scheme = new URL(String(value)).protocol.replace(/:$/, '');
  } catch {
    errors.add(path, 'URL_TYPE_INVALID_URL', 'Not a well formed URL.');
    return;
  }
  const allowed = allowAttachment ? ['http', 'https', 'attachment'] : ['http', 'https'];
  if (!allowed.includes(scheme)) {
    errors.add(
      path,
      'URL_TYPE_INVALID_SCHEME',
      `Scheme "${scheme}" is not supported. Scheme must be one of (${allowed.map((s) => `'${s}'`).join(', ')}).`,
    );
  }
}

/** Validates one embed and returns the characters it adds to the 6000 total. */
function checkEmbed(errors: FormErrors, path: Path, embed: Json): number {
  maxLength(errors, [...path, 'title'], embed.title, MESSAGE_LIMITS.embedTitle);
  maxLength(errors, [...path, 'description'], embed.description, MESSAGE_LIMITS.embedDescription);
  checkUrl(errors, [...path, 'url'], embed.url, false);
  if (typeof embed.color === 'number' && (embed.color < 0 || embed.color > 0xffffff)) {
    errors.add([...path, 'color'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 16777215.');
  }
  let total = length(embed.title) + length(embed.description);
  if (isObject(embed.footer)) {
    maxLength(errors, [...path, 'footer', 'text'], embed.footer.text, MESSAGE_LIMITS.footerText);
    required(errors, [...path, 'footer', 'text'], embed.footer.text);
    checkUrl(errors, [...path, 'footer', 'icon_url'], embed.footer.icon_url, true);
    total += length(embed.footer.text);
  }
  if (isObject(embed.author)) {
    maxLength(errors, [...path, 'author', 'name'], embed.author.name, MESSAGE_LIMITS.authorName);
    required(errors, [...path, 'author', 'name'], embed.author.name);
    checkUrl(errors, [...path, 'author', 'url'], embed.author.url, false);
    checkUrl(errors, [...path, 'author', 'icon_url'], embed.author.icon_url, true);
    total += length(embed.author.name);
  }
  for (const media of ['image', 'thumbnail'] as const) {
    const value = embed[media];
    if (isObject(value)) checkUrl(errors, [...path, media, 'url'], value.url, true);
  }
  if (Array.isArray(embed.fields)) {
    maxItems(errors, [...path, 'fields'], embed.fields, MESSAGE_LIMITS.embedFields);
    embed.fields.forEach((field: unknown, i) => {
      if (!isObject(field)) return;
      const at = [...path, 'fields', i];
      if (required(errors, [...at, 'name'], field.name)) maxLength(errors, [...at, 'name'], field.name, MESSAGE_LIMITS.fieldName);
      if (required(errors, [...at, 'value'], field.value)) maxLength(errors, [...at, 'value'], field.value, MESSAGE_LIMITS.fieldValue);
      total += length(field.name) + length(field.value);
    });
  }
  return total;
}

function checkButton(errors: FormErrors, path: Path, button: Json, seenIds: Set<string>): void {
  maxLength(errors, [...path, 'label'], button.label, MESSAGE_LIMITS.buttonLabel);
  if (button.style === LINK_STYLE) {
    if (required(errors, [...path, 'url'], button.url)) checkUrl(errors, [...path, 'url'], button.url, false);
    return;
  }
  if (!required(errors, [...path, 'custom_id'], button.custom_id)) return;
  maxLength(errors, [...path, 'custom_id'], button.custom_id, MESSAGE_LIMITS.customId);
  const id = String(button.custom_id);
  if (seenIds.has(id)) {
    errors.add([...path, 'custom_id'], 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
  }
  seenIds.add(id);
}

function checkComponents(errors: FormErrors, path: Path, rows: readonly unknown[]): void {
  maxItems(errors, path, rows, MESSAGE_LIMITS.actionRows);
  const seenIds = new Set<string>();
  rows.forEach((row, r) => {
    if (!isObject(row) || row.type !== ACTION_ROW || !Array.isArray(row.components)) return;
    const at = [...path, r, 'components'];
    if (row.components.length === 0) errors.add(at, 'BASE_TYPE_MIN_LENGTH', 'Must be 1 or more in length.');
    const buttons = row.components.filter((c: unknown) => isObject(c) && c.type === BUTTON);
    maxItems(errors, at, buttons, MESSAGE_LIMITS.buttonsPerRow);
    row.components.forEach((component: unknown, c) => {
      if (isObject(component) && component.type === BUTTON) checkButton(errors, [...at, c], component, seenIds);
    });
  });
}

function checkAllowedMentions(errors: FormErrors, path: Path, value: unknown): void {
  if (!isObject(value) || !Array.isArray(value.parse)) return;
  for (const kind of ['users', 'roles'] as const) {
    const ids = value[kind];
    if (value.parse.includes(kind) && Array.isArray(ids) && ids.length > 0) {
      errors.add(
        [...path, 'parse'],
        'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
        `parse:["${kind}"] and ${kind}: [ids...] are mutually exclusive.`,
      );
    }
  }
}

/**
 * Checks a message body (create, edit, callback data or follow-up) against
 * Discord's limits, adding Discord-shaped errors under `prefix` (e.g. `['data']`
 * for interaction callbacks). Returns the collector so callers can add more.
 */
export function validateMessageBody(body: unknown, prefix: Path = [], errors = new FormErrors()): FormErrors {
  if (!isObject(body)) return errors;
  maxLength(errors, [...prefix, 'content'], body.content, MESSAGE_LIMITS.content);
  if (Array.isArray(body.embeds)) {
    maxItems(errors, [...prefix, 'embeds'], body.embeds, MESSAGE_LIMITS.embeds);
    let total = 0;
    body.embeds.forEach((embed: unknown, i) => {
      if (isObject(embed)) total += checkEmbed(errors, [...prefix, 'embeds', i], embed);
    });
    if (total > MESSAGE_LIMITS.embedTotal) {
      errors.add([...prefix, 'embeds'], 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');
    }
  }
  const flags = typeof body.flags === 'number' ? body.flags : 0;
  if (Array.isArray(body.components) && (flags & IS_COMPONENTS_V2) === 0) {
    checkComponents(errors, [...prefix, 'components'], body.components);
  }
  checkAllowedMentions(errors, [...prefix, 'allowed_mentions'], body.allowed_mentions);
  return errors;
}

/**
 * Whether a would-be message has nothing to show: Discord answers 50006
 * "Cannot send an empty message" (whitespace-only content counts as empty).
 */
export function isEmptyMessage(message: {
  content?: unknown;
  embeds?: unknown;
  components?: unknown;
  attachments?: unknown;
  sticker_ids?: unknown;
  poll?: unknown;
}): boolean {
  const nonEmpty = (list: unknown) => Array.isArray(list) && list.length > 0;
  return (
    (typeof message.content !== 'string' || message.content.trim().length === 0) &&
    !nonEmpty(message.embeds) &&
    !nonEmpty(message.components) &&
    !nonEmpty(message.attachments) &&
    !nonEmpty(message.sticker_ids) &&
    message.poll == null
  );
}
