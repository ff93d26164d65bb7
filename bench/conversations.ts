/**
 * Follow-up conversations over the sample articles (five reports of one
 * event: a North Korean soldier captured by Ukraine who died), for
 * `npm run eval`: every turn has the evidence its answer must cite, and each
 * follow-up is asked twice, with the earlier turns as context
 * (`Engine.ask(question, { previous })`) and alone, so the table shows what
 * reading a follow-up with the conversation buys. Written before measuring
 * and not tuned on: some follow-ups are meant to stand on their own (a new
 * subject), and some are expected to fail.
 */
import type { Engine } from '../src/engine.ts';

/** One question of a conversation and a string (case-insensitive) one of its cited excerpts must contain. */
export interface ConversationTurn {
  question: string;
  evidence: string;
}

export const CONVERSATIONS: readonly (readonly ConversationTurn[])[] = [
  [
    { question: 'When did the captured North Korean soldier die?', evidence: 'died' },
    { question: 'And where was he captured?', evidence: 'Kursk' },
    { question: 'Who captured him?', evidence: 'special operations' },
  ],
  [
    { question: 'How many North Korean troops were sent to Russia?', evidence: '11,000' },
    { question: 'What about the casualties?', evidence: '3,000' },
  ],
  [
    { question: 'Which agency confirmed the death of the soldier?', evidence: 'National Intelligence Service' },
    { question: 'How did it confirm it?', evidence: 'intelligence' },
  ],
  [
    { question: 'Where were photos of the captured soldier circulated?', evidence: 'Telegram' },
    { question: 'Who posted them?', evidence: 'special operations' },
  ],
  [
    { question: 'What did Zelensky say about the faces of dead North Korean soldiers?', evidence: 'burn' },
    { question: 'When did he say it?', evidence: 'December 16' },
  ],
  [
    { question: 'How many North Korean soldiers were killed or wounded according to Zelensky?', evidence: '3,000' },
    { question: 'And according to the NIS?', evidence: '1,000 wounded' },
  ],
  [
    { question: 'What happened in the friendly-fire incident?', evidence: 'Chechen' },
    { question: 'When was it?', evidence: 'December 14' },
  ],
  [
    { question: 'Why are North Korean troops vulnerable in Kursk?', evidence: 'drone' },
    { question: 'What did the NIS say about them?', evidence: 'consumed' },
  ],
  [
    { question: 'What did John Kirby say about North Korean soldiers?', evidence: 'Kirby' },
    { question: 'What did he say about surrendering?', evidence: 'their own lives' },
  ],
  [
    { question: 'What did Ukrainian forces recover from a North Korean soldier?', evidence: 'notebook' },
    { question: 'What else did they find?', evidence: 'birthday' },
  ],
  [
    { question: 'How were the North Korean troops disguised?', evidence: 'Yakuts' },
    { question: 'What identity cards were they given?', evidence: 'fake' },
  ],
  [
    { question: 'Who is Yang Uk?', evidence: 'Asan Institute' },
    { question: 'What did he tell the BBC?', evidence: 'exchange' },
  ],
  [
    { question: 'When was the soldier captured?', evidence: '26' },
    { question: 'Was he already wounded?', evidence: 'wounded' },
    { question: 'When did he die?', evidence: 'died' },
  ],
  [
    { question: 'Who leads North Korea?', evidence: 'Kim Jong Un' },
    { question: 'How many soldiers did he dispatch?', evidence: '10,000' },
  ],
  [
    { question: 'What did South Korean President Yoon Suk Yeol acknowledge?', evidence: 'military support' },
    { question: 'What did Vladimir Putin assure his North Korean counterpart?', evidence: 'collaboration' },
  ],
  [
    { question: 'What defense pact did Moscow and Pyongyang sign?', evidence: 'pact' },
    { question: 'When was it signed?', evidence: 'June' },
  ],
  [
    { question: 'What did the South Korean military estimate for North Korean casualties?', evidence: '1,100' },
    { question: 'How many of those were confirmed kills?', evidence: '100 were confirmed' },
    { question: 'And what did Zelensky say?', evidence: '3,000' },
  ],
];

/** Follow-ups answered with their evidence, asked with the conversation and alone. */
export interface ConversationScores {
  conversations: number;
  /** First questions (no context either way) whose answer cites the evidence. */
  first_turns: { with_evidence: number; total: number };
  /** Second and third turns. */
  follow_ups: {
    total: number;
    with_context: number;
    without_context: number;
    /** Follow-ups the engine read with the earlier question (its notice said so). */
    read_with_context: number;
  };
  /** Follow-ups missed with context: `question (after "earlier")`. */
  misses: string[];
}

const cites = (answer: { citations: readonly { excerpt: string }[] }, evidence: string) =>
  answer.citations.some((c) => c.excerpt.replace(/\s+/g, ' ').toLowerCase().includes(evidence.toLowerCase()));

/** Asks every conversation turn by turn (follow-ups twice: with the earlier turns and alone) and counts the evidence found. */
export async function scoreConversations(engine: Engine, conversations = CONVERSATIONS): Promise<ConversationScores> {
  const scores: ConversationScores = {
    conversations: conversations.length,
    first_turns: { with_evidence: 0, total: 0 },
    follow_ups: { total: 0, with_context: 0, without_context: 0, read_with_context: 0 },
    misses: [],
  };
  for (const turns of conversations) {
    const previous: string[] = [];
    for (const turn of turns) {
      if (previous.length === 0) {
        scores.first_turns.total++;
        if (cites(await engine.ask(turn.question), turn.evidence)) scores.first_turns.with_evidence++;
      } else {
        scores.follow_ups.total++;
        const withContext = await engine.ask(turn.question, { previous });
        if (withContext.notice?.startsWith('Read with the earlier question')) scores.follow_ups.read_with_context++;
        if (cites(withContext, turn.evidence)) scores.follow_ups.with_context++;
        else scores.misses.push(`${turn.question} (after "${previous.at(-1)}")`);
        if (cites(await engine.ask(turn.question), turn.evidence)) scores.follow_ups.without_context++;
      }
      previous.push(turn.question);
    }
  }
  return scores;
}
