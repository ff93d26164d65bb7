/**
 * The conditions a user can meet and act on, one id per meaning. Each surface
 * (CLI, Discord) maps an id once, never the classes that raise it.
 */
export type UserErrorId =
  /** The question is empty once chat markup is removed. */
  | 'empty-question'
  /** Nothing is indexed, so there is nothing to answer from. */
  | 'index-empty'
  /** A reindex is already running, in this process or another one (the build lock). */
  | 'reindex-running'
  /** The member lacks the permission the command needs. */
  | 'not-allowed'
  /** The member asked again before their cooldown ended. */
  | 'cooldown'
  /** Discord sent a command this bot no longer has (commands not redeployed). */
  | 'unknown-command'
  /** A button from a message whose command is gone or no longer handles it. */
  | 'expired-button'
  /** A button or form the bot could not have made (a forged or malformed custom id, a reason not on the list). */
  | 'invalid-button'
  /** An article to add was refused (too big, wrong type, unreachable link, no article text…); the message says why. */
  | 'article-refused'
  /** PostgreSQL (DATABASE_URL) cannot be reached, refused the login, or timed out; the message names host:port, never the password. */
  | 'database-unavailable'
  /** The database's schema is missing, older or newer than this code, or lacks pgvector; the message says what to run or install. */
  | 'database-not-ready';

/**
 * An expected, user-facing failure (not a bug): shown to the user as is, and
 * logged without a stack. Subclasses may carry more context.
 */
export class UserError extends Error {
  override readonly name: string = 'UserError';
  constructor(
    readonly id: UserErrorId,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
