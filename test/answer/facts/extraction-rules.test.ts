import { describe, expect, it } from 'vitest';
import { valuesAgree } from '../../../src/answer/facts/compare-values.ts';
import * as chrono from 'chrono-node';
import { articleDates, dateMentions, MAY_HOLD_DATE } from '../../../src/answer/facts/date-mentions.ts';
import { claimsIn, factIn, holdsFact } from '../../../src/answer/facts/extract-facts.ts';
import { factQuestion } from '../../../src/answer/facts/fact-question.ts';
import { groupFacts } from '../../../src/answer/facts/group-facts.ts';
import { stateFacts } from '../../../src/answer/facts/state-facts.ts';
import { entityMentions, placeMentions } from '../../../src/answer/facts/name-mentions.ts';
import { numberMentions } from '../../../src/answer/facts/number-mentions.ts';
import type { Mention } from '../../../src/answer/facts/types.ts';

const NO_DATES = { reference: null, anchor: null };
const DATED = articleDates('2024-12-27', '');
const idf = () => 1;
const ask = (question: string, text: string, dates = NO_DATES as ReturnType<typeof articleDates>) => factIn(factQuestion(question)!, text, dates, idf)?.mention ?? null;
const values = (text: string, dates = DATED) => dateMentions(text, dates).map((m) => m.value);

describe('which fact a question asks for', () => {
  it.each([
    ['When did the soldier die?', 'date'],
    ['What year was it founded?', 'date'],
    ['Since when has he led it?', 'date'],
    ['How many North Korean troops are in Russia?', 'number'],
    ['How much did it cost?', 'number'],
    ['What percentage voted?', 'number'],
    ['Where was the soldier captured?', 'place'],
    ['In which region was he captured?', 'place'],
    ['Who captured the North Korean soldier?', 'entity'],
    ['Which agency confirmed the death?', 'entity'],
  ])('%s asks for a %s', (question, kind) => {
    expect(factQuestion(question)?.kind).toBe(kind);
  });
  it('asks for none in "why" and "what did ... say" questions', () => {
    expect(factQuestion('Why are North Korean troops vulnerable to drones?')).toBeNull();
    expect(factQuestion('What did Zelensky say about the faces?')).toBeNull();
  });
});

