/**
 * Turns a Node file-system error into `EACCES: permission denied`: the code and the message,
 * without the absolute path Node appends (the caller already names the file, relative to the folder).
 */
export function describeError(error: unknown): string {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  const short = message.replace(/, \w+ '.*'$/s, '');
  return code !== undefined && !short.startsWith(code) ? `${code}: ${short}` : short;
}

/** The `code` of a Node system error (`ENOENT`, `EACCES`, ...), if it has one. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
