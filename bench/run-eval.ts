import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { EngineConfig } from '../src/config.ts';
import { Engine } from '../src/engine.ts';
import type { ChunkRecord } from '../src/records/index.ts';
import type { IndexStore } from '../src/store/index-store.ts';
import type { RetrievalMode } from '../src/search/passage-index.ts';
import type { FactKind } from '../src/answer/facts/types.ts';
import { containsAnswer } from './answer-match.ts';
import { scoreConversations, type ConversationScores } from './conversations.ts';
import type { SampleFactQuestion } from './sample-questions.ts';
import type { ParaphraseQuestion } from './paraphrase-questions.ts';
import { runRealtimeqa, type RealtimeqaReport } from './run-realtimeqa.ts';
import type { DenseGate } from '../src/indexing/dense-gate.ts';
import { isTypedSubset, valueMatches, xquadFactKind } from './fact-match.ts';
import { describeMachine, type MachineInfo } from './machine.ts';
import { sample, seededRandom } from './seeded-random.ts';
import { readXquad, writeXquadArticles, xquadFile, type XquadQuestion } from './xquad.ts';

export const MODES: readonly RetrievalMode[] = ['keyword', 'dense', 'hybrid'];
const FACT_KINDS: readonly FactKind[] = ['date', 'number', 'place', 'entity'];
/** Cited excerpts and retrieved chunks counted per question. */
const TOP = 3;

/** A question about the sample articles and the fact a correct answer quotes (bench/sample-questions.ts). */
export interface FactQuestion {
  question: string;
  fact: RegExp;
}

export interface EvalSettings {
  /** Engine settings; the articles and index folders are replaced by temporary ones. */
  config: EngineConfig;
  /** Folder holding `xquad/xquad.en.json`. */
  datasetsDir: string;
  /** Ask at most this many XQuAD questions (a seeded sample); all when undefined. */
  maxQuestions?: number;
  /** The sample articles folder and the questions about it. */
  samples: {
    articlesDir: string;
    questions: readonly FactQuestion[];
    offTopic: readonly string[];
    facts: readonly SampleFactQuestion[];
    /** Questions in words the articles do not use (bench/paraphrase-questions.ts). */
    paraphrases: readonly ParaphraseQuestion[];
  };
  generatedModel: boolean;
  /** The news-quiz set (`--realtimeqa`): its folder, and at most this many questions (the quick run). */
  realtimeqa?: { folder: string; maxQuestions?: number };
  /**
   * Keeps each corpus's index in this store (`--store postgres`: a collection
   * per corpus in a PostgreSQL schema of the run's own) instead of files in
   * the temporary folder; the engine closes the store it is given here.
   */
  openStore?: (corpus: 'xquad' | 'samples') => IndexStore;
  /** What the model is, for the report's per-model rows ("lexical test model", "word-vector model", a folder name). */
  label?: string;
  onProgress?: (event: EvalProgress) => void;
}

export type EvalProgress =
  | { phase: 'index'; corpus: 'xquad' | 'samples' | 'realtimeqa' }
  | { phase: 'ask'; corpus: 'xquad' | 'samples' | 'realtimeqa'; done: number; total: number };

/** Shares (0..1) of questions whose gold answer text is found. */
export interface ModeScores {
  /** In the first cited excerpt. */
  top1: number;
  /** In any of the first three cited excerpts. */
  top3: number;
  /** In any of the three best retrieved chunks (before excerpt choice and the relevance gate). */
  chunks_top3: number;
  /** Questions answered at all (not refused by the relevance gate). */
  answered: number;
}

/** First stated value against the gold answer, for one kind of XQuAD question. */
export interface FactScores {
  questions: number;
  first_value_match: number;
}

