import { performance } from 'node:perf_hooks';
import { InteractionResponseType as R, InteractionType, MessageFlags, type APIMessageInteractionMetadata } from 'discord-api-types/v10';
import { DiscordErrors, FormErrors } from './discord-errors.ts';
import { liveMessage, type FakeState, type InteractionRecord } from './fake-state.ts';
import { isEmptyMessage, validateMessageBody } from './limits.ts';
import { validateModal } from './modals.ts';
import { postMessage } from './messages.ts';
import { editedMessage } from './payloads.ts';
import { fail, noContent, ok, route, type Route, type RouteRequest, type RouteResult } from './rest-server.ts';

/** Callback types Discord accepts per interaction type: a modal can't answer a modal submit (nor autocomplete). */
const ALLOWED_CALLBACKS: Partial<Record<InteractionType, readonly R[]>> = {
  [InteractionType.ApplicationCommand]: [R.ChannelMessageWithSource, R.DeferredChannelMessageWithSource, R.Modal],
  [InteractionType.MessageComponent]: [R.ChannelMessageWithSource, R.DeferredChannelMessageWithSource, R.DeferredMessageUpdate, R.UpdateMessage, R.Modal],
  [InteractionType.ApplicationCommandAutocomplete]: [R.ApplicationCommandAutocompleteResult],
  [InteractionType.ModalSubmit]: [R.ChannelMessageWithSource, R.DeferredChannelMessageWithSource, R.DeferredMessageUpdate, R.UpdateMessage],
};

