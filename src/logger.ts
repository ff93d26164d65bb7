import pino from 'pino';

/** The logging seam: the engine and the bot log through this, the caller decides where it goes. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** A URL's password (`scheme://user:password@`), and a `password=` query parameter: what {@link redactUrlPasswords} hides. */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@"\\]*:)[^\s/?#@"\\]*@/gi;
const PASSWORD_PARAMETER = /([?&]password=)[^&#\s"\\]*/gi;

/**
 * `text` with the password of every URL in it replaced by `***`
 * (`postgres://bot:secret@db/x` → `postgres://bot:***@db/x`), so a
 * DATABASE_URL quoted by an error message, a stack or a field never reaches
 * a log line, whichever code logged it.
 */
export function redactUrlPasswords(text: string): string {
  return text.replace(URL_PASSWORD, '$1***@').replace(PASSWORD_PARAMETER, '$1***');
}

/**
 * A pino logger writing JSON lines to `destination` (stderr by default).
 * Every string in `secrets` is replaced by "[redacted]" wherever it appears in
 * a line, including error messages and stacks that quote it, and every URL's
 * password by `***` ({@link redactUrlPasswords}).
 */
export function createLogger(
  level: string,
  options: { secrets?: string[]; destination?: NodeJS.WritableStream } = {},
): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 8);
  const out = options.destination ?? process.stderr;
  const stream = {
    write(line: string) {
      let safe = redactUrlPasswords(line);
      for (const secret of secrets) safe = safe.split(secret).join('[redacted]');
      out.write(safe);
    },
  };
  const base = pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, stream);
  const wrap =
    (method: 'debug' | 'info' | 'warn' | 'error') =>
    (message: string, fields?: Record<string, unknown>) =>
      fields ? base[method](fields, message) : base[method](message);
  return { debug: wrap('debug'), info: wrap('info'), warn: wrap('warn'), error: wrap('error') };
}