describe('dates bound to the asked event and resolved against the article', () => {
  it('answers "when did he die" from "three days later", counted from the capture date before it, not the capture date itself', () => {
    const text = 'The soldier, captured on December 26, succumbed to his wounds three days later, as reported by NIS.';
    const death = ask('When did the soldier die?', text);
    expect(death).toMatchObject({ value: '--12-29', label: '29 December', quote: 'three days later', resolvedFrom: 'captured on December 26' });
    expect(ask('When was the soldier captured?', text)).toMatchObject({ value: '--12-26' });
    // With the article's year, the same sentence gives a full date.
    expect(ask('When did the soldier die?', text, DATED)).toMatchObject({ value: '2024-12-29' });
  });

  it('dates "died of his wounds on Friday" for the death, never for the capture named earlier in the clause', () => {
    const text = 'A North Korean soldier captured by the Ukrainian army died of his wounds on Friday, according to the NIS.';
    expect(ask('When did the soldier die?', text, DATED)).toMatchObject({ value: '2024-12-27', resolvedFrom: "the article's date, 27 Dec 2024" });
    expect(ask('When was the soldier captured?', text, DATED)).toBeNull();
  });

  it('resolves weekdays, "Dec. 26", "earlier this month" and "this past June" against the article date', () => {
    expect(values('He died on Friday.')).toEqual(['2024-12-27']);
    expect(values('He was captured on Thursday.')).toEqual(['2024-12-26']);
    expect(values('captured alive on Dec. 26')).toEqual(['2024-12-26']);
    expect(values('Ukraine reported earlier this month that')).toEqual(['2024-12']);
    expect(values('the signing of a defense pact this past June')).toEqual(['2024-06']);
    expect(values('Zelensky said on Dec. 23 on X')).toEqual(['2024-12-23']);
  });

  it('takes a year only from the article itself: its date, or a full date in its text', () => {
    expect(articleDates(null, 'Published: 27 Dec. 2024, 17:32. He died on Friday.').reference?.day).toEqual({ year: 2024, month: 12, day: 27 });
    const undated = articleDates(null, 'He was captured on December 26. He died on December 27.');
    expect(undated).toEqual({ reference: null, anchor: null });
    expect(dateMentions('He died on December 27.', undated).map((m) => m.value)).toEqual(['--12-27']);
  });

  it('ties a weekday to a day of the same event in an undated article ("captured alive on Dec. 26" + "captured on Thursday")', () => {
    const text = 'A soldier, captured alive on Dec. 26, died. The soldier was reportedly captured on Thursday while fighting. The NIS said on Friday that he died.';
    const dates = articleDates(null, text);
    expect(dates.anchor).toMatchObject({ weekday: 4, day: { year: null, month: 12, day: 26 }, quote: 'captured alive on Dec. 26' });
    const friday = dateMentions('The NIS said on Friday that he died.', dates)[0]!;
    expect(friday).toMatchObject({ value: '--12-27', label: '27 December' });
    expect(friday.resolvedFrom).toMatch(/captured alive on Dec\. 26 \(a Thursday\)/);
  });

  it('keeps what cannot be resolved to a day at the precision known, and never guesses', () => {
    expect(dateMentions('He died on Friday.', NO_DATES).map((m) => [m.value, m.label])).toEqual([['Friday', 'a Friday (no date given)']]);
    // "Earlier this month" and "three days later" without anything to count from are left out.
    expect(dateMentions('Ukraine reported earlier this month that he died three days later.', NO_DATES)).toEqual([]);
    // Malformed dates are not read as dates ("Dec. 32" is not December 2032).
    expect(dateMentions('It happened on Dec. 32.', DATED)).toEqual([]);
    // A month in an article with no year anywhere stays a month, without one (it was left out); it agrees with any date in it.
    expect(dateMentions('the signing of a defense pact this past June', NO_DATES).map((m) => [m.value, m.label])).toEqual([['--06', 'June']]);
    expect(valuesAgree('date', { value: '--06', qualifier: null }, { value: '2024-06-19', qualifier: null })).toBe(true);
    expect(valuesAgree('date', { value: '--06', qualifier: null }, { value: '2024-07', qualifier: null })).toBe(false);
    expect(ask('When was the defense pact signed?', 'Following the signing of a defense pact this past June, both leaders met.')).toMatchObject({ value: '--06', label: 'June' });
    // It is stated, but does not make its sentence the one to quote over a sentence with the day.
    const asked = factQuestion('When did the test begin?')!;
    expect(holdsFact(asked, 'A test was planned to begin in January.', NO_DATES, idf)).toBe(false);
    expect(holdsFact(asked, 'The test began on January 27, 1967.', NO_DATES, idf)).toBe(true);
  });

  it('treats a day without its year as agreeing with the full date of the same day, and different days as disagreeing', () => {
    const d = (value: string) => ({ value, qualifier: null });
    expect(valuesAgree('date', d('--12-27'), d('2024-12-27'))).toBe(true);
    expect(valuesAgree('date', d('--12-29'), d('2024-12-27'))).toBe(false);
    expect(valuesAgree('date', d('2024-12'), d('2024-12-27'))).toBe(true);
    expect(valuesAgree('date', d('Friday'), d('2024-12-29'))).toBe(true);
  });
});

describe('the day of a report', () => {
  it('dates an event the report tells of as done, never one it tells of as going on', () => {
    // "When did North Korea send troops?" was once answered "27 December" from the day Kirby spoke.
    const ongoing = '“Military leaders are treating these troops as expendable, sending them on hopeless assaults,” Kirby said Friday.';
    expect(ask('When did North Korea send troops to Russia?', ongoing, DATED)).toBeNull();
    expect(ask('When did the soldier die?', 'The NIS said on Friday that the soldier had died of his wounds.', DATED)).toMatchObject({ value: '2024-12-27' });
  });
});

