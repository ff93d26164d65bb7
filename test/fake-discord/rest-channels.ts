import { GatewayDispatchEvents, PermissionFlagsBits, type APIMessage } from 'discord-api-types/v10';
import { DiscordErrors } from './discord-errors.ts';
import type { FakeState } from './fake-state.ts';
import { isEmptyMessage, validateMessageBody } from './limits.ts';
import { editedMessage } from './message-edit.ts';
import { announceMessage } from './message-events.ts';
import { buildMessage } from './payloads.ts';
import { fail, noContent, ok, route, type Route, type RouteRequest, type RouteResult } from './rest-router.ts';

const MESSAGE = '/channels/:channelId/messages/:messageId';

/** Checks the bot may post in a channel: 50001 without ViewChannel, 50013 without SendMessages. */
function canSend(state: FakeState, channelId: string): RouteResult | null {
  const permissions = state.world.permissions(state.world.botUser.id, channelId);
  if ((permissions & PermissionFlagsBits.ViewChannel) === 0n) return fail(DiscordErrors.missingAccess());
  if ((permissions & PermissionFlagsBits.SendMessages) === 0n) return fail(DiscordErrors.missingPermissions());
  return null;
}

function createMessage(state: FakeState, { params, body, files }: RouteRequest): RouteResult {
  const { world, messages } = state;
  const channel = world.textChannel(params.channelId!);
  if (!channel) return fail(DiscordErrors.unknownChannel());
  const denied = canSend(state, channel.id);
  if (denied) return denied;
  const errors = validateMessageBody(body);
  let referenced: APIMessage | undefined;
  const reference = body?.message_reference;
  if (reference?.message_id) {
    referenced = messages.inChannel(reference.channel_id ?? channel.id, String(reference.message_id))?.message;
    if (!referenced && reference.fail_if_not_exists !== false) {
      errors.add(['message_reference'], 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', 'Unknown message');
    }
  }
  const invalid = errors.toResponse();
  if (invalid) return fail(invalid);
  if (isEmptyMessage({ ...body, attachments: files })) return fail(DiscordErrors.emptyMessage());
  const message = buildMessage(world, { id: world.ids.next(), channelId: channel.id, author: world.botUser, body: body ?? {}, files, referenced });
  const stored = messages.add(message);
  announceMessage(state, GatewayDispatchEvents.MessageCreate, stored);
  return ok(message);
}

function listMessages(state: FakeState, { params, query }: RouteRequest): RouteResult {
  if (!state.world.textChannel(params.channelId!)) return fail(DiscordErrors.unknownChannel());
  const limit = Math.min(Math.max(Number(query.limit ?? 50), 1), 100);
  let list = state.messages.list(params.channelId!).reverse();
  if (query.before) list = list.filter((m) => BigInt(m.id) < BigInt(query.before!));
  if (query.after) list = list.filter((m) => BigInt(m.id) > BigInt(query.after!));
  return ok(list.slice(0, limit));
}

function editMessage(state: FakeState, { params, body, files }: RouteRequest): RouteResult {
  const stored = state.messages.inChannel(params.channelId!, params.messageId!);
  if (!stored) return fail(DiscordErrors.unknownMessage());
  if (stored.message.author.id !== state.world.botUser.id) return fail(DiscordErrors.cannotEditOthersMessage());
  const invalid = validateMessageBody(body).toResponse();
  if (invalid) return fail(invalid);
  const next = editedMessage(state.world, stored.message, body ?? {}, files);
  if (isEmptyMessage(next)) return fail(DiscordErrors.emptyMessage());
  stored.message = next;
  announceMessage(state, GatewayDispatchEvents.MessageUpdate, stored);
  return ok(next);
}

function deleteMessage(state: FakeState, { params }: RouteRequest): RouteResult {
  const stored = state.messages.inChannel(params.channelId!, params.messageId!);
  if (!stored) return fail(DiscordErrors.unknownMessage());
  const own = stored.message.author.id === state.world.botUser.id;
  const mayManage = (state.world.permissions(state.world.botUser.id, params.channelId!) & PermissionFlagsBits.ManageMessages) !== 0n;
  if (!own && !mayManage) return fail(DiscordErrors.missingPermissions());
  stored.deleted = true;
  announceMessage(state, GatewayDispatchEvents.MessageDelete, stored);
  return noContent();
}

function react(state: FakeState, { params }: RouteRequest): RouteResult {
  if (!state.messages.inChannel(params.channelId!, params.messageId!)) return fail(DiscordErrors.unknownMessage());
  return noContent();
}

/** Channel routes: post, list, fetch, edit and delete messages, typing, reactions, fetch a channel, open a DM. */
export function channelRoutes(state: FakeState): Route[] {
  return [
    route('GET', '/channels/:channelId', ({ params }) => {
      const channel = state.world.channels.get(params.channelId!) ?? state.world.dmChannelById(params.channelId!);
      return channel ? ok(channel) : fail(DiscordErrors.unknownChannel());
    }),
    route('POST', '/channels/:channelId/messages', (r) => createMessage(state, r)),
    route('GET', '/channels/:channelId/messages', (r) => listMessages(state, r)),
    route('GET', MESSAGE, ({ params }) => {
      const stored = state.messages.inChannel(params.channelId!, params.messageId!);
      return stored ? ok(stored.message) : fail(DiscordErrors.unknownMessage());
    }),
    route('PATCH', MESSAGE, (r) => editMessage(state, r)),
    route('DELETE', MESSAGE, (r) => deleteMessage(state, r)),
    route('POST', '/channels/:channelId/typing', ({ params }) =>
      state.world.textChannel(params.channelId!) ? noContent() : fail(DiscordErrors.unknownChannel()),
    ),
    route('PUT', `${MESSAGE}/reactions/:emoji/@me`, (r) => react(state, r)),
    route('DELETE', `${MESSAGE}/reactions/:emoji/@me`, (r) => react(state, r)),
    route('POST', '/users/@me/channels', ({ body }) => {
      const recipient = String(body?.recipient_id ?? '');
      if (!state.world.users.has(recipient)) return fail(DiscordErrors.unknownUser());
      return ok(state.world.dmChannel(recipient));
    }),
  ];
}
