import { performance } from 'node:perf_hooks';
import {
  GatewayDispatchEvents,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  type APIMessage,
  type APIMessageInteractionMetadata,
} from 'discord-api-types/v10';
import { DiscordErrors, FormErrors } from './discord-errors.ts';
import type { FakeState } from './fake-state.ts';
import type { InteractionRecord } from './interaction-store.ts';
import { isEmptyMessage, validateMessageBody } from './limits.ts';
import { editedMessage } from './message-edit.ts';
import { announceMessage } from './message-events.ts';
import { buildMessage, type RecordedFile } from './payloads.ts';
import { fail, noContent, ok, route, type Route, type RouteRequest, type RouteResult } from './rest-router.ts';

const R = InteractionResponseType;

/** Callback types Discord accepts per interaction type. */
const ALLOWED_CALLBACKS: Partial<Record<InteractionType, readonly InteractionResponseType[]>> = {
  [InteractionType.ApplicationCommand]: [R.ChannelMessageWithSource, R.DeferredChannelMessageWithSource, R.Modal, R.LaunchActivity],
  [InteractionType.MessageComponent]: [R.ChannelMessageWithSource, R.DeferredChannelMessageWithSource, R.DeferredMessageUpdate, R.UpdateMessage, R.Modal],
  [InteractionType.ApplicationCommandAutocomplete]: [R.ApplicationCommandAutocompleteResult],
  [InteractionType.ModalSubmit]: [R.ChannelMessageWithSource, R.DeferredChannelMessageWithSource, R.DeferredMessageUpdate, R.UpdateMessage],
};

function metadata(record: InteractionRecord): APIMessageInteractionMetadata {
  const owners = record.guildId ? { 0: record.guildId } : { 1: record.user.id };
  return { id: record.id, type: record.type, user: record.user, authorizing_integration_owners: owners } as APIMessageInteractionMetadata;
}

/** A new message sent in the interaction's name (reply, "thinking" message, or follow-up). */
function interactionMessage(state: FakeState, record: InteractionRecord, body: Record<string, any>, files: readonly RecordedFile[], extraFlags = 0) {
  const { world } = state;
  const message = buildMessage(world, {
    id: world.ids.next(), channelId: record.channelId, author: world.botUser, body, files,
    webhookId: world.applicationId, applicationId: world.applicationId, interactionMetadata: metadata(record), extraFlags,
  });
  const ephemeral = ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
  const stored = state.messages.add(message, ephemeral);
  announceMessage(state, GatewayDispatchEvents.MessageCreate, stored);
  return stored;
}

/** Validates a message body, plus emptiness for new messages; returns the error answer or null. */
function checkBody(body: unknown, prefix: readonly string[], files: readonly RecordedFile[], mustHaveContent: boolean): RouteResult | null {
  const invalid = validateMessageBody(body, prefix).toResponse();
  if (invalid) return fail(invalid);
  if (mustHaveContent && isEmptyMessage({ ...(body as object), attachments: files })) return fail(DiscordErrors.emptyMessage());
  return null;
}

