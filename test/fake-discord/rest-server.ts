import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { DiscordErrors, type ApiErrorResponse } from './discord-errors.ts';
import type { RecordedRequest, RequestLog } from './request-log.ts';

/** The prefix discord.js puts before every route (`/api` + `/v10`). */
const API_PREFIX = '/api/v10';

/** What a route handler answers: a status and an optional JSON body. */
export interface RouteResult {
  status: number;
  body?: unknown;
}

/** What a route handler gets. `body` is the parsed JSON (typed loosely: it is whatever the bot sent). */
export interface RouteRequest {
  params: Record<string, string>;
  body: any;
}

/** One REST route of the fake. */
export interface Route {
  method: string;
  /** Pattern with `:name` segments, e.g. `/channels/:channelId/messages`. */
  pattern: string;
  /** Whether Discord requires `Authorization: Bot <token>` (false for interaction and webhook-token routes). */
  auth: boolean;
  handle(request: RouteRequest): RouteResult;
}

/** Builds a route; `auth` defaults to true. */
export function route(method: string, pattern: string, handle: Route['handle'], auth = true): Route {
  return { method, pattern, auth, handle };
}

export const ok = (body: unknown): RouteResult => ({ status: 200, body });
export const noContent = (): RouteResult => ({ status: 204 });
export const fail = (error: ApiErrorResponse): RouteResult => ({ status: error.status, body: error.body });

/** A scripted failure: the next matching request(s) get this status instead of being handled. */
export interface FaultRule {
  /** Tested on the path without the `/api/v10` prefix, e.g. `/\/callback$/`. */
  path: RegExp;
  status: number;
  /** How many matching requests fail (default 1). */
  times?: number;
}

/** Finds the route for a method and (decoded) path, with its `:params`. */
function matchRoute(routes: readonly Route[], method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
  const parts = path.split('/').filter(Boolean);
  for (const candidate of routes) {
    const pattern = candidate.pattern.split('/').filter(Boolean);
    if (candidate.method !== method || pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const matches = pattern.every((segment, i) => (segment.startsWith(':') ? ((params[segment.slice(1)] = parts[i]!), true) : segment === parts[i]));
    if (matches) return { route: candidate, params };
  }
  return undefined;
}

/** The JSON body, undefined when empty, or an error when it is not JSON. */
async function readJson(request: IncomingMessage): Promise<{ body: unknown } | { error: ApiErrorResponse }> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  try {
    return { body: chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined };
  } catch {
    return { error: DiscordErrors.invalidJson() };
  }
}

const decode = (segment: string) => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

/**
 * Serves Discord's REST API under `/api/v10`: parses JSON bodies, checks the
 * bot token, applies scripted faults, runs the matching route, records
 * everything, and answers unknown routes with a Discord-shaped 404.
 */
export class RestServer {
  readonly faults: FaultRule[] = [];

  constructor(
    private readonly routes: readonly Route[],
    private readonly log: RequestLog,
    private readonly token: string | undefined,
    private readonly problem: (message: string) => void,
  ) {}

  /** Node `request` listener. */
  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const at = performance.now();
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const method = (request.method ?? 'GET').toUpperCase();
    const raw = url.pathname.startsWith(`${API_PREFIX}/`) ? url.pathname.slice(API_PREFIX.length) : url.pathname;
    const path = raw.split('/').map(decode).join('/');
    const record: RecordedRequest = { method, path, body: undefined, at, status: 0, response: undefined, allowedMentions: undefined };
    let result: RouteResult;
    try {
      result = await this.#process(request, record);
    } catch (error) {
      this.problem(`REST ${method} ${path} crashed the fake: ${(error as Error).stack ?? String(error)}`);
      result = { status: 500, body: { message: '500: Internal Server Error', code: 0 } };
    }
    record.status = result.status;
    record.response = result.body;
    this.log.push(record);
    if (response.destroyed) return;
    if (result.body === undefined) return void response.writeHead(result.status).end();
    const text = JSON.stringify(result.body);
    response.writeHead(result.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
  }

  async #process(request: IncomingMessage, record: RecordedRequest): Promise<RouteResult> {
    const { method, path } = record;
    // discord.js sends files as multipart/form-data; no bot test uploads any, so the fake does not parse them.
    if (request.headers['content-type']?.startsWith('multipart/')) {
      this.problem(`REST ${method} ${path}: file uploads (multipart bodies) are not served by the fake`);
      return fail(DiscordErrors.invalidJson());
    }
    const parsed = await readJson(request);
    if ('error' in parsed) return fail(parsed.error);
    const body = parsed.body as { allowed_mentions?: unknown; data?: { allowed_mentions?: unknown } } | undefined;
    record.body = body;
    record.allowedMentions = (body?.allowed_mentions ?? body?.data?.allowed_mentions) as RecordedRequest['allowedMentions'];
    const fault = this.faults.find((rule) => rule.path.test(path));
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      if (fault.times <= 0) this.faults.splice(this.faults.indexOf(fault), 1);
      return { status: fault.status, body: { message: `${fault.status}: Injected failure`, code: 0 } };
    }
    const matched = matchRoute(this.routes, method, path);
    if (!matched) {
      this.problem(`REST ${method} ${path}: no such route in the fake${path.startsWith('/api/') ? ' (the fake serves /api/v10 only)' : ''}`);
      return fail(DiscordErrors.notFound());
    }
    const authorization = request.headers.authorization;
    const authorized = authorization?.startsWith('Bot ') && (this.token === undefined || authorization === `Bot ${this.token}`);
    if (matched.route.auth && !authorized) return fail(DiscordErrors.unauthorized());
    return matched.route.handle({ params: matched.params, body });
  }
}