/** Discord's limits on autocomplete choices: at most 25, names and string values 1-100 characters. */
function checkChoices(data: any): RouteResult | null {
  const errors = new FormErrors();
  const choices: unknown = data?.choices;
  if (!Array.isArray(choices)) errors.add(['data', 'choices'], 'BASE_TYPE_REQUIRED', 'This field is required');
  else {
    if (choices.length > 25) errors.add(['data', 'choices'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
    choices.forEach((choice: any, i: number) => {
      for (const key of ['name', 'value'] as const) {
        const value = choice?.[key];
        const length = typeof value === 'string' ? [...value].length : typeof value === 'number' ? 1 : 0;
        if (length < 1 || length > 100) errors.add(['data', 'choices', i, key], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
      }
    });
  }
  const response = errors.toResponse();
  return response ? fail(response) : null;
}

/** A new message sent in the interaction's name (a reply, a "thinking" message, or a follow-up). */
function interactionMessage(state: FakeState, record: InteractionRecord, body: Record<string, any>, extraFlags = 0) {
  const interactionMetadata = {
    id: record.id, type: record.type, user: record.user, authorizing_integration_owners: { 0: state.world.guildId },
  } as APIMessageInteractionMetadata;
  const ephemeral = (((typeof body.flags === 'number' ? body.flags : 0) | extraFlags) & MessageFlags.Ephemeral) !== 0;
  const input = { channelId: record.channelId, author: state.world.botUser, body, webhookId: state.world.applicationId, interactionMetadata, extraFlags };
  return postMessage(state, input, ephemeral).message;
}

/** Limits, and for new messages emptiness (50006); the error answer or null. */
function checkBody(body: unknown, prefix: readonly string[], isNew: boolean): RouteResult | null {
  const invalid = validateMessageBody(body, prefix).toResponse();
  if (invalid) return fail(invalid);
  return isNew && isEmptyMessage(body ?? {}) ? fail(DiscordErrors.emptyMessage()) : null;
}

/** `POST /interactions/:id/:token/callback`: once only, within the deadline, with a type valid for the interaction. */
function callback(state: FakeState, { params, body }: RouteRequest): RouteResult {
  const record = state.interactions.get(params.token!);
  if (!record || record.id !== params.interactionId) return fail(DiscordErrors.unknownInteraction());
  if (state.ackDeadlineMs !== undefined && performance.now() - record.sentAt > state.ackDeadlineMs) return fail(DiscordErrors.unknownInteraction());
  if (record.callbackType !== null) return fail(DiscordErrors.alreadyAcknowledged());
  const type = body?.type as R;
  if (!ALLOWED_CALLBACKS[record.type]?.includes(type)) {
    const errors = new FormErrors();
    errors.add(['type'], 'INTERACTION_CALLBACK_TYPE_INVALID', `Callback type ${String(type)} is not valid for interaction type ${record.type}.`);
    return fail(errors.toResponse()!);
  }
  const data = body?.data ?? {};
  if (type === R.ApplicationCommandAutocompleteResult) {
    const rejected = checkChoices(data);
    if (rejected) return rejected;
    record.responded = true;
  } else if (type === R.Modal) {
    // The form opens on the user's screen; no message, so `@original` stays unknown (10015 on an edit).
    const invalid = validateModal(data).toResponse();
    if (invalid) return fail(invalid);
    record.modal = data;
    record.callbackType = type;
    return noContent();
  } else if (type === R.ChannelMessageWithSource) {
    const rejected = checkBody(data, ['data'], true);
    if (rejected) return rejected;
    record.originalId = interactionMessage(state, record, data).id;
    record.responded = true;
  } else if (type === R.DeferredChannelMessageWithSource) {
    record.originalId = interactionMessage(state, record, { flags: data.flags & MessageFlags.Ephemeral }, MessageFlags.Loading).id;
  } else {
    const stored = record.componentMessageId ? liveMessage(state, record.componentMessageId) : undefined;
    if (!stored) return fail(DiscordErrors.unknownMessage());
    if (type === R.UpdateMessage) {
      const rejected = checkBody(data, ['data'], false);
      if (rejected) return rejected;
      const next = editedMessage(state.world, stored.message, data);
      if (isEmptyMessage(next)) return fail(DiscordErrors.emptyMessage());
      stored.message = next;
      record.responded = true;
    }
    record.originalId = stored.message.id;
  }
  record.callbackType = type;
  return noContent();
}

/** The interaction behind `/webhooks/:applicationId/:token`; Discord answers 10015 until it is acknowledged. */
function acknowledged(state: FakeState, params: Record<string, string>): InteractionRecord | undefined {
  const record = params.applicationId === state.world.applicationId ? state.interactions.get(params.token!) : undefined;
  return record?.callbackType === null ? undefined : record;
}

/** `POST /webhooks/:applicationId/:token`: a follow-up message. */
function followUp(state: FakeState, { params, body }: RouteRequest): RouteResult {
  const record = acknowledged(state, params);
  if (!record) return fail(DiscordErrors.unknownWebhook());
  const rejected = checkBody(body, [], true);
  if (rejected) return rejected;
  const message = interactionMessage(state, record, body ?? {});
  record.followUpIds.push(message.id);
  return ok(message);
}

/** `PATCH` and `DELETE /webhooks/:applicationId/:token/messages/:id` for `@original` and follow-ups. */
function webhookMessage(state: FakeState, { params, body }: RouteRequest, method: 'PATCH' | 'DELETE'): RouteResult {
  const record = acknowledged(state, params);
  if (!record) return fail(DiscordErrors.unknownWebhook());
  const id = params.messageId === '@original' ? record.originalId : params.messageId;
  const stored = id && (id === record.originalId || record.followUpIds.includes(id)) ? liveMessage(state, id) : undefined;
  if (!stored) return fail(DiscordErrors.unknownMessage());
  if (method === 'DELETE') {
    stored.deleted = true;
    return noContent();
  }
  const rejected = checkBody(body, [], false);
  if (rejected) return rejected;
  const next = editedMessage(state.world, stored.message, body ?? {});
  if (isEmptyMessage(next)) return fail(DiscordErrors.emptyMessage());
  stored.message = next;
  if (id === record.originalId) record.responded = true;
  return ok(next);
}

const WEBHOOK = '/webhooks/:applicationId/:token';

/** Interaction routes: the one-time callback, follow-ups, and edit/delete of `@original` and follow-ups. */
export function interactionRoutes(state: FakeState): Route[] {
  return [
    route('POST', '/interactions/:interactionId/:token/callback', (r) => callback(state, r), false),
    route('POST', WEBHOOK, (r) => followUp(state, r), false),
    route('PATCH', `${WEBHOOK}/messages/:messageId`, (r) => webhookMessage(state, r, 'PATCH'), false),
    route('DELETE', `${WEBHOOK}/messages/:messageId`, (r) => webhookMessage(state, r, 'DELETE'), false),
  ];
}