function callback(state: FakeState, { params, query, body, files }: RouteRequest): RouteResult {
  const record = state.interactions.get(params.interactionId!, params.token!);
  if (!record) return fail(DiscordErrors.unknownInteraction());
  if (state.ackDeadlineMs !== undefined && performance.now() - record.sentAt > state.ackDeadlineMs) {
    return fail(DiscordErrors.unknownInteraction());
  }
  if (record.callbackType !== null) return fail(DiscordErrors.alreadyAcknowledged());
  const type = body?.type as InteractionResponseType;
  if (!ALLOWED_CALLBACKS[record.type]?.includes(type)) {
    const errors = new FormErrors();
    errors.add(['type'], 'INTERACTION_CALLBACK_TYPE_INVALID', `Callback type ${String(type)} is not valid for interaction type ${record.type}.`);
    return fail(errors.toResponse()!);
  }
  const data = body?.data ?? {};
  let message: APIMessage | undefined;
  switch (type) {
    case InteractionResponseType.ChannelMessageWithSource: {
      const rejected = checkBody(data, ['data'], files, true);
      if (rejected) return rejected;
      message = interactionMessage(state, record, data, files).message;
      record.originalId = message.id;
      record.responded = true;
      break;
    }
    case InteractionResponseType.DeferredChannelMessageWithSource: {
      const flags = typeof data.flags === 'number' ? data.flags & MessageFlags.Ephemeral : 0;
      message = interactionMessage(state, record, { flags }, [], MessageFlags.Loading).message;
      record.originalId = message.id;
      break;
    }
    case InteractionResponseType.DeferredMessageUpdate:
    case InteractionResponseType.UpdateMessage: {
      const stored = record.componentMessageId ? state.messages.get(record.componentMessageId) : undefined;
      if (!stored) return fail(DiscordErrors.unknownMessage());
      if (type === InteractionResponseType.UpdateMessage) {
        const rejected = checkBody(data, ['data'], files, false);
        if (rejected) return rejected;
        const next = editedMessage(state.world, stored.message, data, files);
        if (isEmptyMessage(next)) return fail(DiscordErrors.emptyMessage());
        stored.message = next;
        announceMessage(state, GatewayDispatchEvents.MessageUpdate, stored);
        record.responded = true;
      }
      message = stored.message;
      record.originalId = stored.message.id;
      break;
    }
    default:
      break;
  }
  record.callbackType = type;
  if (query.with_response !== 'true') return noContent();
  const ephemeral = ((message?.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
  return ok({
    interaction: {
      id: record.id,
      type: record.type,
      ...(message
        ? { response_message_id: message.id, response_message_loading: type === InteractionResponseType.DeferredChannelMessageWithSource, response_message_ephemeral: ephemeral }
        : {}),
    },
    resource: { type, ...(message ? { message } : {}) },
  });
}

/** Finds the interaction behind `/webhooks/:applicationId/:token`; Discord answers 10015 until it is acknowledged. */
function webhookInteraction(state: FakeState, params: Record<string, string>): InteractionRecord | RouteResult {
  const record = params.applicationId === state.world.applicationId ? state.interactions.byToken(params.token!) : undefined;
  if (!record || record.callbackType === null) return fail(DiscordErrors.unknownWebhook());
  return record;
}

function isRecord(value: InteractionRecord | RouteResult): value is InteractionRecord {
  return 'token' in value;
}

/** The message id `@original` or a follow-up id stands for, if it belongs to this interaction. */
function webhookMessageId(record: InteractionRecord, messageId: string): string | undefined {
  if (messageId === '@original') return record.originalId ?? undefined;
  return messageId === record.originalId || record.followUpIds.includes(messageId) ? messageId : undefined;
}

function followUp(state: FakeState, { params, body, files }: RouteRequest): RouteResult {
  const record = webhookInteraction(state, params);
  if (!isRecord(record)) return record;
  const rejected = checkBody(body, [], files, true);
  if (rejected) return rejected;
  const original = record.originalId ? state.messages.get(record.originalId) : undefined;
  // Discord turns the first follow-up after a deferred reply into that reply.
  if (original && record.callbackType === InteractionResponseType.DeferredChannelMessageWithSource && !record.responded) {
    original.message = editedMessage(state.world, original.message, { ...body, flags: undefined }, files);
    record.responded = true;
    announceMessage(state, GatewayDispatchEvents.MessageUpdate, original);
    return ok(original.message);
  }
  const stored = interactionMessage(state, record, body ?? {}, files);
  record.followUpIds.push(stored.message.id);
  return ok(stored.message);
}

function webhookMessage(state: FakeState, { params, body, files }: RouteRequest, method: 'GET' | 'PATCH' | 'DELETE'): RouteResult {
  const record = webhookInteraction(state, params);
  if (!isRecord(record)) return record;
  const id = webhookMessageId(record, params.messageId!);
  const stored = id ? state.messages.get(id) : undefined;
  if (!stored) return fail(DiscordErrors.unknownMessage());
  if (method === 'GET') return ok(stored.message);
  if (method === 'DELETE') {
    stored.deleted = true;
    announceMessage(state, GatewayDispatchEvents.MessageDelete, stored);
    return noContent();
  }
  const rejected = checkBody(body, [], files, false);
  if (rejected) return rejected;
  const next = editedMessage(state.world, stored.message, body ?? {}, files);
  if (isEmptyMessage(next)) return fail(DiscordErrors.emptyMessage());
  stored.message = next;
  if (id === record.originalId) record.responded = true;
  announceMessage(state, GatewayDispatchEvents.MessageUpdate, stored);
  return ok(next);
}

const WEBHOOK = '/webhooks/:applicationId/:token';

/** Interaction routes: the one-time callback, follow-ups, and fetch/edit/delete of `@original` and follow-ups. */
export function interactionRoutes(state: FakeState): Route[] {
  return [
    route('POST', '/interactions/:interactionId/:token/callback', (r) => callback(state, r), false),
    route('POST', WEBHOOK, (r) => followUp(state, r), false),
    route('GET', `${WEBHOOK}/messages/:messageId`, (r) => webhookMessage(state, r, 'GET'), false),
    route('PATCH', `${WEBHOOK}/messages/:messageId`, (r) => webhookMessage(state, r, 'PATCH'), false),
    route('DELETE', `${WEBHOOK}/messages/:messageId`, (r) => webhookMessage(state, r, 'DELETE'), false),
  ];
}
