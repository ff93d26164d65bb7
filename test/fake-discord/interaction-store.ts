import type { APIUser, InteractionResponseType, InteractionType } from 'discord-api-types/v10';

/** What the fake remembers about an interaction it dispatched. */
export interface InteractionRecord {
  id: string;
  token: string;
  type: InteractionType;
  /** Command name for application commands (used in `interaction_metadata`). */
  name?: string;
  user: APIUser;
  channelId: string;
  guildId: string | null;
  /** `performance.now()` when it was dispatched. */
  sentAt: number;
  /** The callback type the bot acknowledged with, or null while unacknowledged. */
  callbackType: InteractionResponseType | null;
  /**
   * The message `@original` refers to: the reply, the "thinking" message of a
   * deferred reply, or the clicked message once a component interaction is
   * acknowledged with an update.
   */
  originalId: string | null;
  /** For component interactions: the message the clicked component is on. */
  componentMessageId?: string;
  /** Ids of follow-up messages. */
  followUpIds: string[];
  /** True once `@original` has real content (a reply, an update, an edit, or the first follow-up after a defer). */
  responded: boolean;
}

/** Interactions by id and by token. */
export class InteractionStore {
  readonly #byId = new Map<string, InteractionRecord>();
  readonly #byToken = new Map<string, InteractionRecord>();

  /** Remembers a dispatched interaction. */
  add(record: InteractionRecord): void {
    this.#byId.set(record.id, record);
    this.#byToken.set(record.token, record);
  }

  /** By interaction id, if `token` matches too. */
  get(id: string, token: string): InteractionRecord | undefined {
    const record = this.#byId.get(id);
    return record?.token === token ? record : undefined;
  }

  /** By interaction token (webhook routes only know the token). */
  byToken(token: string): InteractionRecord | undefined {
    return this.#byToken.get(token);
  }
}
