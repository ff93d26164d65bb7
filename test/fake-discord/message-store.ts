import type { APIMessage } from 'discord-api-types/v10';

/** A message the fake remembers, with the facts real Discord tracks beside it. */
export interface StoredMessage {
  message: APIMessage;
  /** Only the interaction's user sees it; never dispatched over the gateway. */
  ephemeral: boolean;
  deleted: boolean;
}

/** Every message posted in the fake (by users, the bot, or interaction responses), by id and by channel. */
export class MessageStore {
  readonly #byId = new Map<string, StoredMessage>();

  /** Remembers a new message. */
  add(message: APIMessage, ephemeral = false): StoredMessage {
    const stored = { message, ephemeral, deleted: false };
    this.#byId.set(message.id, stored);
    return stored;
  }

  /** A live (not deleted) message by id. */
  get(id: string): StoredMessage | undefined {
    const stored = this.#byId.get(id);
    return stored && !stored.deleted ? stored : undefined;
  }

  /** A live message by id that belongs to `channelId`. */
  inChannel(channelId: string, id: string): StoredMessage | undefined {
    const stored = this.get(id);
    return stored?.message.channel_id === channelId ? stored : undefined;
  }

  /** Live messages of a channel, oldest first. */
  list(channelId: string): APIMessage[] {
    return [...this.#byId.values()]
      .filter((s) => !s.deleted && s.message.channel_id === channelId)
      .map((s) => s.message);
  }
}
