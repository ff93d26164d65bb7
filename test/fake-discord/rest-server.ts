import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { DiscordErrors, apiError } from './discord-errors.ts';
import { InvalidJsonError, readBody, type ParsedBody } from './http-body.ts';
import type { RecordedRequest, RequestLog } from './request-log.ts';
import { fail, matchRoute, type Route, type RouteResult } from './rest-router.ts';

/** The prefix discord.js puts before every route (`/api` + `/v10`). */
const API_PREFIX = '/api/v10';

/** A scripted failure: the next matching request(s) get this status instead of being handled. */
export interface FaultRule {
  /** HTTP method to match; any when omitted. */
  method?: string;
  /** A route pattern (`/channels/:channelId/messages`), an exact path, or a RegExp tested on the path. */
  path: string | RegExp;
  status: number;
  /** For 429: seconds in `Retry-After` and `retry_after` (default 0.05). */
  retryAfter?: number;
  /** For 429: mark the limit as global. */
  global?: boolean;
  /** How many matching requests fail (default 1). */
  times?: number;
}

function faultResponse(rule: FaultRule): { result: RouteResult; headers: Record<string, string> } {
  if (rule.status === 429) {
    const retryAfter = rule.retryAfter ?? 0.05;
    return {
      result: { status: 429, body: { message: 'You are being rate limited.', retry_after: retryAfter, global: rule.global ?? false } },
      headers: { 'retry-after': String(retryAfter), 'x-ratelimit-scope': rule.global ? 'global' : 'user', ...(rule.global ? { 'x-ratelimit-global': 'true' } : {}) },
    };
  }
  const text = rule.status >= 500 ? `${rule.status}: Internal Server Error` : `${rule.status}: Injected failure`;
  return { result: { status: rule.status, body: { message: text, code: 0 } }, headers: {} };
}

/** Decodes each segment (`%40original` -> `@original`), keeping malformed ones as sent. */
function decodePath(path: string): string {
  return path
    .split('/')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join('/');
}

function headersOf(request: IncomingMessage): Record<string, string> {
  return Object.fromEntries(
    Object.entries(request.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : (value ?? '')]),
  );
}

/**
 * Serves Discord's REST API under `/api/v10`: parses bodies, checks the bot
 * token, applies scripted faults and latency, runs the matching route, records
 * everything, and answers unknown routes with a Discord-shaped 404.
 */
export class RestServer {
  /** Delay before every answer, in ms. */
  latencyMs = 0;
  readonly faults: FaultRule[] = [];
  readonly #routes: readonly Route[];
  readonly #log: RequestLog;
  readonly #token: string | undefined;
  readonly #problem: (message: string) => void;
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(routes: readonly Route[], log: RequestLog, token: string | undefined, problem: (message: string) => void) {
    this.#routes = routes;
    this.#log = log;
    this.#token = token;
    this.#problem = problem;
  }

  /** Node `request` listener. */
  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const at = performance.now();
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const method = (request.method ?? 'GET').toUpperCase();
    const path = decodePath(url.pathname.startsWith(`${API_PREFIX}/`) ? url.pathname.slice(API_PREFIX.length) : url.pathname);
    const record: RecordedRequest = {
      method, path, route: 'unknown', query: Object.fromEntries(url.searchParams), body: undefined, files: [],
      headers: headersOf(request), at, status: 0, response: undefined, allowedMentions: undefined,
    };
    let answer: { result: RouteResult; headers: Record<string, string> };
    try {
      answer = await this.#process(request, record);
    } catch (error) {
      this.#problem(`REST ${method} ${path} crashed the fake: ${(error as Error).stack ?? String(error)}`);
      answer = { result: { status: 500, body: { message: '500: Internal Server Error', code: 0 } }, headers: {} };
    }
    record.status = answer.result.status;
    record.response = answer.result.body;
    this.#log.push(record);
    if (this.latencyMs > 0) await this.#sleep(this.latencyMs);
    this.#send(response, answer.result, answer.headers);
  }

  /** Clears pending latency timers. */
  close(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  async #process(request: IncomingMessage, record: RecordedRequest): Promise<{ result: RouteResult; headers: Record<string, string> }> {
    let parsed: ParsedBody;
    try {
      parsed = await readBody(request);
    } catch (error) {
      if (!(error instanceof InvalidJsonError)) throw error;
      return { result: fail(apiError(400, 50109, 'The request body contains invalid JSON.')), headers: {} };
    }
    record.body = parsed.body;
    record.files = parsed.files;
    const body = parsed.body as { allowed_mentions?: unknown; data?: { allowed_mentions?: unknown } } | undefined;
    record.allowedMentions = (body?.allowed_mentions ?? body?.data?.allowed_mentions) as RecordedRequest['allowedMentions'];
    const { method, path } = record;
    const matched = path.startsWith('/api/') ? undefined : matchRoute(this.#routes, method, path);
    if (matched) record.route = matched.route.pattern;
    const fault = this.#takeFault(method, path, record.route);
    if (fault) return faultResponse(fault);
    if (!matched) {
      const hint = path.startsWith('/api/') ? ' (the fake serves /api/v10 only)' : '';
      this.#problem(`REST ${method} ${path}: no such route in the fake${hint}`);
      return { result: fail(DiscordErrors.notFound()), headers: {} };
    }
    if (matched.route.auth && !this.#authorized(record.headers.authorization)) {
      return { result: fail(DiscordErrors.unauthorized()), headers: {} };
    }
    const result = await matched.route.handle({ params: matched.params, query: record.query, body: parsed.body, files: parsed.files });
    return { result, headers: {} };
  }

  #authorized(header: string | undefined): boolean {
    if (!header?.startsWith('Bot ')) return false;
    return this.#token === undefined || header === `Bot ${this.#token}`;
  }

  #takeFault(method: string, path: string, routePattern: string): FaultRule | undefined {
    const index = this.faults.findIndex((rule) => {
      if (rule.method && rule.method.toUpperCase() !== method) return false;
      return typeof rule.path === 'string' ? rule.path === path || rule.path === routePattern : rule.path.test(path);
    });
    const rule = index >= 0 ? this.faults[index] : undefined;
    if (rule) {
      rule.times = (rule.times ?? 1) - 1;
      if (rule.times <= 0) this.faults.splice(index, 1);
    }
    return rule;
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve();
      }, ms);
      this.#timers.add(timer);
    });
  }

  #send(response: ServerResponse, result: RouteResult, headers: Record<string, string>): void {
    if (response.destroyed) return;
    if (result.body === undefined) {
      response.writeHead(result.status, headers).end();
      return;
    }
    const text = JSON.stringify(result.body);
    response.writeHead(result.status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
  }
}
