/**
 * Discord's JSON error bodies, shaped as the real API sends them so that
 * discord.js turns them into `DiscordAPIError`s with the right `code` and message.
 */

/** Nested error tree as in `{ embeds: { 0: { title: { _errors: [{ code, message }] } } } }`. */
export interface FormErrorTree {
  [key: string]: FormErrorTree | { code: string; message: string }[];
}

/** A JSON error body plus the HTTP status it is sent with. */
export interface ApiErrorResponse {
  status: number;
  body: { message: string; code: number; errors?: FormErrorTree };
}

/** Builds a plain Discord error (`{ message, code }`) with its HTTP status. */
export function apiError(status: number, code: number, message: string): ApiErrorResponse {
  return { status, body: { message, code } };
}

/** The errors the fake answers with, named as in Discord's list of JSON error codes. */
export const DiscordErrors = {
  unauthorized: () => apiError(401, 0, '401: Unauthorized'),
  notFound: () => apiError(404, 0, '404: Not Found'),
  unknownApplication: () => apiError(404, 10002, 'Unknown Application'),
  unknownChannel: () => apiError(404, 10003, 'Unknown Channel'),
  unknownGuild: () => apiError(404, 10004, 'Unknown Guild'),
  unknownMessage: () => apiError(404, 10008, 'Unknown Message'),
  unknownWebhook: () => apiError(404, 10015, 'Unknown Webhook'),
  unknownInteraction: () => apiError(404, 10062, 'Unknown interaction'),
  missingAccess: () => apiError(403, 50001, 'Missing Access'),
  emptyMessage: () => apiError(400, 50006, 'Cannot send an empty message'),
  missingPermissions: () => apiError(403, 50013, 'Missing Permissions'),
  invalidJson: () => apiError(400, 50109, 'The request body contains invalid JSON.'),
  alreadyAcknowledged: () => apiError(400, 40060, 'Interaction has already been acknowledged.'),
} as const;

/** Collects field errors at paths like `['data', 'embeds', 0, 'title']` into Discord's nested `_errors` tree. */
export class FormErrors {
  readonly tree: FormErrorTree = {};
  #count = 0;

  /** Adds one error at `path` (an empty path puts it at the top level). */
  add(path: readonly (string | number)[], code: string, message: string): void {
    let node = this.tree;
    for (const key of path) {
      const child = node[String(key)];
      node = child === undefined || Array.isArray(child) ? (node[String(key)] = {}) : child;
    }
    ((node._errors ??= []) as { code: string; message: string }[]).push({ code, message });
    this.#count += 1;
  }

  /** Whether any error was added. */
  get any(): boolean {
    return this.#count > 0;
  }

  /** The 400 Invalid Form Body (50035) for the collected errors, or null when there are none. */
  toResponse(): ApiErrorResponse | null {
    return this.any ? { status: 400, body: { message: 'Invalid Form Body', code: 50035, errors: this.tree } } : null;
  }
}