describe('the one asked about, and where it happened', () => {
  it('does not answer a question about "the soldier" from a count of many soldiers', () => {
    const many = 'Zelensky revealed that more than 3,000 North Korean soldiers have already fallen in the Kursk region.';
    expect(ask('Where did the soldier die?', many)).toBeNull();
    // "one of 38 possible bids" is one of the many; a thousands separator does not split the clause.
    expect(ask('In what year did Tesla receive a Nobel Prize bid?', 'Tesla did receive one of 38 possible bids in 1937.')).toMatchObject({ value: '1937' });
    expect(ask('Where did the soldiers die?', many)).toMatchObject({ value: 'Kursk' });
  });

  it('takes no place that belongs to another event of the sentence', () => {
    const text = 'An injured North Korean soldier, captured by Ukrainian forces while fighting for Russia in Kursk, has succumbed to his wounds.';
    expect(ask('Where did the soldier die?', text)).toBeNull();
    expect(ask('Where was the soldier captured?', text)).toMatchObject({ value: 'Kursk' });
  });
});

describe('numbers with their qualifier', () => {
  it.each([
    ['Kim is believed to have dispatched more than 10,000 soldiers.', '10000', 'more than', 'more than 10,000'],
    ['Pyongyang has sent around 11,000 soldiers.', '11000', 'about', 'around 11,000'],
    ['Russia enlisted approximately 12,000 North Korean mercenaries.', '12000', 'about', 'approximately 12,000'],
    ['"Nearly 3,000 North Korean soldiers have been killed or wounded," he said.', '3000', 'nearly', 'Nearly 3,000'],
    ['Four soldiers were captured.', '4', null, 'Four'],
  ])('%s', (text, value, qualifier, label) => {
    expect(numberMentions(text)[0]).toMatchObject({ value, qualifier, label });
  });

  it('reads "1,100, of which only 100 were confirmed kills" as two figures, the estimate first', () => {
    expect(numberMentions('The estimate is much lower — 1,100, of which only 100 were confirmed kills.').map((m) => m.value)).toEqual(['1100', '100']);
  });

  it('applies the compatibility rules: bounds contain values, point estimates agree only when equal', () => {
    const n = (value: string, qualifier: Mention['qualifier'] = null) => ({ value, qualifier });
    expect(valuesAgree('number', n('10000', 'more than'), n('11000'))).toBe(true);
    expect(valuesAgree('number', n('10000', 'more than'), n('12000', 'about'))).toBe(true);
    expect(valuesAgree('number', n('11000', 'about'), n('12000', 'about'))).toBe(false);
    expect(valuesAgree('number', n('1100'), n('3000', 'more than'))).toBe(false);
    expect(valuesAgree('number', n('3000', 'nearly'), n('2800'))).toBe(true);
    expect(valuesAgree('number', n('3000', 'nearly'), n('2000'))).toBe(false);
  });

  it('ties "how many troops" to the figure before "troops", not the casualty figure beside it', () => {
    const text = 'More than 3,000 have been killed, while North Korea has sent more than 11,000 troops to Russia.';
    expect(ask('How many North Korean troops are in Russia?', text)).toMatchObject({ value: '11000', qualifier: 'more than' });
  });
});