export interface EvalReport {
  model: string;
  label: string;
  /** The relevance gate's dense threshold on each collection (calibrated at index time unless MIN_DENSE_SCORE is set). */
  gate: { xquad: DenseGate | null; samples: DenseGate | null };
  generated_model: boolean;
  machine: MachineInfo;
  date: string;
  xquad:
    | ({
        file: string;
        paragraphs: number;
        questions: number;
        of_questions: number;
        chunks: number;
        /** The typed subset (when / what or which year / how many / how much): share whose first stated value is the gold answer. */
        facts: FactScores & { by_kind: Record<FactKind, FactScores> };
      } & Record<RetrievalMode, ModeScores>)
    | { skipped: string };
  samples: {
    answered: number;
    total: number;
    off_topic_refused: number;
    off_topic_total: number;
    /** XQuAD questions (all off topic here) that the sample articles wrongly "answered": the gate's false-answer rate. */
    xquad_off_topic_answered: number;
    xquad_off_topic_total: number;
    misses: string[];
    /** Paraphrased questions answered with the expected evidence in one of the first three citations. */
    paraphrases: {
      answered_with_evidence: number;
      /** ...or in the passages those three excerpts were quoted from (retrieval found it; excerpt choice quoted another sentence). */
      evidence_in_cited_passages: number;
      answered: number;
      total: number;
      misses: string[];
    };
    /** Fact questions: the stated lead value and agreement against what the articles say. */
    facts: {
      question: string;
      kind: string;
      expected: { lead: string; also: string[]; agree: boolean | null };
      stated: { kind: string | null; lead: string | null; values: string[]; agree: boolean | null };
      ok: boolean;
    }[];
    facts_ok: number;
  };
  /** Follow-up conversations over the sample articles, asked with and without the earlier turns (bench/conversations.ts). */
  conversations: ConversationScores;
  /** The news-quiz set over its ~1,400 articles, when `--realtimeqa` names it; null otherwise. */
  realtimeqa: RealtimeqaReport | null;
  notes: string[];
  duration_s: number;
}

/** Opens an engine over `articlesDir` with a fresh index (built now) in a temporary folder, or in the store `openStore` makes. */
async function openEngine(config: EngineConfig, articlesDir: string, scratch: string, openStore?: () => IndexStore): Promise<Engine> {
  return Engine.open({ ...config, articlesDir, indexDir: path.join(scratch, 'index') }, { bulkEmbedding: 'inline', ...(openStore ? { openStore } : {}) });
}

async function scoreXquad(engine: Engine, questions: readonly XquadQuestion[], onProgress?: (done: number) => void) {
  const hits = Object.fromEntries(MODES.map((m) => [m, { top1: 0, top3: 0, chunks_top3: 0, answered: 0 }])) as Record<RetrievalMode, ModeScores>;
  for (const [i, q] of questions.entries()) {
    const [vector] = await engine.model.embedder.embed([q.question]);
    for (const mode of MODES) {
      const answer = await engine.ask(q.question, { mode, topK: TOP });
      const excerpts = answer.citations.map((c) => c.excerpt);
      const h = hits[mode];
      if (answer.answered) h.answered++;
      if (excerpts[0] !== undefined && containsAnswer(excerpts[0], q.answer)) h.top1++;
      if (excerpts.slice(0, TOP).some((e) => containsAnswer(e, q.answer))) h.top3++;
      const retrieved = await engine.index!.passages.retrieve({ text: q.question, vector: vector ?? null, topK: TOP, mode });
      const chunks = retrieved.map((hit) => hit.chunk.text);
      if (chunks.some((text) => containsAnswer(text, q.answer))) h.chunks_top3++;
    }
    if ((i + 1) % 50 === 0 || i + 1 === questions.length) onProgress?.(i + 1);
  }
  const share = (n: number, of = questions.length) => Math.round((n / Math.max(1, of)) * 1000) / 1000;
  for (const mode of MODES) {
    const h = hits[mode];
    hits[mode] = { top1: share(h.top1), top3: share(h.top3), chunks_top3: share(h.chunks_top3), answered: share(h.answered) };
  }
  return hits;
}

/**
 * Typed XQuAD questions asked as a user would (hybrid, the default number of
 * citations): share whose first stated value matches the gold answer. A
 * refusal or an answer without a stated value is a miss.
 */
