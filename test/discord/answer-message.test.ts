import { describe, expect, it } from 'vitest';
import type { Answer, Citation } from '../../src/answer/types.ts';
import { answerMessage } from '../../src/discord/answer-message.ts';
import { fitReply, safeText } from '../../src/discord/respond.ts';
import { summaryText } from '../../src/discord/reindex-report.ts';
import { validateMessageBody } from '../fake-discord/index.ts';

/** Deterministic pseudo-random generator so failures reproduce. */
function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}

const PIECES = ['word', '**bold**', '@everyone', '<@&123456789012345678>', '[link](https://x.y)', '`code`', '😀', '_u_', '~~s~~', '> quote', '\n', '||spoiler||', '# heading'];

function text(next: () => number, length: number): string {
  let out = '';
  while (out.length < length) out += `${PIECES[Math.floor(next() * PIECES.length)]} `;
  return out.slice(0, length);
}

function answerOf(next: () => number): Answer {
  const count = 1 + Math.floor(next() * 10);
  const citations: Citation[] = Array.from({ length: count }, (_, i) => ({
    n: i + 1,
    documentId: `doc-${i}.md`,
    title: text(next, 1 + Math.floor(next() * 600)),
    outlet: next() < 0.5 ? text(next, 40) : null,
    date: next() < 0.5 ? '2024-12-27' : null,
    url: next() < 0.5 ? `https://example.com/a_(b)/${i}` : null,
    excerpt: text(next, 1 + Math.floor(next() * 3000)),
    score: next(),
    start: 0,
    end: 10,
    ...(next() < 0.3 ? { sources: Array.from({ length: 5 }, (_, j) => ({ documentId: `d${j}`, title: text(next, 300), outlet: null, date: null, url: null })) } : {}),
  }));
  return { question: text(next, Math.floor(next() * 6000) + 1), answered: true, answer: `According to x: “${citations[0]!.excerpt}”`, citations, facts: null, ...(next() < 0.3 ? { notice: 'shortened' } : {}) };
}

describe('the answer message', () => {
  it('fits every Discord limit for 300 random answers with long, Markdown-heavy text', () => {
    const next = random(42);
    for (let i = 0; i < 300; i++) {
      const message = answerMessage(answerOf(next));
      const errors = validateMessageBody(message);
      expect(JSON.stringify(errors), `answer ${i}`).not.toMatch(/"code"/);
      // Fits by construction: the reply helper's own fitting leaves it as it is.
      expect(fitReply(message).embeds).toEqual(message.embeds);
    }
  });

  it('keeps whole citations in order and drops those that do not fit, never a half-quoted one', () => {
    const next = random(7);
    const answer = answerOf(next);
    answer.citations = Array.from({ length: 10 }, (_, i) => ({ ...answer.citations[0]!, n: i + 1, excerpt: `Excerpt ${i + 1} ${'x'.repeat(900)}` }));
    const description = answerMessage(answer).embeds[0]!.description!;
    const numbers = [...description.matchAll(/\*\*\[(\d+)\]\*\* “/g)].map((m) => Number(m[1]));
    expect(numbers[0]).toBe(1);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    expect(numbers.length).toBeLessThan(10);
    expect((description.match(/“/g) ?? []).length).toBe((description.match(/”/g) ?? []).length);
  });

  it('neutralises mentions and escapes Markdown in quoted text', () => {
    expect(safeText('@everyone look at <@&123> and **this**')).toBe('@\u200beveryone look at <@&\u200b123> and \\*\\*this\\*\\*');
  });

  it('shows a short notice without citations when the articles do not answer', () => {
    const message = answerMessage({ question: 'How do I bake bread?', answered: false, answer: "The indexed articles don't answer that.", citations: [], facts: null });
    expect(message.embeds[0]!.description).toBe("The indexed articles don't answer that.");
    expect(message.embeds[0]!.title).toBe('How do I bake bread?');
  });

  it('keeps the reindex summary within 2000 characters even with many skipped files', () => {
    const problems = Array.from({ length: 100 }, (_, i) => ({ path: `folder/${'deep/'.repeat(20)}file-${i}.md`, reason: 'x'.repeat(500), skipped: i % 2 === 0 }));
    const text = summaryText({ added: ['a.md'], changed: [], removed: [], unchanged: 3, problems, documents: 4, chunks: 20, embedded: 5, fullRebuild: null, durationMs: 1234 });
    expect(text.length).toBeLessThanOrEqual(2000);
    expect(text).toMatch(/^\*\*Reindex finished\*\* in 1\.2 s/);
  });
});