describe('places, negation and attribution', () => {
  it('reads "taken prisoner in Ukraine and not in Russia’s Kursk region" as a claim for Ukraine against Kursk', () => {
    const text = 'The agency said the soldier was taken prisoner in Ukraine and not in Russia’s Kursk region, part of which is occupied.';
    expect(placeMentions(text)).toEqual([expect.objectContaining({ value: 'Ukraine', against: ['Kursk'] })]);
    expect(ask('Where was the soldier captured?', text)).toMatchObject({ value: 'Ukraine' });
  });
  it('names "the Kursk region" and "Russia’s Kursk region" both Kursk, and not "according to" a source', () => {
    expect(placeMentions('He was captured on December 26 in the Kursk region.').map((m) => m.value)).toEqual(['Kursk']);
    expect(placeMentions('He fought in Russia’s Kursk region, according to Militarnyi.').map((m) => m.value)).toEqual(['Kursk']);
  });

  it('ends a name where its sentence ends, but not at an abbreviation, and leaves a weekday after it out', () => {
    // News answers once stated "America. Milestones" and "Pennsylvania Monday" as places.
    expect(placeMentions('It marked their first year in America. Milestones have mattered since.').map((m) => m.value)).toEqual(['America']);
    expect(placeMentions('She closed the tour in Indianapolis. More shows followed.').map((m) => m.value)).toEqual(['Indianapolis']);
    expect(placeMentions('The gun he had when arrested in Pennsylvania Monday matched.').map((m) => m.value)).toEqual(['Pennsylvania']);
    expect(placeMentions('He lived in St. Louis for years.').map((m) => m.value)).toEqual(['St. Louis']);
    expect(entityMentions('He served in the U.S. Army before the war.').map((m) => m.value)).toEqual(['U.S. Army']);
  });

  it('takes no place for a person or organisation, and no clock time for a figure', () => {
    // "Who captured the soldier?" once stated "Kursk" from "captured on December 26 in the Kursk region".
    expect(entityMentions('He was captured on December 26 in the Kursk region.').map((m) => m.value)).toEqual([]);
    expect(entityMentions('Officials near Kursk said the NIS confirmed it.').map((m) => m.value)).toEqual(['NIS']);
    // "Published: 27 Dec. 2024, 17:32" once gave a casualty count of 32.
    expect(numberMentions('Published: 27 Dec. 2024, 17:32').map((m) => m.value)).not.toEqual(expect.arrayContaining(['32']));
    expect(numberMentions('The match ended 17:32 and 3,000 fans left.').map((m) => m.value)).toEqual(['3000']);
    // A community is described, not named: "Black" once answered "who made history…?".
    expect(entityMentions('Two candidates will become the first Black gay representatives, said Sarah Kate Ellis.').map((m) => m.value)).toEqual(['Sarah Kate Ellis']);
    // The army and the forces of one country are the same claim.
    expect(valuesAgree('entity', { value: 'Ukrainian army', qualifier: null }, { value: 'Ukrainian special operations forces', qualifier: null })).toBe(true);
  });
});

describe('people and organisations', () => {
  it('takes the agent of "won by" or "captured by" as a name, never a margin or a quantity ("by fewer than ninety votes", "by 3%")', () => {
    expect(entityMentions('The city was captured by Ukrainian special operations troops.').map((m) => m.value)).toContain('Ukrainian special operations troops');
    for (const text of ['Bruno Okafor won the election by fewer than ninety votes.', 'Prices rose by 3% in May.', 'She won by a wide margin.', 'It was by far the largest.'])
      expect(entityMentions(text).map((m) => m.value).filter((v) => !/^(?:Bruno Okafor|Prices|She|It|May)$/.test(v)), text).toEqual([]);
  });
});

