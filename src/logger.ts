import pino from 'pino';

/** The logging seam: the engine and the bot log through this, the caller decides where it goes. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * A pino logger writing JSON lines to `destination` (stderr by default).
 * Every string in `secrets` is replaced by "[redacted]" wherever it appears in
 * a line, including error messages and stacks that quote it.
 */
export function createLogger(
  level: string,
  options: { secrets?: string[]; destination?: NodeJS.WritableStream } = {},
): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 8);
  const out = options.destination ?? process.stderr;
  const stream = {
    write(line: string) {
      let safe = line;
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
