/**
 * A memo for values that depend only on their key, emptied when full: memory
 * stays bounded with no bookkeeping per hit, and what recurs (words,
 * sentences of popular passages) is back within a few questions.
 */
export class BoundedCache<K, V> {
  readonly #entries = new Map<K, V>();

  constructor(readonly capacity: number) {}

  /** The value for `key`, worked out by `compute` the first time (or after the cache was emptied). */
  get(key: K, compute: (key: K) => V): V {
    let value = this.#entries.get(key);
    if (value === undefined) {
      if (this.#entries.size >= this.capacity) this.#entries.clear();
      value = compute(key);
      this.#entries.set(key, value);
    }
    return value;
  }
}
