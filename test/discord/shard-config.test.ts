import { describe, expect, it } from 'vitest';
import { ConfigError, loadShardingConfig } from '../../src/config.ts';

describe('loadShardingConfig: SHARD_COUNT and npm start -- --shards N', () => {
  it('runs one process unless asked for more', () => {
    expect(loadShardingConfig({}, [])).toEqual({ shardCount: 1, isShard: false });
    expect(loadShardingConfig({ SHARD_COUNT: '' }, [])).toEqual({ shardCount: 1, isShard: false });
  });

  it('reads SHARD_COUNT, and --shards N (or --shards=N) over it', () => {
    expect(loadShardingConfig({ SHARD_COUNT: '3' }, []).shardCount).toBe(3);
    expect(loadShardingConfig({ SHARD_COUNT: '3' }, ['--shards', '2']).shardCount).toBe(2);
    expect(loadShardingConfig({}, ['--shards=4']).shardCount).toBe(4);
  });

  it('knows a process the ShardingManager started (SHARDING_MANAGER and SHARDS set) is one shard, not another manager', () => {
    expect(loadShardingConfig({ SHARDING_MANAGER: 'true', SHARDS: '1', SHARD_COUNT: '2' }, [])).toEqual({ shardCount: 2, isShard: true });
  });

  it('refuses a count that is not a whole number from 1, naming where it came from', () => {
    expect(() => loadShardingConfig({ SHARD_COUNT: 'two' }, [])).toThrow(/SHARD_COUNT \(got "two"\): expected a whole number/);
    expect(() => loadShardingConfig({}, ['--shards', '0'])).toThrow(/--shards \(got "0"\): must be at least 1/);
    expect(() => loadShardingConfig({}, ['--shards'])).toThrow(ConfigError);
  });
});
