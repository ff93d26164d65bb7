/** The code runCli recognises, shared with node:util's own `parseArgs` errors (`ERR_PARSE_ARGS_*`). */
export const USAGE_ERROR_CODE = 'ERR_PARSE_ARGS_USAGE';

/** Bad command-line input, as {@link usageError} makes it. */
export type UsageError = Error & { code: typeof USAGE_ERROR_CODE };

/**
 * Bad command-line input: what is wrong, then how the command is used. It
 * carries the `ERR_PARSE_ARGS_` code that `parseArgs` gives its own errors, so
 * `runCli` treats both alike: the message without a stack, exit code 1.
 */
export function usageError(message: string, usage: string): UsageError {
  return Object.assign(new Error(`${message}\n${usage}`), { code: USAGE_ERROR_CODE } as const);
}
