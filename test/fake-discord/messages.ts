import { ChannelType, GatewayDispatchEvents, GatewayIntentBits, PermissionFlagsBits, type APIMessage } from 'discord-api-types/v10';
import { apiError, DiscordErrors } from './discord-errors.ts';
import { liveMessage, type FakeState, type StoredMessage } from './fake-state.ts';
import { isEmptyMessage, validateMessageBody } from './limits.ts';
import { buildMessage, messageEventPayload, type NewMessage } from './payloads.ts';
import { fail, noContent, ok, route, type Route, type RouteRequest, type RouteResult } from './rest-server.ts';

/**
 * Stores a new message and sends MESSAGE_CREATE the way Discord filters it:
 * only to sessions with the GuildMessages intent, never for ephemeral
 * messages, and without the MessageContent intent with empty content, embeds
 * and components unless the bot wrote the message or is mentioned in it.
 */
export function postMessage(state: FakeState, input: NewMessage, ephemeral = false): StoredMessage {
  const { world } = state;
  const stored = { message: buildMessage(world, input), ephemeral, deleted: false };
  state.messages.set(stored.message.id, stored);
  if (ephemeral) return stored;
  const { message } = stored;
  const readable = message.author.id === world.botUser.id || message.mentions.some((u) => u.id === world.botUser.id);
  state.gateway.dispatch(GatewayDispatchEvents.MessageCreate, (intents) => {
    if ((intents & GatewayIntentBits.GuildMessages) === 0) return null;
    const payload = messageEventPayload(world, message);
    return readable || (intents & GatewayIntentBits.MessageContent) !== 0 ? payload : { ...payload, content: '', embeds: [], components: [] };
  });
  return stored;
}

/**
 * `POST /channels/:id/messages`: 50001 without ViewChannel, 50013 without
 * SendMessages (in a thread: SendMessagesInThreads), 50024 in a forum (posts
 * are threads), limits, replies.
 */
function createMessage(state: FakeState, { params, body }: RouteRequest): RouteResult {
  const { world } = state;
  const channel = world.channelOrThread(params.channelId!);
  if (!channel) return fail(DiscordErrors.unknownChannel());
  const permissions = world.permissions(world.botUser.id, channel.id);
  if ((permissions & PermissionFlagsBits.ViewChannel) === 0n) return fail(DiscordErrors.missingAccess());
  if (channel.type === ChannelType.GuildForum) return fail(apiError(400, 50024, 'Cannot execute action on this channel type'));
  const needed = channel.type === ChannelType.PublicThread ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages;
  if ((permissions & needed) === 0n) return fail(DiscordErrors.missingPermissions());
  const errors = validateMessageBody(body);
  let referenced: APIMessage | undefined;
  const reference = body?.message_reference;
  if (reference?.message_id) {
    referenced = liveMessage(state, String(reference.message_id), reference.channel_id ?? channel.id)?.message;
    if (!referenced && reference.fail_if_not_exists !== false) {
      errors.add(['message_reference'], 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', 'Unknown message');
    }
  }
  const invalid = errors.toResponse();
  if (invalid) return fail(invalid);
  if (isEmptyMessage(body ?? {})) return fail(DiscordErrors.emptyMessage());
  return ok(postMessage(state, { channelId: channel.id, author: world.botUser, body: body ?? {}, referenced }).message);
}

/**
 * `DELETE /channels/:id/messages/:id`: the bot may delete its own messages
 * (others' need ManageMessages: 50013); MESSAGE_DELETE follows.
 */
function deleteMessage(state: FakeState, { params }: RouteRequest): RouteResult {
  const { world } = state;
  if (!world.channelOrThread(params.channelId!)) return fail(DiscordErrors.unknownChannel());
  const stored = liveMessage(state, params.messageId!, params.channelId!);
  if (!stored || stored.ephemeral) return fail(DiscordErrors.unknownMessage());
  const own = stored.message.author.id === world.botUser.id;
  if (!own && (world.permissions(world.botUser.id, params.channelId!) & PermissionFlagsBits.ManageMessages) === 0n) return fail(DiscordErrors.missingPermissions());
  stored.deleted = true;
  state.gateway.dispatch(GatewayDispatchEvents.MessageDelete, (intents) =>
    (intents & GatewayIntentBits.GuildMessages) === 0 ? null : { id: stored.message.id, channel_id: stored.message.channel_id, guild_id: world.guildId },
  );
  return noContent();
}

/** Channel routes the bot uses: post a message, delete its own, show "typing…" (channels and threads alike). */
export function messageRoutes(state: FakeState): Route[] {
  return [
    route('POST', '/channels/:channelId/messages', (r) => createMessage(state, r)),
    route('DELETE', '/channels/:channelId/messages/:messageId', (r) => deleteMessage(state, r)),
    route('POST', '/channels/:channelId/typing', ({ params }) =>
      state.world.channelOrThread(params.channelId!) ? noContent() : fail(DiscordErrors.unknownChannel()),
    ),
  ];
}
