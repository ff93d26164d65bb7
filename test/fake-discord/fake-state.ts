import type { APIApplicationCommand, APIMessage, APIUser, InteractionResponseType, InteractionType } from 'discord-api-types/v10';
import type { FakeGateway } from './gateway.ts';
import type { StoredAttachment } from './interaction-payloads.ts';
import type { FakeWorld } from './world.ts';

/** A message the fake remembers, with the facts real Discord tracks beside it. */
export interface StoredMessage {
  message: APIMessage;
  /** Only the interaction's user sees it; never dispatched over the gateway. */
  ephemeral: boolean;
  deleted: boolean;
}

/** What the fake remembers about an interaction it dispatched. */
export interface InteractionRecord {
  id: string;
  token: string;
  type: InteractionType;
  user: APIUser;
  channelId: string;
  /** `performance.now()` when it was dispatched. */
  sentAt: number;
  /** The callback type the bot acknowledged with, or null while unacknowledged. */
  callbackType: InteractionResponseType | null;
  /** The message `@original` refers to: the reply, the "thinking" message, or the clicked message once updated. */
  originalId: string | null;
  /** For button clicks: the message the button is on. */
  componentMessageId?: string;
  followUpIds: string[];
  /** True once `@original` has real content (a reply, an update, or an edit), not just "thinking". */
  responded: boolean;
  /** The form (modal) the bot answered with, as sent: what `submitModal` fills in. */
  modal?: Record<string, any>;
}

/** Everything the REST routes share. */
export interface FakeState {
  world: FakeWorld;
  gateway: FakeGateway;
  messages: Map<string, StoredMessage>;
  /** Interactions by token (webhook routes only know the token). */
  interactions: Map<string, InteractionRecord>;
  /** The guild's registered commands (the bot registers per guild). */
  commands: APIApplicationCommand[];
  /** Commands registered globally (for every server the bot is in). */
  globalCommands: APIApplicationCommand[];
  /** When set, a callback later than this after dispatch gets 10062 Unknown interaction (Discord's 3 s rule). */
  ackDeadlineMs: number | undefined;
  /** Files users attached to commands, by attachment id, served on the CDN route. */
  attachments: Map<string, StoredAttachment>;
}

/** A live (not deleted) message by id, optionally only when it is in `channelId`. */
export function liveMessage(state: FakeState, id: string, channelId?: string): StoredMessage | undefined {
  const stored = state.messages.get(id);
  return stored && !stored.deleted && (channelId === undefined || stored.message.channel_id === channelId) ? stored : undefined;
}
