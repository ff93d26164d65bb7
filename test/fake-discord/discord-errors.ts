/**
 * Discord's JSON error bodies. Shapes follow what the real API returns so that
 * discord.js turns them into `DiscordAPIError`s with the right `code` and message.
 */

/** One entry of a form-body error list: `{ code: 'BASE_TYPE_MAX_LENGTH', message: '...' }`. */
export interface FieldError {
  code: string;
  message: string;
}

/** Nested error tree as in `{ embeds: { 0: { title: { _errors: [...] } } } }`. */
export interface FormErrorTree {
  [key: string]: FormErrorTree | FieldError[];
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

/** The errors the fake uses, named as Discord names them in its JSON error codes list. */
export const DiscordErrors = {
  unauthorized: () => apiError(401, 0, '401: Unauthorized'),
  notFound: () => apiError(404, 0, '404: Not Found'),
  unknownChannel: () => apiError(404, 10003, 'Unknown Channel'),
  unknownGuild: () => apiError(404, 10004, 'Unknown Guild'),
  unknownMember: () => apiError(404, 10007, 'Unknown Member'),
  unknownMessage: () => apiError(404, 10008, 'Unknown Message'),
  unknownUser: () => apiError(404, 10013, 'Unknown User'),
  unknownWebhook: () => apiError(404, 10015, 'Unknown Webhook'),
  unknownInteraction: () => apiError(404, 10062, 'Unknown interaction'),
  unknownCommand: () => apiError(404, 10063, 'Unknown application command'),
  missingAccess: () => apiError(403, 50001, 'Missing Access'),
  cannotEditOthersMessage: () => apiError(403, 50005, 'Cannot edit a message authored by another user'),
  emptyMessage: () => apiError(400, 50006, 'Cannot send an empty message'),
  missingPermissions: () => apiError(403, 50013, 'Missing Permissions'),
  alreadyAcknowledged: () => apiError(400, 40060, 'Interaction has already been acknowledged.'),
  invalidFormBody: (errors: FormErrorTree): ApiErrorResponse => ({
    status: 400,
    body: { message: 'Invalid Form Body', code: 50035, errors },
  }),
} as const;

/**
 * Collects field errors at paths like `['data', 'embeds', 0, 'title']` into
 * Discord's nested `_errors` tree.
 */
export class FormErrors {
  readonly tree: FormErrorTree = {};
  #count = 0;

  /** Adds one error at `path` (an empty path puts it at the top level). */
  add(path: readonly (string | number)[], code: string, message: string): void {
    let node = this.tree;
    for (const key of path) {
      const existing = node[String(key)];
      if (existing === undefined || Array.isArray(existing)) {
        const child: FormErrorTree = {};
        node[String(key)] = child;
        node = child;
      } else {
        node = existing;
      }
    }
    const list = (node._errors ??= []) as FieldError[];
    list.push({ code, message });
    this.#count += 1;
  }

  /** Whether any error was added. */
  get any(): boolean {
    return this.#count > 0;
  }

  /** The 400 Invalid Form Body response for the collected errors, or null when there are none. */
  toResponse(): ApiErrorResponse | null {
    return this.any ? DiscordErrors.invalidFormBody(this.tree) : null;
  }
}