describe('organisations described rather than named', () => {
  const found = (text: string) => entityMentions(text).map((m) => [m.value, m.quote, m.resolvedFrom]);

  it('reads "the agency" as the organisation the excerpt named before it, without the country that owns it', () => {
    expect(found('The death was reported by South Korea’s National Intelligence Service. The agency cited a friendly country.')).toContainEqual([
      'National Intelligence Service',
      'The agency',
      'South Korea’s National Intelligence Service',
    ]);
  });

  it('reads a description as the organisation named after it when none comes before, by its acronym', () => {
    expect(found('The South Korean spy agency confirmed the death on Friday. "We have confirmed it," said the NIS.')).toContainEqual([
      'NIS',
      'The South Korean spy agency',
      'NIS',
    ]);
  });

  it('leaves a description alone when a name follows it, and never reads a person as an organisation', () => {
    // "The news agency Yonhap" names it; "Zelensky" is no agency.
    expect(found('The South Korean news agency Yonhap confirmed the death.')).toEqual([['Yonhap', 'Yonhap', null]]);
    expect(found('Zelensky spoke first. The agency said nothing.').filter(([, quote]) => quote === 'The agency')).toEqual([]);
  });

  it('counts an organisation named in full and by its acronym as one claim, shown both ways', () => {
    const entity = (value: string): Mention => ({ kind: 'entity', value, label: value, qualifier: null, quote: value, resolvedFrom: null, start: 0, end: 1 });
    const { facts, counts } = groupFacts('entity', [
      { n: 1, documentIds: ['a'], mention: entity('National Intelligence Service') },
      { n: 2, documentIds: ['b'], mention: entity('NIS') },
      { n: 3, documentIds: ['c'], mention: entity('Yonhap') },
    ])!;
    expect(counts).toEqual([2, 1]);
    expect(facts.values.map((v) => [v.value, v.label, v.citations])).toEqual([
      ['NIS', 'National Intelligence Service (NIS)', [1, 2]],
      ['Yonhap', 'Yonhap', [3]],
    ]);
  });
});

describe('casualty counts: the whole and its parts', () => {
  const NIS = 'The NIS estimates over 100 North Korean troops have been killed in Kursk, with another 1,000 wounded.';
  const UPI =
    'Ukrainian President Volodymyr Zelensky put the number killed or wounded at more than 3,000. ' +
    'The estimate from South Korean military brass is much lower — 1,100, of which only 100 were confirmed kills.';
  const claims = (question: string, text: string) => claimsIn(factQuestion(question)!, text, NO_DATES, idf).map((b) => [b.mention.value, b.mention.qualifier, b.mention.label]);

  it('knows which questions ask for the whole count', () => {
    expect(factQuestion('How many soldiers have been killed or wounded?')!.whole).toBe(true);
    expect(factQuestion('How many casualties has the army taken?')!.whole).toBe(true);
    expect(factQuestion('How many soldiers have been killed?')!.whole).toBe(false);
    expect(factQuestion('How many soldiers were wounded?')!.whole).toBe(false);
  });

  it('adds up "over 100 killed, with another 1,000 wounded" for "killed or wounded", showing the parts', () => {
    expect(ask('How many North Korean soldiers have been killed or wounded?', NIS)).toMatchObject({
      value: '1100',
      qualifier: 'more than',
      label: 'over 100 killed and 1,000 wounded',
      quote: 'over 100 North Korean troops have been killed in Kursk, with another 1,000 wounded',
    });
    expect(ask('How many North Korean casualties are there?', NIS)).toMatchObject({ value: '1100', qualifier: 'more than' });
  });

  it('answers "how many were killed" with the dead, never with the wounded beside them', () => {
    // "Wounded" once stood for "killed" (one synonym group for casualties): 1,000 wounded answered "how many killed?".
    const question = factQuestion('How many North Korean soldiers have been killed?')!;
    const rare = (t: string) => (t === 'kill' || t === 'wound' ? 3 : 1);
    expect(factIn(question, NIS, NO_DATES, rare)?.mention).toMatchObject({ value: '100', qualifier: 'more than' });
    expect(factQuestion('How many were killed?')!.event.has('wound')).toBe(false);
    expect([...factQuestion('How many casualties were there?')!.words.find((w) => w.term === 'casualti')!.alike]).toEqual(
      expect.arrayContaining(['kill', 'wound', 'injur']),
    );
  });

  it('reads "1,100, of which only 100 were confirmed kills" as 1,100 for the whole, and the part for "how many killed"', () => {
    const text = 'The estimate from South Korean military brass is much lower — 1,100, of which only 100 were confirmed kills.';
    expect(ask('How many North Korean soldiers have been killed or wounded?', text)).toMatchObject({
      value: '1100',
      qualifier: null,
      label: '1,100, of which only 100 were confirmed kills',
    });
    expect(ask('How many North Korean soldiers have been killed?', text)).toMatchObject({ value: '100' });
  });

  it('takes a competing estimate the next sentence sets against the first as a second claim, and only then', () => {
    expect(claims('How many North Korean soldiers have been killed or wounded?', UPI)).toEqual([
      ['3000', 'more than', 'more than 3,000'],
      ['1100', null, '1,100, of which only 100 were confirmed kills'],
    ]);
    // Without words that set it against the first, a later figure is not a claim of the excerpt's.
    expect(claims('How many North Korean soldiers have been killed or wounded?', UPI.replace('The estimate from South Korean military brass is much lower', 'South Korean military brass count'))).toHaveLength(1);
    // A compatible value is no competing claim.
    expect(claims('How many troops has North Korea sent?', 'North Korea has sent more than 10,000 troops. Other estimates are higher, at 12,000 troops.')).toHaveLength(1);
  });
});

