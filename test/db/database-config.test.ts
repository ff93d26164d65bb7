import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_HNSW_EF_SEARCH, loadDatabaseConfig } from '../../src/config.ts';
import { explainDatabaseError } from '../../src/db/database-errors.ts';
import { redactDatabaseUrl, serverAddress } from '../../src/db/server-address.ts';

describe('DATABASE_URL, DATABASE_STATEMENT_TIMEOUT_MS and DATABASE_HNSW_EF_SEARCH', () => {
  it('are absent unless DATABASE_URL is set, and parsed with a default timeout when it is', () => {
    expect(loadDatabaseConfig({})).toBeNull();
    expect(loadDatabaseConfig({ DATABASE_URL: '  ' })).toBeNull();
    expect(loadDatabaseConfig({ DATABASE_URL: 'postgresql://bot:pw@db:5433/answers' })).toEqual({
      url: 'postgresql://bot:pw@db:5433/answers',
      statementTimeoutMs: 15_000,
      hnswEfSearch: DEFAULT_HNSW_EF_SEARCH,
    });
    expect(loadDatabaseConfig({ DATABASE_URL: 'postgres://db/answers', DATABASE_STATEMENT_TIMEOUT_MS: '2500' })?.statementTimeoutMs).toBe(2500);
    expect(loadDatabaseConfig({ DATABASE_URL: 'postgres://db/answers', DATABASE_HNSW_EF_SEARCH: '300' })?.hnswEfSearch).toBe(300);
    // DATABASE_BUILD_MEMORY_MB: unset or empty leaves the server's maintenance_work_mem.
    expect(loadDatabaseConfig({ DATABASE_URL: 'postgres://db/answers', DATABASE_BUILD_MEMORY_MB: '' })).not.toHaveProperty('buildMemoryMb');
    expect(loadDatabaseConfig({ DATABASE_URL: 'postgres://db/answers', DATABASE_BUILD_MEMORY_MB: '2048' })?.buildMemoryMb).toBe(2048);
  });

  it('refuse a bad value naming the variable, without showing a URL that may hold a password', () => {
    const refusal = (env: Record<string, string>) => {
      try {
        loadDatabaseConfig(env);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    const message = refusal({ DATABASE_URL: 'http://bot:hunter2-secret@db/answers' });
    expect(message).toContain('DATABASE_URL (value hidden): expected a PostgreSQL URL, e.g. postgres://');
    expect(message).not.toContain('hunter2');
    expect(refusal({ DATABASE_URL: 'postgres://db/a', DATABASE_STATEMENT_TIMEOUT_MS: '10' })).toContain('DATABASE_STATEMENT_TIMEOUT_MS (got "10"): must be at least 100');
    // pgvector's own range for hnsw.ef_search.
    expect(refusal({ DATABASE_URL: 'postgres://db/a', DATABASE_HNSW_EF_SEARCH: '0' })).toContain('DATABASE_HNSW_EF_SEARCH (got "0"): must be at least 1');
    expect(refusal({ DATABASE_URL: 'postgres://db/a', DATABASE_HNSW_EF_SEARCH: '1001' })).toContain('DATABASE_HNSW_EF_SEARCH (got "1001"): must be at most 1000');
    expect(refusal({ DATABASE_URL: 'postgres://db/a', DATABASE_HNSW_EF_SEARCH: 'lots' })).toContain('DATABASE_HNSW_EF_SEARCH (got "lots"): expected a whole number');
    expect(refusal({ DATABASE_URL: 'postgres://db/a', DATABASE_BUILD_MEMORY_MB: '32' })).toContain('DATABASE_BUILD_MEMORY_MB (got "32"): must be at least 64');
    expect(refusal({ DATABASE_URL: 'postgres://db/a', DATABASE_BUILD_MEMORY_MB: '1GB' })).toContain('DATABASE_BUILD_MEMORY_MB (got "1GB"): expected a whole number');
  });
});

describe('what messages may show of the database', () => {
  it('host:port (5432 when unsaid) and a URL with the password masked', () => {
    expect(serverAddress('postgres://bot:pw@db.internal/answers')).toBe('db.internal:5432');
    expect(serverAddress('postgres://bot:pw@[::1]:6543/answers')).toBe('[::1]:6543');
    expect(redactDatabaseUrl('postgres://bot:p%40ss@db:5432/answers?sslmode=require&password=again')).toBe('postgres://bot:***@db:5432/answers?sslmode=require&password=***');
    expect(redactDatabaseUrl('postgres://db/answers')).toBe('postgres://db/answers');
  });

  it('connection failures become a message naming host:port; other errors are left to the caller', () => {
    expect(explainDatabaseError(Object.assign(new Error('x'), { code: '28P01' }), 'db:5432', 'answers')?.message).toBe(
      'PostgreSQL at db:5432 refused the login: wrong password for the user in DATABASE_URL.',
    );
    expect(explainDatabaseError(Object.assign(new Error('database "nope" does not exist'), { code: '3D000' }), 'db:5432', 'nope')?.message).toContain('has no database "nope"');
    expect(explainDatabaseError(Object.assign(new Error('duplicate key'), { code: '23505' }), 'db:5432', 'answers')).toBeNull();
  });
});
