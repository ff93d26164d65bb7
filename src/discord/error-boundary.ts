import { UserError, type UserErrorId } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { BotReply } from './respond.ts';

/** What a user sees when something unexpected failed; the log has the details. */
export const GENERIC_ERROR = 'Something went wrong while answering. The error was logged; please try again later.';

/** Discord's wording of a reindex already running, here or in another process (whose pid and host only the CLI shows). */
export const ALREADY_RUNNING = 'A reindex is already running; try again when it has finished.';

/**
 * Discord's wording of PostgreSQL being away (DATABASE_URL): the error's own
 * message names the server and what an operator should check, which is for
 * the log, not for members.
 */
export const DATABASE_UNAVAILABLE = 'The article database is unavailable, try again shortly.';

/** Conditions Discord words differently from the error's own message (written for the terminal). */
const DISCORD_WORDING: Partial<Record<UserErrorId, string>> = {
  'reindex-running': ALREADY_RUNNING,
  'database-unavailable': DATABASE_UNAVAILABLE,
};

/** The short note a user gets for a failure: the same words for a slash command, a button and a message. */
export function failureNote(error: unknown): BotReply {
  if (error instanceof UserError) return { text: DISCORD_WORDING[error.id] ?? error.message };
  return { text: GENERIC_ERROR };
}

/** One thing the bot handles: a slash command, a button, a channel message. */
export interface Handling {
  /** First word of the log lines: `interaction handled`, `message failed`… */
  event: 'interaction' | 'message';
  /** Logged with every line: what ran, for whom, where. */
  fields: Record<string, unknown>;
  /** Shows the user a note, the way this kind of event is answered. */
  tell(note: BotReply): Promise<unknown>;
}

/**
 * The one error boundary: runs `work`, logs its duration and outcome
 * (`handled`; `refused` with the id of an expected {@link UserError};
 * `failed` with the stack of anything else) and tells the user about a
 * failure in words that don't depend on where it happened. Never rejects.
 */
export async function withErrorBoundary(handling: Handling, logger: Logger, work: () => Promise<void>): Promise<void> {
  const started = performance.now();
  const fields = () => ({ ...handling.fields, ms: Math.round(performance.now() - started) });
  try {
    await work();
    logger.info(`${handling.event} handled`, { ...fields(), outcome: 'ok' });
  } catch (error) {
    if (error instanceof UserError) {
      logger.info(`${handling.event} refused`, { ...fields(), outcome: error.id, reason: error.message });
    } else {
      const details = error instanceof Error ? { message: error.message, stack: error.stack } : String(error);
      logger.error(`${handling.event} failed`, { ...fields(), outcome: 'error', error: details });
    }
    await handling.tell(failureNote(error)).catch((tellError: unknown) =>
      logger.warn('could not tell the user about the failure', { ...fields(), error: String(tellError) }),
    );
  }
}
