import { UserError } from '../errors.ts';

/** How to install pgvector, for messages that find it missing (the README's "PostgreSQL" section says more). */
export const PGVECTOR_INSTALL_HINT =
  'install pgvector 0.5 or newer on the database server (Debian/Ubuntu with the PostgreSQL apt repository: apt install postgresql-16-pgvector; ' +
  'or build it from https://github.com/pgvector/pgvector; or run the pgvector/pgvector:pg16 Docker image)';

/**
 * PostgreSQL cannot be used right now: unreachable, login refused, database
 * missing, connection lost or a statement timed out. The message names
 * host:port (never the password) and what to check.
 */
export class DatabaseUnavailableError extends UserError {
  override readonly name = 'DatabaseUnavailableError';
  constructor(
    /** `host:port` of the server. */
    readonly server: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super('database-unavailable', message, options);
  }
}

/** The database is reachable but not usable by this code: schema missing, older or newer, or no pgvector. */
export class DatabaseNotReadyError extends UserError {
  override readonly name = 'DatabaseNotReadyError';
  constructor(message: string) {
    super('database-not-ready', message);
  }
}

/** Error fields set by `pg` (server errors carry a SQLSTATE `code`, socket errors a Node `code`). */
interface PgErrorFields {
  code?: string;
  message?: string;
}

/**
 * Translates a failure to connect or to run a statement into a
 * {@link DatabaseUnavailableError} saying what happened at `server`
 * (host:port), or returns null when `error` is not about the connection (a
 * bug in a query, a constraint), which the caller rethrows as it is.
 */
export function explainDatabaseError(error: unknown, server: string, database: string): DatabaseUnavailableError | null {
  const { code, message = '' } = (error ?? {}) as PgErrorFields;
  const at = `PostgreSQL at ${server}`;
  const wrap = (text: string) => new DatabaseUnavailableError(server, text, { cause: error });
  switch (code) {
    case 'ECONNREFUSED':
      return wrap(`Cannot connect to ${at}: connection refused. Is the server running, and is DATABASE_URL's host and port right?`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return wrap(`Cannot connect to ${at}: the host name does not resolve. Check DATABASE_URL's host.`);
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return wrap(`Cannot connect to ${at}: the host does not answer (${code}). Check DATABASE_URL's host, the network and any firewall.`);
    case 'ECONNRESET':
    case 'EPIPE':
      return wrap(`The connection to ${at} was lost (${code}); the article database is unavailable, try again shortly.`);
    case '28P01':
      return wrap(`${at} refused the login: wrong password for the user in DATABASE_URL.`);
    case '28000':
      return wrap(`${at} refused the login (${message}). Check DATABASE_URL's user, and the server's pg_hba.conf.`);
    case '3D000':
      return wrap(`${at} has no database "${database}" (${message}). Create it (createdb ${database || '<name>'}) or fix DATABASE_URL.`);
    case '57014':
      return wrap(`A statement on ${at} ran longer than DATABASE_STATEMENT_TIMEOUT_MS and was cancelled.`);
    case '57P01':
    case '57P02':
    case '57P03':
      return wrap(`${at} is shutting down or starting up (${message}); the article database is unavailable, try again shortly.`);
    case '53300':
      return wrap(`${at} has no free connections (${message}); try again shortly.`);
  }
  if (code?.startsWith('08')) return wrap(`The connection to ${at} failed (${message}); the article database is unavailable, try again shortly.`);
  if (/timeout expired|connection timeout|Connection terminated|not queryable/i.test(message)) {
    return wrap(`Cannot reach ${at} (${message}); the article database is unavailable, try again shortly.`);
  }
  return null;
}
