import { ChannelType, PermissionFlagsBits, type Message } from 'discord.js';
import { ConversationMemory } from '../conversation/conversation-memory.ts';
import type { Logger } from '../logger.ts';

/** What the bot keeps about its conversations: earlier questions per thread, and the channels already warned about. */
export class Conversations {
  readonly memory: ConversationMemory;
  /** Channels whose missing thread permissions were logged: once per channel, not per question. */
  readonly #warned = new Set<string>();

  constructor(memory = new ConversationMemory()) {
    this.memory = memory;
  }

  /** Logs once per channel which permissions keep the bot from answering in threads there. */
  warnOnce(logger: Logger, channelId: string, missing: readonly string[]): void {
    if (this.#warned.has(channelId)) return;
    // Bounded like everything else kept per channel; a repeated warning after 10,000 channels is harmless.
    if (this.#warned.size >= 10_000) this.#warned.clear();
    this.#warned.add(channelId);
    logger.warn('missing permission to answer in a thread; answering inline in this channel', { channel: channelId, missing: missing.join(', ') });
  }
}

const THREAD_PERMISSIONS = [
  ['Create Public Threads', PermissionFlagsBits.CreatePublicThreads],
  ['Send Messages in Threads', PermissionFlagsBits.SendMessagesInThreads],
] as const;

/** The thread permissions the bot lacks in `channel`'s server channel (empty when it has both). */
export function missingThreadPermissions(message: Pick<Message, 'channel' | 'client'>): string[] {
  const channel = message.channel;
  if (channel.type !== ChannelType.GuildText) return [];
  const permissions = channel.permissionsFor(message.client.user);
  return THREAD_PERMISSIONS.filter(([, bit]) => !permissions?.has(bit)).map(([name]) => name);
}
