/**
 * What may be shown of a database URL: host, port, user and database, never
 * the password. Every message and log line about the database goes through
 * these, so a password in DATABASE_URL cannot reach a log or a Discord reply.
 */

/** `host:port` of a PostgreSQL URL (port 5432 when the URL gives none). */
export function serverAddress(url: string): string {
  const parsed = safeParse(url);
  if (!parsed) return 'the server in DATABASE_URL (not a valid URL)';
  const host = parsed.hostname === '' ? 'localhost' : parsed.hostname;
  return `${host}:${parsed.port === '' ? '5432' : parsed.port}`;
}

/** The URL with its password replaced by `***` (and any `password=` query parameter too). */
export function redactDatabaseUrl(url: string): string {
  const parsed = safeParse(url);
  if (!parsed) return '(an invalid URL, not shown)';
  if (parsed.password !== '') parsed.password = '***';
  for (const key of [...parsed.searchParams.keys()]) {
    if (key.toLowerCase() === 'password') parsed.searchParams.set(key, '***');
  }
  return parsed.toString();
}

/** The database name in the URL ('' when it names none: the server then uses the user's name). */
export function databaseName(url: string): string {
  const parsed = safeParse(url);
  return parsed ? decodeURIComponent(parsed.pathname.replace(/^\//, '')) : '';
}

function safeParse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
