import type { ApiErrorResponse } from './discord-errors.ts';
import type { RecordedFile } from './payloads.ts';

/** What a route handler gets. `body` is the parsed JSON (typed loosely: it is whatever the bot sent). */
export interface RouteRequest {
  params: Record<string, string>;
  query: Record<string, string>;
  body: any;
  files: RecordedFile[];
}

/** What a route handler answers: a status and an optional JSON body. */
export interface RouteResult {
  status: number;
  body?: unknown;
}

/** One REST route of the fake. */
export interface Route {
  method: string;
  /** Pattern with `:name` segments, e.g. `/channels/:channelId/messages`. */
  pattern: string;
  /** Whether Discord requires `Authorization: Bot <token>` (false for interaction and webhook-token routes). */
  auth: boolean;
  handle(request: RouteRequest): RouteResult | Promise<RouteResult>;
}

/** Builds a route; `auth` defaults to true. */
export function route(method: string, pattern: string, handle: Route['handle'], auth = true): Route {
  return { method, pattern, auth, handle };
}

/** A 200 (or other) JSON answer. */
export function ok(body: unknown, status = 200): RouteResult {
  return { status, body };
}

/** A 204 No Content answer. */
export function noContent(): RouteResult {
  return { status: 204 };
}

/** Turns a Discord error into a route answer. */
export function fail(error: ApiErrorResponse): RouteResult {
  return { status: error.status, body: error.body };
}

/** Finds the route for a method and (decoded) path, with its `:params`; the first route listed wins. */
export function matchRoute(
  routes: readonly Route[],
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | undefined {
  const parts = path.split('/').filter(Boolean);
  for (const candidate of routes) {
    if (candidate.method !== method) continue;
    const pattern = candidate.pattern.split('/').filter(Boolean);
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const matches = pattern.every((segment, i) => {
      const part = parts[i]!;
      if (segment.startsWith(':')) {
        params[segment.slice(1)] = part;
        return true;
      }
      return segment === part;
    });
    if (matches) return { route: candidate, params };
  }
  return undefined;
}