async function scoreFacts(engine: Engine, questions: readonly XquadQuestion[]) {
  const counts = Object.fromEntries(FACT_KINDS.map((k) => [k, { questions: 0, hits: 0 }])) as Record<FactKind, { questions: number; hits: number }>;
  for (const q of questions) {
    const kind = xquadFactKind(q.question);
    if (!kind) continue;
    counts[kind].questions++;
    const first = (await engine.ask(q.question)).facts?.values[0];
    if (first && valueMatches(first, q.answer)) counts[kind].hits++;
  }
  const share = (n: number, of: number) => Math.round((n / Math.max(1, of)) * 1000) / 1000;
  const typed = FACT_KINDS.filter(isTypedSubset);
  const asked = typed.reduce((sum, k) => sum + counts[k].questions, 0);
  const hits = typed.reduce((sum, k) => sum + counts[k].hits, 0);
  return {
    questions: asked,
    first_value_match: share(hits, asked),
    by_kind: Object.fromEntries(FACT_KINDS.map((k) => [k, { questions: counts[k].questions, first_value_match: share(counts[k].hits, counts[k].questions) }])) as Record<
      FactKind,
      FactScores
    >,
  };
}

/**
 * Answer quality on data nobody here wrote (XQuAD: 240 Wikipedia paragraphs,
 * 1,190 questions) for keyword-only, dense-only and hybrid retrieval, plus
 * the sample-article questions of the test suite, through `Engine.ask`.
 */
