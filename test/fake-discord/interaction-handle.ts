import type { APIInteraction, APIMessage } from 'discord-api-types/v10';
import { liveMessage, type FakeState } from './fake-state.ts';
import type { RecordedRequest, RequestLog } from './request-log.ts';

/** A dispatched interaction, and what the bot did with it. */
export interface InteractionHandle {
  readonly id: string;
  readonly token: string;
  /** `performance.now()` at dispatch. */
  readonly sentAt: number;
  /** The INTERACTION_CREATE data that was sent. */
  readonly payload: APIInteraction;
  /** Waits for the first callback request (defer, reply, update); check its `status`. */
  callback(timeoutMs?: number): Promise<RecordedRequest>;
  /**
   * Resolves with the latest state of the original response (a reply, an
   * update, or an edit of `@original`) once `predicate` accepts it. A bare
   * defer does not count as a response.
   */
  waitForResponse(predicate?: (message: APIMessage) => boolean, timeoutMs?: number): Promise<APIMessage>;
  /** Every PATCH of `@original`, in order (rejected ones included; check `status`). */
  edits(): RecordedRequest[];
  /** Every follow-up POST, in order (rejected ones included; check `status`). */
  followUps(): RecordedRequest[];
  /** For autocomplete: waits for the accepted result callback and returns its choices. */
  choices(timeoutMs?: number): Promise<Array<{ name: string; value: string | number }>>;
  /** Waits for an accepted form (modal) callback and returns the form as sent (`custom_id`, `title`, `components`). */
  modal(timeoutMs?: number): Promise<Record<string, any>>;
}

/** Builds the handle for an interaction the fake just dispatched. */
export function createInteractionHandle(state: FakeState, log: RequestLog, payload: APIInteraction, sentAt: number, timeoutMs: number): InteractionHandle {
  const { id, token } = payload;
  const webhookPath = `/webhooks/${state.world.applicationId}/${token}`;
  const response = () => {
    const record = state.interactions.get(token);
    return record?.responded && record.originalId ? liveMessage(state, record.originalId)?.message : undefined;
  };
  return {
    id,
    token,
    sentAt,
    payload,
    callback: (ms = timeoutMs) =>
      log.waitUntil(() => log.requests.find((r) => r.path === `/interactions/${id}/${token}/callback`), ms, `the callback of interaction ${id}`),
    waitForResponse: (predicate = () => true, ms = timeoutMs) =>
      log.waitUntil(
        () => {
          const message = response();
          return message && predicate(message) ? message : undefined;
        },
        ms,
        `a response to interaction ${id} matching ${predicate.toString()}`,
      ),
    edits: () => log.requests.filter((r) => r.method === 'PATCH' && r.path === `${webhookPath}/messages/@original`),
    followUps: () => log.requests.filter((r) => r.method === 'POST' && r.path === webhookPath),
    choices: (ms = timeoutMs) =>
      log.waitUntil(
        () => {
          const request = log.requests.find((r) => r.path === `/interactions/${id}/${token}/callback` && r.status === 204);
          return request ? (request.body.data.choices as Array<{ name: string; value: string | number }>) : undefined;
        },
        ms,
        `autocomplete choices for interaction ${id}`,
      ),
    modal: (ms = timeoutMs) =>
      log.waitUntil(() => state.interactions.get(token)?.modal, ms, `a form (modal) in answer to interaction ${id}`),
  };
}
