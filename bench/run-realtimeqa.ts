import path from 'node:path';
import type { EngineConfig } from '../src/config.ts';
import { Engine } from '../src/engine.ts';
import type { RetrievalMode } from '../src/search/passage-index.ts';
import { appearsIn, normaliseQuizText, readRealtimeqa, writeRealtimeqaArticles, type RealtimeqaQuestion } from './realtimeqa.ts';
import { sample, seededRandom } from './seeded-random.ts';

/** Cited excerpts counted as "the top 3". */
const TOP = 3;
const MODES: readonly RetrievalMode[] = ['keyword', 'dense', 'hybrid'];

/** Shares (0..1) for one retrieval mode. */
export interface RealtimeqaScores {
  /** Answerable questions whose right choice is in the lead (first cited) excerpt. */
  lead: number;
  /** Answerable questions whose right choice is in one of the first three cited excerpts. */
  top3: number;
  /** Proper-name-unanswerable questions refused. */
  refused: number;
  /** All questions answered (not refused). */
  answered: number;
}

/** The JSON: counts, the default (hybrid) mode's shares at the top level, every mode under `modes`. */
export type RealtimeqaReport = {
  folder: string;
  articles: number;
  chunks: number;
  questions: number;
  of_questions: number;
  answerable: number;
  unanswerable: number;
  /** Questions answered although the right choice is a proper name in no article: what a user would have been told. */
  unanswerable_answered: { id: string; question: string; lead: string }[];
  modes: Record<RetrievalMode, RealtimeqaScores>;
  /** Hybrid, asked as of today instead of the quiz's date: what using the question's date buys. */
  without_question_dates: RealtimeqaScores;
} & RealtimeqaScores;

export interface RealtimeqaSettings {
  config: EngineConfig;
  folder: string;
  /**
   * Ask at most this many questions: a seeded sample that keeps every
   * unanswerable one (the refusals are the point), over a collection of the
   * sampled questions' own search results only (the quick run). Undefined:
   * every question, over every article.
   */
  maxQuestions?: number;
  /** Scratch folder for the articles and the index. */
  scratch: string;
  onProgress?: (event: { phase: 'index' } | { phase: 'ask'; done: number; total: number }) => void;
}

/**
 * The seeded sample: every proper-name-unanswerable question, then two
 * answerable questions for each other one, up to `max` (lead and top-3 are
 * measured on the answerable ones).
 */
function pickQuestions(questions: readonly RealtimeqaQuestion[], max: number | undefined): RealtimeqaQuestion[] {
  if (max === undefined || max >= questions.length) return [...questions];
  const refusals = questions.filter((q) => q.unanswerable);
  const room = Math.max(0, max - refusals.length);
  const random = seededRandom(11);
  const answerable = sample(questions.filter((q) => q.answerable), Math.ceil((room * 2) / 3), random);
  const others = sample(questions.filter((q) => !q.answerable && !q.unanswerable), room - answerable.length, random);
  const chosen = new Set([...refusals, ...answerable, ...others]);
  return questions.filter((q) => chosen.has(q));
}

/**
 * Indexes every article of the folder as one collection (whatever its date)
 * and asks every question as a user would, on the day the quiz was published.
 */
export async function runRealtimeqa(settings: RealtimeqaSettings): Promise<RealtimeqaReport> {
  const set = await readRealtimeqa(settings.folder);
  const questions = pickQuestions(set.questions, settings.maxQuestions);
  const wanted = new Set(questions.flatMap((q) => q.urls));
  const articles = questions.length === set.questions.length ? set.articles : set.articles.filter((a) => wanted.has(a.url));
  const articlesDir = path.join(settings.scratch, 'articles');
  await writeRealtimeqaArticles(articles, articlesDir);
  settings.onProgress?.({ phase: 'index' });
  const engine = await Engine.open(
    { ...settings.config, articlesDir, indexDir: path.join(settings.scratch, 'index') },
    { bulkEmbedding: 'inline' },
  );
  try {
    type Run = RetrievalMode | 'undated';
    const runs: readonly Run[] = [...MODES, 'undated'];
    const counts = Object.fromEntries(runs.map((m) => [m, { lead: 0, top3: 0, refused: 0, answered: 0 }])) as Record<Run, RealtimeqaScores>;
    const unanswerableAnswered: RealtimeqaReport['unanswerable_answered'] = [];
    for (const [i, q] of questions.entries()) {
      const gold = normaliseQuizText(q.answer);
      for (const run of runs) {
        // The quiz's own date, as a user asking that day; 'undated' asks as of today (every article is older).
        const answer = await engine.ask(q.question, run === 'undated' ? {} : { mode: run, asOf: q.date });
        const excerpts = answer.citations.map((c) => normaliseQuizText(c.excerpt));
        const c = counts[run];
        if (answer.answered) c.answered++;
        if (q.answerable && excerpts[0] !== undefined && appearsIn(excerpts[0], gold)) c.lead++;
        if (q.answerable && excerpts.slice(0, TOP).some((e) => appearsIn(e, gold))) c.top3++;
        if (q.unanswerable && !answer.answered) c.refused++;
        if (q.unanswerable && answer.answered && run === 'hybrid') unanswerableAnswered.push({ id: q.id, question: q.question, lead: answer.citations[0]!.excerpt });
      }
      if ((i + 1) % 25 === 0 || i + 1 === questions.length) settings.onProgress?.({ phase: 'ask', done: i + 1, total: questions.length });
    }
    const answerable = questions.filter((q) => q.answerable).length;
    const unanswerable = questions.filter((q) => q.unanswerable).length;
    const share = (n: number, of: number) => Math.round((n / Math.max(1, of)) * 1000) / 1000;
    const shares = (c: RealtimeqaScores): RealtimeqaScores => ({
      lead: share(c.lead, answerable),
      top3: share(c.top3, answerable),
      refused: share(c.refused, unanswerable),
      answered: share(c.answered, questions.length),
    });
    const modes = Object.fromEntries(MODES.map((m) => [m, shares(counts[m])])) as Record<RetrievalMode, RealtimeqaScores>;
    return {
      folder: settings.folder,
      articles: articles.length,
      chunks: engine.sources().chunks,
      questions: questions.length,
      of_questions: set.questions.length,
      answerable,
      unanswerable,
      ...modes.hybrid,
      unanswerable_answered: unanswerableAnswered,
      modes,
      without_question_dates: shares(counts.undated),
    };
  } finally {
    await engine.close();
  }
}