export async function runEval(settings: EvalSettings): Promise<EvalReport> {
  const started = performance.now();
  const machine = describeMachine();
  const progress = settings.onProgress;
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'article-bot-eval-'));
  const notes: string[] = [];
  let model = '';
  const gate: EvalReport['gate'] = { xquad: null, samples: null };
  try {
    let xquad: EvalReport['xquad'];
    let xquadQuestions: readonly XquadQuestion[] = [];
    const set = await readXquad(settings.datasetsDir);
    if (!set) {
      xquad = { skipped: `${xquadFile(settings.datasetsDir)} not found` };
    } else {
      const articlesDir = path.join(scratch, 'xquad-articles');
      await writeXquadArticles(set, articlesDir);
      progress?.({ phase: 'index', corpus: 'xquad' });
      const engine = await openEngine(settings.config, articlesDir, path.join(scratch, 'xquad'), settings.openStore && (() => settings.openStore!('xquad')));
      try {
        model = engine.model.embedder.modelId;
        gate.xquad = engine.sources().gate;
        const questions =
          settings.maxQuestions !== undefined && settings.maxQuestions < set.questions.length
            ? sample(set.questions, settings.maxQuestions, seededRandom(5))
            : set.questions;
        xquadQuestions = questions;
        const scores = await scoreXquad(engine, questions, (done) => progress?.({ phase: 'ask', corpus: 'xquad', done, total: questions.length }));
        const facts = await scoreFacts(engine, questions);
        xquad = {
          file: set.file,
          paragraphs: set.paragraphs.length,
          questions: questions.length,
          of_questions: set.questions.length,
          chunks: engine.sources().chunks,
          ...scores,
          facts,
        };
      } finally {
        await engine.close();
      }
    }

    const realtimeqa = settings.realtimeqa
      ? await runRealtimeqa({
          config: settings.config,
          folder: settings.realtimeqa.folder,
          maxQuestions: settings.realtimeqa.maxQuestions,
          scratch: path.join(scratch, 'realtimeqa'),
          onProgress: (event) => progress?.({ ...event, corpus: 'realtimeqa' }),
        })
      : null;

    progress?.({ phase: 'index', corpus: 'samples' });
    const engine = await openEngine(settings.config, settings.samples.articlesDir, path.join(scratch, 'samples'), settings.openStore && (() => settings.openStore!('samples')));
    const misses: string[] = [];
    const factResults: EvalReport['samples']['facts'] = [];
    let answered = 0;
    let refused = 0;
    let offTopicAnswered = 0;
    let conversations: ConversationScores;
    const paraphrases: EvalReport['samples']['paraphrases'] = {
      answered_with_evidence: 0,
      evidence_in_cited_passages: 0,
      answered: 0,
      total: settings.samples.paraphrases.length,
      misses: [],
    };
    try {
      model = engine.model.embedder.modelId;
      gate.samples = engine.sources().gate;
      for (const q of settings.samples.paraphrases) {
        const answer = await engine.ask(q.question);
        if (answer.answered) paraphrases.answered++;
        const cited = answer.citations.slice(0, TOP);
        if (cited.some((c) => q.evidence.test(c.excerpt.replace(/\s+/g, ' ')))) paraphrases.answered_with_evidence++;
        else paraphrases.misses.push(q.question);
        const passages: ChunkRecord[] = [];
        for (const c of cited) passages.push(...(await engine.index!.passages.passagesOf(c.documentId)).filter((k) => k.start <= c.start && c.end <= k.end));
        if (passages.some((k) => q.evidence.test(k.text.replace(/\s+/g, ' ')))) paraphrases.evidence_in_cited_passages++;
      }
      for (const q of settings.samples.questions) {
        const answer = await engine.ask(q.question);
        if (answer.citations.some((c) => q.fact.test(c.excerpt))) answered++;
        else misses.push(q.question);
      }
      conversations = await scoreConversations(engine);
      for (const question of settings.samples.offTopic) {
        const answer = await engine.ask(question);
        if (!answer.answered) refused++;
        else misses.push(`${question} (off topic, not refused)`);
      }
      for (const q of settings.samples.facts) {
        const facts = (await engine.ask(q.question)).facts;
        const values = facts?.values.map((v) => v.value) ?? [];
        // A day without its year ("--12-26") states the expected day when the year is all that is missing.
        const same = (stated: string | undefined, expected: string) => stated === expected || (stated?.startsWith('--') === true && expected.endsWith(stated.slice(1)));
        const ok =
          facts?.kind === q.kind &&
          same(values[0], q.lead) &&
          q.also.every((v) => values.some((s) => same(s, v))) &&
          (q.agree === null || facts.agree === q.agree);
        factResults.push({
          question: q.question,
          kind: q.kind,
          expected: { lead: q.lead, also: q.also, agree: q.agree },
          stated: { kind: facts?.kind ?? null, lead: values[0] ?? null, values, agree: facts?.agree ?? null },
          ok,
        });
        if (!ok) misses.push(`${q.question} (fact: expected ${q.lead}${q.agree === false ? ', sources disagreeing' : ''}; stated ${values.join(', ') || 'none'}${facts && !facts.agree ? ', sources disagreeing' : ''})`);
      }
      progress?.({ phase: 'ask', corpus: 'samples', done: settings.samples.questions.length, total: settings.samples.questions.length });
      // Calibration of the relevance gate: XQuAD's Wikipedia questions are all off topic for the sample articles.
      for (const q of xquadQuestions) if ((await engine.ask(q.question)).answered) offTopicAnswered++;
    } finally {
      await engine.close();
    }

    if (settings.generatedModel) {
      notes.push(
        'The model is the generated bag-of-words test model: its "dense" vectors are IDF-weighted word counts, so dense retrieval is lexical here, ' +
          'not semantic, and dense vs keyword says little about a real model. Run again with EMBEDDING_MODEL set to a real model folder for that.',
      );
    }
    notes.push(
      `A hit: the gold answer text (SQuAD-normalised: lower case, no punctuation or articles) appears as whole words in the first cited excerpt (top1), in one of the first ${TOP} (top3), ` +
        `or in one of the ${TOP} best retrieved chunks (chunks_top3). A refusal counts as a miss. Sample articles: answered = a cited excerpt states the expected fact.`,
    );
    return {
      model,
      label: settings.label ?? model,
      gate,
      generated_model: settings.generatedModel,
      machine,
      date: new Date().toISOString(),
      xquad,
      samples: {
        answered,
        total: settings.samples.questions.length,
        off_topic_refused: refused,
        off_topic_total: settings.samples.offTopic.length,
        xquad_off_topic_answered: offTopicAnswered,
        xquad_off_topic_total: xquadQuestions.length,
        misses,
        paraphrases,
        facts: factResults,
        facts_ok: factResults.filter((f) => f.ok).length,
      },
      conversations,
      realtimeqa,
      notes,
      duration_s: Math.round((performance.now() - started) / 100) / 10,
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
