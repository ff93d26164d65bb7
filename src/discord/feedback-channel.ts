import type { APIEmbed, Client } from 'discord.js';
import { REASON_LABELS, type FeedbackRecord } from '../feedback/feedback-record.ts';
import type { Logger } from '../logger.ts';
import { COLORS } from './answer-message.ts';
import { safeText, send } from './respond.ts';

/** The moderators' view of one vote: the question, the vote, the reason and comment, the cited articles. */
export function feedbackEmbed(record: FeedbackRecord): APIEmbed {
  const fields = [
    { name: 'Question', value: safeText(record.question) || '(empty)' },
    { name: record.answered === false ? 'Refusal' : 'Answer', value: safeText(record.answer) || '(empty)' },
  ];
  if (record.reason) fields.push({ name: 'Reason', value: REASON_LABELS[record.reason], inline: true } as (typeof fields)[number]);
  if (record.comment) fields.push({ name: 'Comment', value: safeText(record.comment) });
  if (record.citations.length > 0) {
    fields.push({ name: 'Cited articles', value: record.citations.map((c) => `[${c.n}] ${safeText(c.documentId)}`).join('\n') });
  }
  return {
    title: record.vote === 'up' ? '👍 Helpful' : '👎 Not helpful',
    color: record.vote === 'up' ? COLORS.answer : COLORS.error,
    fields,
    footer: { text: `answer ${record.answerId} · in channel ${record.channelId} · by user ${record.userId}` },
    timestamp: record.time,
  };
}

/**
 * Posts a vote to FEEDBACK_CHANNEL_ID's channel, only when the vote was cast
 * on an answer given in that channel's own server: one server's questions
 * are never shown to another server's moderators (and votes from direct
 * messages go nowhere). Returns whether it posted.
 */
export async function postToFeedbackChannel(client: Client, channelId: string | undefined, record: FeedbackRecord, logger: Logger): Promise<boolean> {
  if (!channelId || record.guildId === null) return false;
  const channel = await client.channels.fetch(channelId).catch((error: unknown) => {
    logger.warn('FEEDBACK_CHANNEL_ID: could not open the feedback channel', { channel: channelId, error: error instanceof Error ? error.message : String(error) });
    return null;
  });
  if (!channel || channel.isDMBased() || channel.guildId !== record.guildId) return false;
  if (!channel.isSendable()) {
    logger.warn('FEEDBACK_CHANNEL_ID: the feedback channel is not one the bot can post in', { channel: channelId });
    return false;
  }
  await send(channel, { embeds: [feedbackEmbed(record)] });
  return true;
}
