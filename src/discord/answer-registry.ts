import { randomBytes } from 'node:crypto';
import type { Clock } from './cooldown.ts';

/** What a vote needs to know about the answer it is on. */
export interface RegisteredAnswer {
  guildId: string | null;
  channelId: string;
  question: string;
  /** The answer's lead text (or why there was no answer). */
  answer: string;
  citations: Array<{ n: number; documentId: string }>;
  answered: boolean;
}

export interface AnswerRegistryOptions {
  /** Answers remembered at most (oldest forgotten first). Default 5000. */
  maxAnswers?: number;
  /** An answer older than this can no longer be voted on. Default 7 days. */
  maxAgeMs?: number;
  clock?: Clock;
}

/** Answer ids: 12 URL-safe characters (72 random bits), the only variable part of a feedback button's custom id. */
export const ANSWER_ID_PATTERN = /^[A-Za-z0-9_-]{12}$/;

/**
 * The answers shown recently, by id, so a vote can be recorded with what was
 * asked and answered without putting any of it in the button. In memory and
 * bounded (count and age): after a restart it is empty, and a click on an
 * older answer's button is told politely that the buttons have expired. Ids
 * are random, so an old button can never point at a newer answer.
 */
export class AnswerRegistry {
  readonly #answers = new Map<string, { at: number; entry: RegisteredAnswer; votes: Map<string, 'up' | 'down'> }>();
  readonly #max: number;
  readonly #maxAgeMs: number;
  readonly #now: Clock;

  constructor(options: AnswerRegistryOptions = {}) {
    this.#max = options.maxAnswers ?? 5000;
    this.#maxAgeMs = options.maxAgeMs ?? 7 * 86_400_000;
    this.#now = options.clock ?? Date.now;
  }

  /** Remembers an answer just shown and returns its new id. */
  remember(entry: RegisteredAnswer): string {
    const id = randomBytes(9).toString('base64url');
    this.#answers.set(id, { at: this.#now(), entry, votes: new Map() });
    // Insertion order is age order: the first entries are the oldest.
    for (const key of this.#answers.keys()) {
      if (this.#answers.size <= this.#max) break;
      this.#answers.delete(key);
    }
    return id;
  }

  /** The answer with this id, or undefined when it was never shown here, was forgotten, or is too old. */
  get(id: string): RegisteredAnswer | undefined {
    const found = this.#answers.get(id);
    if (!found) return undefined;
    if (this.#now() - found.at > this.#maxAgeMs) {
      this.#answers.delete(id);
      return undefined;
    }
    return found.entry;
  }

  /** Records `userId`'s vote on answer `id` and returns their previous one (undefined for a first vote, or an unknown answer). */
  vote(id: string, userId: string, vote: 'up' | 'down'): 'up' | 'down' | undefined {
    const found = this.#answers.get(id);
    if (!found) return undefined;
    const previous = found.votes.get(userId);
    found.votes.set(userId, vote);
    return previous;
  }
}
