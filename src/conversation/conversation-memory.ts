/**
 * What the bot remembers of its conversations: the last questions asked in
 * each thread, in memory only (a restart forgets context, which only costs a
 * follow-up its earlier subject), and bounded three ways so a busy server
 * cannot grow it: turns per thread, threads kept (least recently used
 * forgotten first) and an idle expiry.
 */

/** The bounds of {@link ConversationMemory}; the defaults are the bot's. */
export interface ConversationLimits {
  /** Questions kept per thread (older ones are forgotten first). */
  turnsPerThread: number;
  /** Threads kept; the least recently used is forgotten first. */
  threads: number;
  /** A thread unused this long is forgotten. */
  idleMs: number;
}

export const DEFAULT_CONVERSATION_LIMITS: ConversationLimits = { turnsPerThread: 6, threads: 1000, idleMs: 6 * 60 * 60 * 1000 };

interface Conversation {
  questions: string[];
  usedAt: number;
}

/** Earlier questions per thread, bounded by {@link ConversationLimits}. */
export class ConversationMemory {
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  readonly #threads = new Map<string, Conversation>();

  constructor(
    readonly limits: ConversationLimits = DEFAULT_CONVERSATION_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The questions asked earlier in `threadId`, oldest first; empty when none are remembered (or they expired). */
  previous(threadId: string): string[] {
    const conversation = this.#live(threadId);
    return conversation ? [...conversation.questions] : [];
  }

  /** Records a question asked in `threadId`. */
  remember(threadId: string, question: string): void {
    const conversation = this.#live(threadId) ?? { questions: [], usedAt: 0 };
    conversation.questions.push(question);
    if (conversation.questions.length > this.limits.turnsPerThread) conversation.questions.splice(0, conversation.questions.length - this.limits.turnsPerThread);
    conversation.usedAt = this.now();
    this.#threads.delete(threadId);
    this.#threads.set(threadId, conversation);
    this.#sweep();
  }

  /** Threads remembered now (expired ones not counted). */
  get size(): number {
    this.#sweep();
    return this.#threads.size;
  }

  #live(threadId: string): Conversation | undefined {
    const conversation = this.#threads.get(threadId);
    if (conversation && this.now() - conversation.usedAt >= this.limits.idleMs) {
      this.#threads.delete(threadId);
      return undefined;
    }
    return conversation;
  }

  #sweep(): void {
    const now = this.now();
    for (const [id, conversation] of this.#threads) {
      // Least recently used first: once one is fresh, so are the rest, unless over the count.
      if (now - conversation.usedAt >= this.limits.idleMs || this.#threads.size > this.limits.threads) this.#threads.delete(id);
      else break;
    }
  }
}
