/** Discord's epoch (2015-01-01T00:00:00Z) in milliseconds; snowflakes count from here. */
const DISCORD_EPOCH = 1_420_070_400_000n;

/**
 * Makes unique, time-ordered snowflake ids like Discord's, so that
 * discord.js derives sensible `createdTimestamp`s from them.
 */
export class SnowflakeFactory {
  #increment = 0n;

  /** A fresh snowflake id for the current time. */
  next(): string {
    this.#increment = (this.#increment + 1n) & 0xfffn;
    const ms = BigInt(Date.now()) - DISCORD_EPOCH;
    // Worker and process ids are constant here; the increment keeps ids unique within a millisecond.
    return ((ms << 22n) | (1n << 17n) | this.#increment).toString();
  }
}
