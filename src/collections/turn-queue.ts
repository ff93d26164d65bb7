/**
 * A first-come, first-served queue of jobs that must not overlap (reindexes of different
 * collections: each starts an embedding process holding its own copy of the model, and two would
 * share two cores). A waiting job hears its position: 1 means it is next.
 */
export class TurnQueue {
  private readonly waiting: Array<{ start: () => void; onQueued?: (position: number) => void }> = [];
  private running = false;

  /** Runs `job` when no other job runs; `onQueued` is called with the position while it waits, and again as it moves up. */
  run<T>(job: () => Promise<T>, onQueued?: (position: number) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.running = true;
        job()
          .then(resolve, reject)
          .finally(() => {
            this.running = false;
            const next = this.waiting.shift();
            this.waiting.forEach((w, i) => w.onQueued?.(i + 1));
            next?.start();
          });
      };
      if (!this.running) {
        start();
        return;
      }
      this.waiting.push({ start, onQueued });
      onQueued?.(this.waiting.length);
    });
  }

  /** Jobs waiting (not counting the one running). */
  get length(): number {
    return this.waiting.length;
  }
}
