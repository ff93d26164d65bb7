import { GatewayDispatchEvents, GatewayIntentBits, PermissionFlagsBits, type APIMessage } from 'discord-api-types/v10';
import { DiscordErrors } from './discord-errors.ts';
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

/** `POST /channels/:id/messages`: 50001 without ViewChannel, 50013 without SendMessages, limits, replies. */
function createMessage(state: FakeState, { params, body }: RouteRequest): RouteResult {
  const { world } = state;
  const channel = world.channels.get(params.channelId!);
  if (!channel) return fail(DiscordErrors.unknownChannel());
  const permissions = world.permissions(world.botUser.id, channel.id);
  if ((permissions & PermissionFlagsBits.ViewChannel) === 0n) return fail(DiscordErrors.missingAccess());
  if ((permissions & PermissionFlagsBits.SendMessages) === 0n) return fail(DiscordErrors.missingPermissions());
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

/** Channel routes the bot uses: post a message, show "typing…". */
export function messageRoutes(state: FakeState): Route[] {
  return [
    route('POST', '/channels/:channelId/messages', (r) => createMessage(state, r)),
    route('POST', '/channels/:channelId/typing', ({ params }) =>
      state.world.channels.has(params.channelId!) ? noContent() : fail(DiscordErrors.unknownChannel()),
    ),
  ];
}
