import { describe, expect, it } from 'vitest';
import { ConversationMemory, DEFAULT_CONVERSATION_LIMITS } from '../../src/conversation/conversation-memory.ts';

describe('ConversationMemory', () => {
  it('defaults to 6 turns per thread, 1,000 threads and 6 hours idle', () => {
    expect(DEFAULT_CONVERSATION_LIMITS).toEqual({ turnsPerThread: 6, threads: 1000, idleMs: 6 * 3600_000 });
  });

  it('keeps the last turns of a thread, oldest first, and forgets older ones', () => {
    const memory = new ConversationMemory({ turnsPerThread: 3, threads: 10, idleMs: 1000 });
    for (const q of ['q1', 'q2', 'q3', 'q4']) memory.remember('t', q);
    expect(memory.previous('t')).toEqual(['q2', 'q3', 'q4']);
    expect(memory.previous('other')).toEqual([]);
  });

  it('forgets the least recently used thread when over the thread bound', () => {
    const memory = new ConversationMemory({ turnsPerThread: 6, threads: 2, idleMs: 1000 });
    memory.remember('a', 'qa');
    memory.remember('b', 'qb');
    memory.remember('a', 'qa2'); // a is now the most recently used
    memory.remember('c', 'qc');
    expect(memory.size).toBe(2);
    expect(memory.previous('b')).toEqual([]);
    expect(memory.previous('a')).toEqual(['qa', 'qa2']);
    expect(memory.previous('c')).toEqual(['qc']);
  });

  it('forgets a thread idle for the expiry time, and keeps one used just before', () => {
    let now = 0;
    const memory = new ConversationMemory({ turnsPerThread: 6, threads: 10, idleMs: 1000 }, () => now);
    memory.remember('old', 'q');
    now = 500;
    memory.remember('fresh', 'q');
    now = 1000;
    expect(memory.previous('old')).toEqual([]);
    expect(memory.previous('fresh')).toEqual(['q']);
    expect(memory.size).toBe(1);
  });
});
