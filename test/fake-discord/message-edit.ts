import { MessageFlags, type APIAllowedMentions, type APIAttachment, type APIMessage } from 'discord-api-types/v10';
import { resolveMentions } from './mentions.ts';
import { attachmentsFrom, type RecordedFile } from './payloads.ts';
import type { FakeWorld } from './world.ts';

/** The only flag an edit may change. */
const EDITABLE_FLAGS = MessageFlags.SuppressEmbeds;

/**
 * The message after a PATCH: fields present in the body replace the old ones
 * (null clears), `attachments` keeps only the listed ids, uploaded files are
 * added, a deferred reply stops "thinking". Does not store anything.
 */
export function editedMessage(world: FakeWorld, current: APIMessage, body: Record<string, any>, files: readonly RecordedFile[]): APIMessage {
  const next: APIMessage = { ...current, edited_timestamp: new Date().toISOString() };
  if ('content' in body) next.content = body.content ?? '';
  if ('embeds' in body) next.embeds = body.embeds ?? [];
  if ('components' in body) next.components = body.components ?? [];
  let flags = (current.flags ?? 0) & ~MessageFlags.Loading;
  if (typeof body.flags === 'number') flags = (flags & ~EDITABLE_FLAGS) | (body.flags & EDITABLE_FLAGS);
  next.flags = flags;
  let attachments: APIAttachment[] = current.attachments;
  if (Array.isArray(body.attachments)) {
    const keep = new Set(body.attachments.map((a: { id: unknown }) => String(a.id)));
    attachments = attachments.filter((a) => keep.has(a.id));
  }
  next.attachments = [...attachments, ...attachmentsFrom(world, files)];
  if ('content' in body || 'allowed_mentions' in body) {
    const mentions = resolveMentions(next.content, body.allowed_mentions as APIAllowedMentions | undefined, (id) => world.users.has(id));
    next.mentions = mentions.users.flatMap((id) => world.users.get(id) ?? []);
    next.mention_roles = mentions.roles;
    next.mention_everyone = mentions.everyone;
  }
  return next;
}
