import type { APIInteraction, APIMessage } from 'discord-api-types/v10';
import type { InteractionStore } from './interaction-store.ts';
import type { MessageStore } from './message-store.ts';
import type { RecordedRequest, RequestLog } from './request-log.ts';

/** A dispatched interaction, and what the bot did with it. */
export interface InteractionHandle {
  readonly id: string;
  readonly token: string;
  /** `performance.now()` at dispatch. */
  readonly sentAt: number;
  /** The INTERACTION_CREATE data that was sent. */
  readonly payload: APIInteraction;
  /** Waits for the first callback request (defer, reply, update, modal); check its `status`. */
  callback(timeoutMs?: number): Promise<RecordedRequest>;
  /**
   * Resolves with the latest state of the original response (a reply, an
   * update, an edit of `@original`, or the first follow-up after a defer)
   * once `predicate` accepts it. A bare defer does not count as a response.
   */
  waitForResponse(predicate?: (message: APIMessage) => boolean, timeoutMs?: number): Promise<APIMessage>;
  /** The original response as stored now, if there is one. */
  original(): APIMessage | undefined;
  /** Every PATCH of `@original`, in order (rejected ones included; check `status`). */
  edits(): RecordedRequest[];
  /** Every follow-up POST, in order (rejected ones included; check `status`). */
  followUps(): RecordedRequest[];
}

/** Builds the handle for an interaction the fake just dispatched. */
export function createInteractionHandle(
  deps: { log: RequestLog; interactions: InteractionStore; messages: MessageStore; applicationId: string; defaultTimeoutMs: number },
  payload: APIInteraction,
  sentAt: number,
): InteractionHandle {
  const { log, interactions, messages, applicationId, defaultTimeoutMs } = deps;
  const { id, token } = payload;
  const callbackPath = `/interactions/${id}/${token}/callback`;
  const webhookPath = `/webhooks/${applicationId}/${token}`;
  const original = () => {
    const record = interactions.get(id, token);
    return record?.originalId ? messages.get(record.originalId)?.message : undefined;
  };
  return {
    id,
    token,
    sentAt,
    payload,
    callback: (timeoutMs = defaultTimeoutMs) =>
      log.waitUntil(() => log.requests.find((r) => r.path === callbackPath), timeoutMs, `the callback of interaction ${id}`),
    waitForResponse: (predicate = () => true, timeoutMs = defaultTimeoutMs) =>
      log.waitUntil(
        () => {
          const message = interactions.get(id, token)?.responded ? original() : undefined;
          return message && predicate(message) ? message : undefined;
        },
        timeoutMs,
        `a response to interaction ${id} matching ${predicate.toString()}`,
      ),
    original,
    edits: () => log.requests.filter((r) => r.method === 'PATCH' && r.path === `${webhookPath}/messages/@original`),
    followUps: () => log.requests.filter((r) => r.method === 'POST' && r.path === webhookPath),
  };
}
