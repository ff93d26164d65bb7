import { UserError } from '../errors.ts';

/** A clock seam so tests can move time. */
export type Clock = () => number;

/** The cooldown note, the same for /ask and a channel message. */
export const cooldownText = (seconds: number) =>
  `You're asking quickly: please wait ${seconds} s before the next question.`;

/**
 * Per-user cooldown: a user may ask once per `seconds`. Answers politely
 * instead of queueing floods; entries expire so memory stays bounded.
 */
export class Cooldown {
  private readonly until = new Map<string, number>();

  constructor(
    private readonly seconds: number,
    private readonly now: Clock = Date.now,
  ) {}

  /** Records a use and returns 0, or returns the seconds left when the user is still cooling down. */
  take(userId: string): number {
    if (this.seconds <= 0) return 0;
    const now = this.now();
    const until = this.until.get(userId) ?? 0;
    if (until > now) return Math.ceil((until - now) / 1000);
    this.until.set(userId, now + this.seconds * 1000);
    if (this.until.size > 10_000) this.sweep(now);
    return 0;
  }

  /**
   * Records a use, or throws the `cooldown` {@link UserError} (with the
   * seconds left) for the error boundary to show.
   */
  enforce(userId: string): void {
    const wait = this.take(userId);
    if (wait > 0) throw new UserError('cooldown', cooldownText(wait));
  }

  private sweep(now: number): void {
    for (const [user, until] of this.until) if (until <= now) this.until.delete(user);
  }
}
