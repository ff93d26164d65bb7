import type { APIAllowedMentions } from 'discord-api-types/v10';

/**
 * One REST call the bot made, with the answer the fake gave. Bodies are typed
 * `any` on purpose: tests read arbitrary Discord JSON out of them.
 */
export interface RecordedRequest {
  method: string;
  /** Path without the `/api/v10` prefix, e.g. `/channels/123/messages`. */
  path: string;
  /** Parsed JSON body; undefined when empty. */
  body: any;
  /** `performance.now()` when the request arrived. */
  at: number;
  status: number;
  /** The JSON the fake answered with (undefined for 204). */
  response: any;
  /** The `allowed_mentions` the bot sent (top level or in callback `data`); undefined when absent. */
  allowedMentions: APIAllowedMentions | undefined;
}

/**
 * Every REST call in arrival order, plus waiting on conditions that become
 * true as calls arrive ("resolves on a past or future match").
 */
export class RequestLog {
  readonly requests: RecordedRequest[] = [];
  /** Pending waits; each re-checks its condition when called. */
  readonly #waiters = new Set<() => void>();
  #closed = false;

  /** Appends a finished request and re-checks everyone waiting. */
  push(request: RecordedRequest): void {
    this.requests.push(request);
    for (const check of [...this.#waiters]) check();
  }

  /**
   * Resolves with `probe()`'s first non-undefined value, checking now and after
   * every recorded request; rejects after `timeoutMs` with `describe` and the
   * latest requests in the message, so a failing test says what did happen.
   */
  waitUntil<T>(probe: () => T | undefined, timeoutMs: number, describe: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const settle = (outcome: { value: T } | { error: Error }) => {
        clearTimeout(timer);
        this.#waiters.delete(check);
        if ('error' in outcome) reject(outcome.error);
        else resolve(outcome.value);
      };
      const check = () => {
        try {
          const value = probe();
          if (value !== undefined) settle({ value });
          else if (this.#closed) settle({ error: new Error(`FakeDiscord was closed while waiting for ${describe}`) });
        } catch (error) {
          settle({ error: error as Error });
        }
      };
      const latest = () => this.requests.slice(-10).map((r) => `\n  ${r.method} ${r.path} -> ${r.status}`).join('') || ' none';
      const timer = setTimeout(() => settle({ error: new Error(`FakeDiscord: timed out after ${timeoutMs} ms waiting for ${describe}.\nLatest requests:${latest()}`) }), timeoutMs);
      this.#waiters.add(check);
      check();
    });
  }

  /** Waits for a request matching `predicate` (already recorded or still to come). */
  waitFor(predicate: (r: RecordedRequest) => boolean, timeoutMs: number): Promise<RecordedRequest> {
    return this.waitUntil(() => this.requests.find(predicate), timeoutMs, `a request matching ${predicate.toString()}`);
  }

  /** Rejects every pending wait; later waits reject at once. */
  close(): void {
    this.#closed = true;
    for (const check of [...this.#waiters]) check();
  }
}