describe('agreement across citations', () => {
  const mention = (value: string, label = value, qualifier: Mention['qualifier'] = null): Mention => ({
    kind: 'number', value, label, qualifier, quote: label, resolvedFrom: null, start: 0, end: 1,
  });
  it('gives one vote per article, counts a merged citation for each of its articles, and leads with the best supported', () => {
    const { facts, counts } = groupFacts('number', [
      { n: 1, documentIds: ['a'], mention: mention('12000', 'approximately 12,000', 'about') },
      { n: 2, documentIds: ['b', 'c'], mention: mention('11000', 'around 11,000', 'about') },
      { n: 3, documentIds: ['a'], mention: mention('11000', 'around 11,000', 'about') },
      { n: 4, documentIds: ['d'], mention: mention('10000', 'more than 10,000', 'more than') },
    ])!;
    // Citation 2 is merged from articles b and c: its value has two votes; article a's second citation adds none.
    expect(counts).toEqual([2, 1, 1]);
    // 11,000 has two articles; "more than 10,000" is compatible with more of the others than 12,000 is.
    expect(facts.values.map((v) => [v.value, v.citations])).toEqual([
      ['11000', [2]],
      ['10000', [4]],
      ['12000', [1]],
    ]);
    expect(facts.agree).toBe(false);
  });
  it('counts an article that reports two estimates for both, once among the sources, and says it "also" gives the other', () => {
    const grouped = groupFacts('number', [
      { n: 1, documentIds: ['upi'], mention: mention('3000', 'more than 3,000', 'more than'), score: 3 },
      { n: 1, documentIds: ['upi'], mention: mention('1100', '1,100, of which only 100 were confirmed kills'), score: 2, further: true },
      { n: 2, documentIds: ['joongang'], mention: mention('3000', 'more than 3,000', 'more than'), score: 3 },
    ])!;
    expect(grouped.counts).toEqual([2, 1]);
    expect(grouped.sources).toBe(2);
    expect(grouped.facts.agree).toBe(false);
    expect(stateFacts(grouped.facts, grouped.counts, grouped.sources)).toEqual({
      fact: 'More than 3,000, according to all 2 cited sources that give a figure [1][2].',
      disagreement: 'Sources disagree: One source [1] also says 1,100, of which only 100 were confirmed kills.',
    });
  });
  it('says "also" only of a source already heard, when one source gives both conflicting values', () => {
    // The casualty question with two citations: NIS's parts lead, and UPI gives both Zelensky's figure and the military's.
    const grouped = groupFacts('number', [
      { n: 1, documentIds: ['nis'], mention: mention('1100', 'over 100 killed and 1,000 wounded', 'more than'), score: 4 },
      { n: 2, documentIds: ['upi'], mention: mention('3000', 'more than 3,000', 'more than'), score: 3 },
      { n: 2, documentIds: ['upi'], mention: mention('1100', '1,100, of which only 100 were confirmed kills'), score: 2, further: true },
    ])!;
    expect(stateFacts(grouped.facts, grouped.counts, grouped.sources).disagreement).toBe(
      'Sources disagree: One source [2] says more than 3,000; one source [2] also says 1,100, of which only 100 were confirmed kills.',
    );
  });

  it('agrees when every value is compatible, and still lists each estimate with its sources', () => {
    const { facts } = groupFacts('number', [
      { n: 1, documentIds: ['a'], mention: mention('11000', 'more than 11,000', 'more than') },
      { n: 2, documentIds: ['b'], mention: mention('12000', 'approximately 12,000', 'about') },
    ])!;
    expect(facts.agree).toBe(true);
    expect(facts.values).toHaveLength(2);
  });
});

