import { ChannelType, GatewayDispatchEvents, GatewayIntentBits, MessageFlags, PermissionFlagsBits, type APIThreadChannel, type APIUser } from 'discord-api-types/v10';
import { apiError, DiscordErrors, FormErrors } from './discord-errors.ts';
import { liveMessage, type FakeState } from './fake-state.ts';
import { isEmptyMessage, validateMessageBody } from './limits.ts';
import { postMessage } from './messages.ts';
import { fail, route, type Route, type RouteRequest, type RouteResult } from './rest-server.ts';
import type { FakeWorld } from './world.ts';

/** Discord's limit on a thread's name. */
export const MAX_THREAD_NAME = 100;

const threadErrors = {
  alreadyCreated: () => apiError(400, 160004, 'A thread has already been created for this message'),
  wrongChannelType: () => apiError(400, 50024, 'Cannot execute action on this channel type'),
};

/** 50035 for a thread name outside 1-100 characters (Discord counts code points), or null. */
function checkName(name: unknown): RouteResult | null {
  const length = typeof name === 'string' ? [...name].length : 0;
  if (length >= 1 && length <= MAX_THREAD_NAME) return null;
  const errors = new FormErrors();
  errors.add(['name'], 'BASE_TYPE_BAD_LENGTH', `Must be between 1 and ${MAX_THREAD_NAME} in length.`);
  return fail(errors.toResponse()!);
}

/** A public thread object as Discord sends it (type 11, with `parent_id` and `owner_id`). */
function threadChannel(world: FakeWorld, input: { id: string; parentId: string; ownerId: string; name: string }): APIThreadChannel {
  const now = new Date().toISOString();
  return {
    id: input.id, type: ChannelType.PublicThread, guild_id: world.guildId, parent_id: input.parentId, owner_id: input.ownerId,
    name: input.name, last_message_id: null, message_count: 0, member_count: 1, rate_limit_per_user: 0, flags: 0,
    total_message_sent: 0, applied_tags: [],
    thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: now, locked: false, create_timestamp: now },
  } as unknown as APIThreadChannel;
}

/** Stores a new thread and sends THREAD_CREATE (with `newly_created`) to sessions with the Guilds intent. */
function openThread(state: FakeState, thread: APIThreadChannel): void {
  state.world.threads.set(thread.id, thread);
  state.gateway.dispatch(GatewayDispatchEvents.ThreadCreate, (intents) =>
    (intents & GatewayIntentBits.Guilds) === 0 ? null : { ...thread, newly_created: true },
  );
}

/**
 * `POST /channels/:channelId/messages/:messageId/threads`: a public thread
 * started from a message, with the message's id. 50001 without ViewChannel,
 * 50013 without CreatePublicThreads, 10008 for an unknown message, 50024
 * outside a text channel, 160004 when the message already has a thread, 50035
 * for a name outside 1-100 characters.
 */
function startThreadFromMessage(state: FakeState, { params, body }: RouteRequest): RouteResult {
  const { world } = state;
  const channel = world.channelOrThread(params.channelId!);
  if (!channel) return fail(DiscordErrors.unknownChannel());
  const permissions = world.permissions(world.botUser.id, channel.id);
  if ((permissions & PermissionFlagsBits.ViewChannel) === 0n) return fail(DiscordErrors.missingAccess());
  if (channel.type !== ChannelType.GuildText) return fail(threadErrors.wrongChannelType());
  if ((permissions & PermissionFlagsBits.CreatePublicThreads) === 0n) return fail(DiscordErrors.missingPermissions());
  const stored = liveMessage(state, params.messageId!, channel.id);
  if (!stored) return fail(DiscordErrors.unknownMessage());
  const badName = checkName(body?.name);
  if (badName) return badName;
  if (world.threads.has(stored.message.id)) return fail(threadErrors.alreadyCreated());
  const thread = threadChannel(world, { id: stored.message.id, parentId: channel.id, ownerId: world.botUser.id, name: body.name });
  openThread(state, thread);
  // The starter message now shows its thread, as Discord's copy does.
  stored.message = { ...stored.message, flags: (stored.message.flags ?? 0) | MessageFlags.HasThread, thread };
  return { status: 201, body: thread };
}

