import { describe, expect, it } from 'vitest';
import { loadArticles } from '../../src/articles/index.ts';
import { DEATH_QUESTION, OFF_TOPIC_QUESTIONS, SAMPLE_QUESTIONS } from '../../bench/sample-questions.ts';
import { useEngine } from '../support/engine-fixture.ts';

describe('answers about the sample articles (generated model)', () => {
  const suite = useEngine();

  it('answers "when did the soldier die?" stating the date, how many sources give it, and the source that disagrees', async () => {
    const answer = await suite.engine.ask(DEATH_QUESTION.question);
    expect(answer.answered).toBe(true);
    expect(answer.citations[0]!.excerpt).toMatch(DEATH_QUESTION.fact);
    // Four articles put the death on Friday 27 December 2024; one says three days after the capture on 26 December.
    expect(answer.facts).toMatchObject({ kind: 'date', agree: false });
    const [lead, other] = answer.facts!.values;
    expect(lead).toMatchObject({ value: '2024-12-27', label: '27 December 2024' });
    expect(other).toMatchObject({ value: '--12-29', quote: 'three days later', resolvedFrom: 'captured on December 26' });
    expect(lead!.citations).toContain(1);
    // Every stated value is quoted from the first excerpt that gives it.
    for (const v of answer.facts!.values) expect(answer.citations[v.citations[0]! - 1]!.excerpt).toContain(v.quote);
    expect(answer.answer).toMatch(/^Friday, 27 December 2024 .*according to 3 of the 4 cited sources that give a date \[\d\]\[\d\]\[\d\]\./);
    expect(answer.answer).toContain(`Sources disagree: One source [${other!.citations[0]}] says 29 December (“three days later”, counted from “captured on December 26”).`);
    // Every excerpt is a verbatim quote of its article, found at its offsets: the body text at
    // [start, end) with runs of whitespace made one space, as the excerpt chooser prints it; an
    // excerpt cut short of `end` ends with "…" and is the start of that text.
    const { documents } = await loadArticles(suite.workspace.articlesDir);
    for (const c of answer.citations) {
      const body = documents.find((d) => d.id === c.documentId)?.text;
      expect(body, `excerpt ${c.n} names an article`).toBeDefined();
      const atOffsets = body!.slice(c.start, c.end).replace(/\s+/g, ' ').trim();
      const quoted = c.excerpt.replace(/^…/, '').replace(/…$/, '');
      expect(quoted.length, `excerpt ${c.n} is not empty`).toBeGreaterThan(20);
      if (c.excerpt.endsWith('…')) expect(atOffsets.startsWith(quoted), `excerpt ${c.n}: ${c.excerpt}\nat its offsets: ${atOffsets}`).toBe(true);
      else expect(quoted, `excerpt ${c.n} at its offsets`).toBe(atOffsets);
    }
  });

  it('names the agency that confirmed the death when the articles call it "the agency", and says which source names another', async () => {
    const answer = await suite.engine.ask('Which agency confirmed the death of the soldier?');
    expect(answer.facts).toMatchObject({ kind: 'entity', agree: false });
    const [lead, other] = answer.facts!.values;
    // Three articles: "The South Korean spy agency confirmed … said the NIS", and "The agency cited …" after naming the Service.
    expect(lead).toMatchObject({ value: 'NIS', label: 'National Intelligence Service (NIS)' });
    expect(lead!.citations.length).toBeGreaterThanOrEqual(2);
    expect(other).toMatchObject({ value: 'Yonhap' });
    for (const v of answer.facts!.values) {
      const excerpt = answer.citations[v.citations[0]! - 1]!.excerpt;
      expect(excerpt).toContain(v.quote);
      if (v.resolvedFrom) expect(excerpt).toContain(v.resolvedFrom);
    }
    expect(answer.answer).toMatch(/^National Intelligence Service \(NIS\) \(“The South Korean spy agency”, that is “NIS”\), according to \d of the \d cited sources that give a name/);
  });

  it('says which source gives which casualty count: the parts of one added up, and a second, much lower estimate of another', async () => {
    const answer = await suite.engine.ask('How many North Korean soldiers have been killed or wounded?');
    expect(answer.facts).toMatchObject({ kind: 'number', agree: false });
    const [lead, ...rest] = answer.facts!.values;
    expect(lead).toMatchObject({ value: '3000', qualifier: 'more than' });
    // The NIS article: "over 100 … killed in Kursk, with another 1,000 wounded" is more than 1,100, not 1,000.
    const parts = rest.find((v) => v.qualifier === 'more than')!;
    expect(parts).toMatchObject({ value: '1100', label: 'over 100 killed and 1,000 wounded' });
    // UPI puts Zelensky's "more than 3,000" and, in the next sentence, the South Korean military's much lower 1,100.
    const upi = answer.citations.find((c) => c.documentId.startsWith('001-'))!;
    expect(upi.excerpt).toMatch(/more than 3,000\. The estimate from South Korean military brass is much lower — 1,100/);
    const estimate = rest.find((v) => v.qualifier === null)!;
    expect(estimate).toMatchObject({ value: '1100', label: '1,100, of which only 100 were confirmed kills', citations: [upi.n] });
    expect(lead!.citations).toContain(upi.n);
    expect(answer.answer).toMatch(/^More than 3,000, according to 3 of the 4 cited sources that give a figure/);
    expect(answer.answer).toContain(`[${parts.citations[0]}] over 100 killed and 1,000 wounded`);
    expect(answer.answer).toContain(`Sources disagree: One source [${upi.n}] also says 1,100, of which only 100 were confirmed kills.`);
    for (const v of answer.facts!.values) expect(answer.citations[v.citations[0]! - 1]!.excerpt).toContain(v.quote);
  });

  it('states a month at the precision the article gives it: "this past June" in an article with no year is June, without one', async () => {
    const answer = await suite.engine.ask('When was the defense pact between North Korea and Russia signed?');
    expect(answer.facts).toMatchObject({ kind: 'date', agree: true, values: [{ value: '--06', label: 'June' }] });
    expect(answer.answer).toMatch(/^June, according to \[1\]\./);
    expect(answer.citations[0]!.excerpt).toContain('this past June');
  });

  it('states no place of death, which no article gives, rather than the place of capture or where thousands fell', async () => {
    // "captured … in Kursk, has succumbed", "taken prisoner in Ukraine … had died", "3,000 soldiers have already fallen in the Kursk region".
    const answer = await suite.engine.ask('Where did the soldier die?');
    expect(answer.answered).toBe(true);
    expect(answer.facts).toBeNull();
    expect(answer.answer).toMatch(/^According to /);
  });

  it('answers "how many were killed" without the wounded figure beside the dead', async () => {
    const answer = await suite.engine.ask('How many North Korean soldiers have been killed?');
    expect(answer.facts!.values.map((v) => v.label)).not.toContain('1,000');
    expect(answer.answer).not.toMatch(/\b1,000\b/);
  });

  it('dates a statement the question identifies by its own figure from the excerpt that restates it, not from other statements', async () => {
    const answer = await suite.engine.ask('When did Zelensky say more than 3,000 North Korean soldiers had been killed or injured?');
    // The JoongAng Daily: "Zelensky said on Dec. 23 on X that more than 3,000 ..."; the NIS "said on Friday" something else.
    expect(answer.facts).toMatchObject({ kind: 'date', agree: true, values: [{ value: '2024-12-23' }] });
    expect(answer.facts!.values).toHaveLength(1);
    expect(answer.answer).not.toMatch(/Sources disagree/);
    expect(answer.citations[0]!.excerpt).toMatch(/Dec\. 23.*3,000/);
  });

  it.each(SAMPLE_QUESTIONS.slice(1).map((q) => [q.question, q.fact] as const))('answers %j citing a passage with the fact', async (question, fact) => {
    const answer = await suite.engine.ask(question);
    expect(answer.answered).toBe(true);
    expect(answer.citations.map((c) => c.excerpt).join('\n')).toMatch(fact);
  });

  it.each(OFF_TOPIC_QUESTIONS)('says the articles do not answer %j, with no citations', async (question) => {
    const answer = await suite.engine.ask(question);
    expect(answer.answered).toBe(false);
    expect(answer.citations).toEqual([]);
    expect(answer.answer).toMatch(/don't answer/);
  });

  it('refuses a question about someone the articles never name, though it shares several of their words', async () => {
    // XQuAD questions the sample articles answered before: "supporting", "British", "efforts", "formally" are in the
    // war reports; nothing about Tanaghrisson or the Agreement on Social Policy is.
    for (const question of ['Why was Tanaghrisson supporting British efforts?', 'When did the UK formally subscribe to the Agreement on Social Policy?']) {
      const offTopic = await suite.engine.ask(question);
      expect(offTopic.answered, question).toBe(false);
      expect(offTopic.answer).toMatch(/don't answer/);
    }
    // A misspelt name is not a different subject: the rest of the question still finds its passage.
    const misspelt = await suite.engine.ask('When did Zelenksy say more than 3,000 North Korean soldiers had been killed or injured?');
    expect(misspelt.answered).toBe(true);
    expect(misspelt.citations[0]!.excerpt).toMatch(/Dec\. 23.*3,000/);
  });

  it('cites several sources when they report the same event differently', async () => {
    const answer = await suite.engine.ask('How many troops has North Korea sent to help Russia?');
    const documents = new Set(answer.citations.flatMap((c) => (c.sources ?? [c]).map((s) => s.documentId)));
    expect(documents.size).toBeGreaterThanOrEqual(2);
  });
});