describe('reading dates only where they can be', () => {
  it('skips only sentences in which chrono finds no date at all', () => {
    const texts = [
      'He died on Friday.',
      'He was captured on Dec. 26 near the border.',
      'He was captured on December 26 and succumbed to his wounds three days later.',
      'Fighting began earlier this month.',
      'The unit arrived this past June.',
      'The bridge opened in 1851.',
      'Interest returned in the 1990s.',
      'The report came out last week.',
      'Officials spoke yesterday, and again this morning.',
      'The ceasefire began on the 26th.',
      'The vote is set for 12/26.',
      'Two weeks ago the talks collapsed.',
      'The soldiers fought bravely for their unit.',
    ];
    for (const text of texts) {
      const found = chrono.parse(text, { instant: new Date(Date.UTC(2024, 11, 27, 12)), timezone: 0 }).length > 0;
      if (found) expect(MAY_HOLD_DATE.test(text), text).toBe(true);
    }
    expect(dateMentions('He died on Friday.', articleDates('2024-12-27', ''))).toMatchObject([{ value: '2024-12-27' }]);
    expect(MAY_HOLD_DATE.test('The soldiers fought bravely for their unit.')).toBe(false);
  });
});

describe('bad input never crashes and never states a wrong fact with confidence', () => {
  it('does not answer a question with its own date or number', () => {
    expect(factQuestion('What happened on 26 Dec?')).toBeNull();
    expect(ask('When did he die after his capture on Dec. 26?', 'The soldier was captured on Dec. 26.')).toBeNull();
    expect(ask('How many died? Were 3,000 killed?', 'More than 3,000 were killed or wounded.')).toBeNull();
    // The same passages do answer when the question does not state the value itself.
    expect(ask('When was the soldier captured?', 'The soldier was captured on Dec. 26.')).toMatchObject({ value: '--12-26' });
    expect(ask('How many were killed?', 'More than 3,000 were killed or wounded.')).toMatchObject({ value: '3000', qualifier: 'more than' });
  });
  it('picks the figure tied to the question among five numbers in one sentence', () => {
    const text = 'Of 1,200 recruits, 300 deserted, 45 were wounded, 12 were captured and 4 died in 2023.';
    expect(ask('How many recruits were captured?', text)).toMatchObject({ value: '12' });
  });
  it('survives huge numbers and non-English text', () => {
    expect(numberMentions('There were 99999999999999999999999999 grains and 10^400 stars.')[0]?.value).toBe('99999999999999999999999999');
    expect(() => ask('When did it happen?', 'Он умер в пятницу. 彼は金曜日に死んだ。')).not.toThrow();
    expect(ask('When did it happen?', 'Он умер в пятницу. 彼は金曜日に死んだ。')).toBeNull();
    // An English date beside them is still read.
    expect(ask('When did he die?', 'Он умер в пятницу. He died on Dec. 27.')).toMatchObject({ value: '--12-27' });
    expect(() => ask('How many?', '١٢٣ جنديا')).not.toThrow();
  });
});
