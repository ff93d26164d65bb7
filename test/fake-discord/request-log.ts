import type { APIAllowedMentions } from 'discord-api-types/v10';
import type { RecordedFile } from './payloads.ts';

/**
 * One REST call the bot made, with the answer the fake gave. Bodies are typed
 * `any` on purpose: tests read arbitrary Discord JSON out of them.
 */
export interface RecordedRequest {
  method: string;
  /** Path without the `/api/v10` prefix, e.g. `/channels/123/messages`. */
  path: string;
  /** The route pattern that handled it, e.g. `/channels/:channelId/messages`, or `unknown`. */
  route: string;
  query: Record<string, string>;
  /** Parsed JSON body, or the `payload_json` part of a multipart body; undefined when empty. */
  body: any;
  files: RecordedFile[];
  /** Request headers with lower-case names (`authorization` included when sent). */
  headers: Record<string, string>;
  /** `performance.now()` when the request arrived. */
  at: number;
  status: number;
  /** The JSON the fake answered with (undefined for 204). */
  response: any;
  /** The `allowed_mentions` the bot sent (top level or in callback `data`); undefined when absent. */
  allowedMentions: APIAllowedMentions | undefined;
}

interface Waiter {
  /** Re-evaluates the condition, settling the wait when it holds. */
  check(): void;
  /** Rejects the wait because the fake is closing. */
  cancel(): void;
}

/**
 * Every REST call in arrival order, plus waiting on conditions that become
 * true as calls arrive ("resolves on a past or future match").
 */
export class RequestLog {
  readonly requests: RecordedRequest[] = [];
  readonly #waiters = new Set<Waiter>();
  #closed = false;

  /** Appends a finished request and re-checks everyone waiting. */
  push(request: RecordedRequest): void {
    this.requests.push(request);
    this.notify();
  }

  /** Re-checks waiters after some state changed. */
  notify(): void {
    for (const waiter of [...this.#waiters]) waiter.check();
  }

  /**
   * Resolves with `probe()`'s first non-undefined value, checking now and after
   * every recorded request; rejects after `timeoutMs` with `describe()` and the
   * latest requests in the message, so a failing test says what did happen.
   */
  waitUntil<T>(probe: () => T | undefined, timeoutMs: number, describe: string): Promise<T> {
    const first = probe();
    if (first !== undefined) return Promise.resolve(first);
    if (this.#closed) return Promise.reject(new Error(`FakeDiscord is closed; still waiting for ${describe}`));
    return new Promise<T>((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        this.#waiters.delete(waiter);
      };
      const waiter: Waiter = {
        check: () => {
          try {
            const value = probe();
            if (value === undefined) return;
            finish();
            resolve(value);
          } catch (error) {
            finish();
            reject(error);
          }
        },
        cancel: () => {
          finish();
          reject(new Error(`FakeDiscord was closed while waiting for ${describe}`));
        },
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`FakeDiscord: timed out after ${timeoutMs} ms waiting for ${describe}.\n${this.summary()}`));
      }, timeoutMs);
      this.#waiters.add(waiter);
    });
  }

  /** Waits for a request matching `predicate` (already recorded or still to come). */
  waitFor(predicate: (r: RecordedRequest) => boolean, timeoutMs: number): Promise<RecordedRequest> {
    return this.waitUntil(() => this.requests.find(predicate), timeoutMs, `a request matching ${predicate.toString()}`);
  }

  /** The last few requests, one per line, for error messages. */
  summary(last = 10): string {
    const lines = this.requests.slice(-last).map((r) => `  ${r.method} ${r.path} -> ${r.status}`);
    return lines.length ? `Latest requests:\n${lines.join('\n')}` : 'No REST requests were made.';
  }

  /** Rejects every pending wait; later waits reject at once. */
  close(): void {
    this.#closed = true;
    for (const waiter of [...this.#waiters]) waiter.cancel();
  }
}
