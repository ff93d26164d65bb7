import { ChannelType, type Message, type ThreadChannel } from 'discord.js';
import { readsAsQuestion } from './reads-as-question.ts';

/** A channel message the bot answers, and where it came from. */
export type IncomingQuestion =
  /** In an ask channel (reads as a question) or mentioning the bot elsewhere: answered in a new thread, or inline. */
  | { kind: 'channel'; question: string }
  /** A new post in an ask forum: answered in the post's own thread. */
  | { kind: 'forum-post'; question: string; thread: ThreadChannel }
  /** Any message in a thread the bot started or in an ask forum's post: read with the earlier turns. */
  | { kind: 'follow-up'; question: string; thread: ThreadChannel };

/** A user mention in message text; built once, not per message (only the bot's own is removed). */
const USER_MENTION = /<@!?(\d+)>/g;

/**
 * What a channel message is to the bot, or null when it should stay quiet:
 * messages from bots, webhooks, itself and the system are ignored. In a
 * thread the bot started, or a post of a forum listed in `askChannelIds`,
 * every message is a follow-up (a forum post's first message, which has the
 * thread's id, is the post's question: its title when that reads as one). In
 * an ask channel only messages that read as questions count; elsewhere only
 * mentions of the bot. The mention is removed from the question.
 */
export function incomingQuestion(message: Message, botId: string, askChannelIds: readonly string[]): IncomingQuestion | null {
  if (message.author.bot || message.webhookId || message.author.id === botId || message.system) return null;
  const mentioned = message.mentions.users.has(botId);
  const text = message.content.replace(USER_MENTION, (mention, id: string) => (id === botId ? ' ' : mention)).replace(/\s+/g, ' ').trim();
  const channel = message.channel;
  if (channel.isThread()) {
    const inAskForum = channel.parent?.type === ChannelType.GuildForum && askChannelIds.includes(channel.parentId ?? '');
    if (inAskForum && message.id === channel.id) {
      const question = readsAsQuestion(channel.name) || text === '' ? channel.name : text;
      return { kind: 'forum-post', question, thread: channel };
    }
    if (inAskForum || channel.ownerId === botId) return text === '' ? null : { kind: 'follow-up', question: text, thread: channel };
  }
  if (text === '') return null;
  if (mentioned) return { kind: 'channel', question: text };
  if (askChannelIds.includes(message.channelId) && readsAsQuestion(text)) return { kind: 'channel', question: text };
  return null;
}
