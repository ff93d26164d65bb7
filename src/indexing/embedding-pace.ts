/**
 * When the embedding should finish at the pace so far (epoch ms), or undefined
 * before there is a pace. `startedAt` and `now` are epoch ms.
 */
export function estimateFinish(startedAt: number, now: number, done: number, total: number): number | undefined {
  if (done <= 0 || done >= total || now <= startedAt) return undefined;
  return now + ((now - startedAt) / done) * (total - done);
}

/** What one embed progress event means to someone showing it. */
export interface PaceUpdate {
  /** Expected finish (epoch ms), once there is a pace. */
  finishAt?: number;
  /** The event reached a new tenth of the way (never at the start or the end). */
  newTenth: boolean;
}

/**
 * Follows the embed phase of index builds (`{ done, total }` events, `done: 0`
 * first): the expected finish, and each tenth of the way, for the CLI's bar and
 * plain lines, the bot's start-up log and the /reindex reply alike. Feed it
 * every event, also those a display then throttles away.
 */
export function trackEmbedding(now: () => number = Date.now) {
  let startedAt = 0;
  let lastTenth = 0;
  return {
    update(done: number, total: number): PaceUpdate {
      const at = now();
      if (done === 0) {
        startedAt = at;
        lastTenth = 0;
        return { newTenth: false };
      }
      const tenth = Math.floor((done / total) * 10);
      const newTenth = done < total && tenth > lastTenth;
      if (newTenth) lastTenth = tenth;
      return { finishAt: estimateFinish(startedAt, at, done, total), newTenth };
    },
  };
}
