import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { NO_ANSWER } from '../../src/answer/build-answer.ts';
import type { Answer } from '../../src/answer/types.ts';
import { UserError } from '../../src/errors.ts';
import { Engine, MAX_QUESTION_CHARS } from '../../src/engine.ts';
import { DEATH_QUESTION } from '../../bench/sample-questions.ts';
import { createWorkspace, type Workspace } from '../support/engine-fixture.ts';
import { runCli } from '../support/run-cli.ts';

const LONG = 200_000;
const NOTICE = `Your question was long; only its first ${MAX_QUESTION_CHARS} characters were used.`;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Questions that must be refused as empty. */
const EMPTY: Array<[string, string]> = [
  ['empty', ''],
  ['whitespace', ' \t\n\r\u00A0\u2003 '],
  // Mentions are stripped before searching, which leaves nothing.
  ['only mentions', '@everyone @here <@123456789012345678> <@!456> <@&789> <#1011>'],
  [`${LONG.toLocaleString('en')} spaces and newlines`, ' \n'.repeat(LONG / 2)],
];

/** Questions with no answer in the articles: a refusal, no citations, no error. */
const UNANSWERABLE: Array<[string, string]> = [
  ['only punctuation', '?!?! ... ;;; --- ,,, ¿¡ «» “”'],
  ['only emoji', '🤔🔥💀👨‍👩‍👧🇰🇷'],
  ['a code block', '```js\nwhile (true) { process.exit(1); }\n```'],
  ['regex metacharacters', '.*+?^${}()|[]\\ (a+)+$ (?<x>\\d)\\1 [^\\s]* \\'],
  ['a catastrophic-backtracking pattern', `(((a*)*)*)*$ ${'a'.repeat(900)}!`],
  ['zero-width characters', '\u200B\u200C\u200D\u2060\uFEFF'],
  ['control characters', '\u0000\u0001\u0007\u001B[31m\u007F'],
  ['Korean', '제빵은 어떻게 하나요?'],
  ['Chinese', '怎么烤面包？'],
  ['Arabic', 'كيف أخبز الخبز؟'],
  ['Russian', 'Как испечь хлеб?'],
  ['Hindi', 'रोटी कैसे बनाते हैं?'],
  [`${LONG.toLocaleString('en')} letters without a space`, 'a'.repeat(LONG)],
];

/** The death question dressed up in hostile ways: still answered with the fact. */
const ANSWERABLE: Array<[string, string]> = [
  ['in a code block', `\`\`\`\n${DEATH_QUESTION.question}\n\`\`\``],
  ['with emoji', `🤔 ${DEATH_QUESTION.question} 💀`],
  ['between regex metacharacters', `^(${DEATH_QUESTION.question})*$`],
  [`repeated to ${LONG.toLocaleString('en')} characters`, `${DEATH_QUESTION.question} `.repeat(LONG / 26)],
];

/** The death question with chat markup around it, which the engine strips before searching. */
const NOISY: Array<[string, string]> = [
  ['with mentions', `@everyone <@123456789012345678> ${DEATH_QUESTION.question} <#1011>`],
  ['with Markdown and a link', `**${DEATH_QUESTION.question}** [link](https://example.com) _please_`],
];

describe('hostile questions through Engine.ask', () => {
  let workspace: Workspace;
  let engine: Engine;
  let embedded: string[];

  beforeAll(async () => {
    workspace = await createWorkspace();
    engine = await Engine.open(workspace.config, { bulkEmbedding: 'inline' });
    const embed = engine.model.embedder.embed.bind(engine.model.embedder);
    vi.spyOn(engine.model.embedder, 'embed').mockImplementation(async (texts) => {
      embedded.push(...texts);
      return embed(texts);
    });
  });
  afterAll(async () => {
    await engine?.close();
    await workspace?.cleanup();
  });
  const ask = async (question: string): Promise<Answer> => {
    embedded = [];
    const answer = await engine.ask(question);
    // Bounded work: the model and the search only ever see a bounded question.
    for (const text of embedded) expect(text.length).toBeLessThanOrEqual(MAX_QUESTION_CHARS);
    expect(answer.question.length).toBeLessThanOrEqual(MAX_QUESTION_CHARS);
    expect(answer.question).not.toMatch(LONE_SURROGATE);
    return answer;
  };

  it.each(EMPTY)('refuses an %s question with a clear message', async (_name, question) => {
    const error = await engine.ask(question).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UserError);
    expect(error).toMatchObject({ id: 'empty-question', message: 'Ask a question: the text is empty.' });
  });

  it.each(UNANSWERABLE)('answers a question of %s with the refusal and no citations', async (_name, question) => {
    const answer = await ask(question);
    expect(answer).toMatchObject({ answered: false, answer: NO_ANSWER, citations: [] });
    expect(answer.notice === undefined).toBe(question.length <= MAX_QUESTION_CHARS);
  });

  it.each(ANSWERABLE)('answers the death question %s', async (_name, question) => {
    const answer = await ask(question);
    expect(answer.answered).toBe(true);
    expect(answer.citations.some((c) => DEATH_QUESTION.fact.test(c.excerpt))).toBe(true);
    expect(answer.answer).not.toMatch(/@everyone|<@/);
  });

  it.each(NOISY)('answers the death question %s, ignoring the markup', async (_name, question) => {
    const answer = await ask(question);
    expect(answer.answered).toBe(true);
    expect(answer.citations.some((c) => DEATH_QUESTION.fact.test(c.excerpt))).toBe(true);
    expect(answer.question).not.toMatch(/@everyone|<[@#]|https?:/);
  });

  it('shortens a long question, says so, and never cuts an emoji in half', async () => {
    const question = `x${'🚀'.repeat(LONG / 2)}`;
    const answer = await ask(question);
    expect(answer.notice).toBe(NOTICE);
    expect(answer.question.length).toBeGreaterThanOrEqual(MAX_QUESTION_CHARS - 1);
    expect(answer.question.startsWith('x🚀🚀')).toBe(true);
  });
});

describe('hostile questions through npm run ask', () => {
  let workspace: Workspace;
  beforeAll(async () => {
    workspace = await createWorkspace();
  });
  afterAll(async () => {
    await workspace?.cleanup();
  });

  it('answers a 100,000-character question after saying it was shortened', async () => {
    // 100,000: a single argument may not exceed 128 KiB on Linux.
    const result = await runCli('ask.ts', [`${DEATH_QUESTION.question} `.repeat(100_000 / 26)], workspace.env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.startsWith(NOTICE)).toBe(true);
    expect(result.stdout).toMatch(/27 December 2024/);
  });

  it('reports the shortening in --json too', async () => {
    const result = await runCli('ask.ts', ['--json', 'a'.repeat(5_000)], workspace.env);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ answered: false, citations: [], notice: NOTICE });
  });

  it('answers punctuation, mentions, emoji and regex metacharacters with the refusal, exit code 0', async () => {
    const result = await runCli('ask.ts', ['--json', '?!?! @everyone <@123456789012345678> 🤔 .*+?^${}()|[]\\'], workspace.env);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ answered: false, answer: NO_ANSWER, citations: [] });
  });

  it('explains that a whitespace-only question is empty, exit code 1', async () => {
    const result = await runCli('ask.ts', ['  \t  '], workspace.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no question given/);
  });
});
