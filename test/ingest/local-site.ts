import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route = (req: IncomingMessage, res: ServerResponse) => void;

/** A web server on 127.0.0.1 (port 0) serving the given routes; other paths answer 404. Counts requests per path. */
export interface LocalSite {
  origin: string;
  url(path: string): string;
  hits: Map<string, number>;
  close(): Promise<void>;
}

export async function startLocalSite(routes: Record<string, Route>): Promise<LocalSite> {
  const hits = new Map<string, number>();
  const open = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    open.add(res);
    res.on('close', () => open.delete(res));
    const route = routes[path];
    if (route) route(req, res);
    else res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => `${origin}${path}`,
    hits,
    close: () =>
      new Promise((resolve) => {
        for (const res of open) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Serves `body` with a content type. */
export const serve = (contentType: string, body: string | Uint8Array): Route => (_req, res) => {
  res.writeHead(200, { 'content-type': contentType }).end(body);
};

/** Redirects to `location`. */
export const redirect = (location: string, status = 302): Route => (_req, res) => {
  res.writeHead(status, { location }).end();
};