/**
 * A member starts a public thread from a message (the thread takes the
 * message's id); throws when the member lacks CreatePublicThreads there or the
 * message already has a thread, as Discord's client would not offer it.
 */
export function memberStartsThread(state: FakeState, input: { messageId: string; name: string; author: APIUser }): APIThreadChannel {
  const { world } = state;
  const stored = liveMessage(state, input.messageId);
  const parentId = stored?.message.channel_id;
  if (!stored || !parentId || !world.channels.has(parentId)) throw new Error(`FakeDiscord: no channel message ${input.messageId} to start a thread from`);
  if ((world.permissions(input.author.id, parentId) & PermissionFlagsBits.CreatePublicThreads) === 0n) {
    throw new Error(`FakeDiscord: ${input.author.username} lacks CreatePublicThreads in ${parentId}`);
  }
  if (world.threads.has(stored.message.id) || checkName(input.name)) throw new Error('FakeDiscord: the message has a thread, or the name is not 1-100 characters');
  const thread = threadChannel(world, { id: stored.message.id, parentId, ownerId: input.author.id, name: input.name });
  openThread(state, thread);
  stored.message = { ...stored.message, flags: (stored.message.flags ?? 0) | MessageFlags.HasThread, thread };
  return thread;
}

/**
 * A forum post: a thread in `forumId` whose first message (same id as the
 * thread) is `message`. THREAD_CREATE, then MESSAGE_CREATE in the thread.
 */
export function createForumPost(
  state: FakeState,
  input: { forumId: string; author: APIUser; name: string; message: { content?: unknown; embeds?: unknown; allowed_mentions?: unknown } },
): { thread: APIThreadChannel; messageId: string } {
  const { world } = state;
  const id = world.ids.next();
  const thread = threadChannel(world, { id, parentId: input.forumId, ownerId: input.author.id, name: input.name });
  openThread(state, thread);
  const stored = postMessage(state, { channelId: id, author: input.author, body: input.message, id });
  return { thread, messageId: stored.message.id };
}

/**
 * `POST /channels/:forumId/threads` with `{ name, message }`: a forum post.
 * 50024 outside a forum, 50013 without SendMessages, 50035 for the name or
 * the message, 50006 for an empty first message.
 */
function startForumPost(state: FakeState, { params, body }: RouteRequest): RouteResult {
  const { world } = state;
  const forum = world.channels.get(params.channelId!);
  if (!forum) return fail(DiscordErrors.unknownChannel());
  if (forum.type !== ChannelType.GuildForum) return fail(threadErrors.wrongChannelType());
  const permissions = world.permissions(world.botUser.id, forum.id);
  if ((permissions & PermissionFlagsBits.ViewChannel) === 0n) return fail(DiscordErrors.missingAccess());
  if ((permissions & PermissionFlagsBits.SendMessages) === 0n) return fail(DiscordErrors.missingPermissions());
  const badName = checkName(body?.name);
  if (badName) return badName;
  const invalid = validateMessageBody(body?.message, ['message']).toResponse();
  if (invalid) return fail(invalid);
  if (isEmptyMessage(body?.message ?? {})) return fail(DiscordErrors.emptyMessage());
  const { thread, messageId } = createForumPost(state, { forumId: forum.id, author: world.botUser, name: body.name, message: body.message });
  return { status: 201, body: { ...thread, message: liveMessage(state, messageId)!.message } };
}

/** Thread routes: start one from a message, post in a forum. */
export function threadRoutes(state: FakeState): Route[] {
  return [
    route('POST', '/channels/:channelId/messages/:messageId/threads', (r) => startThreadFromMessage(state, r)),
    route('POST', '/channels/:channelId/threads', (r) => startForumPost(state, r)),
  ];
}
