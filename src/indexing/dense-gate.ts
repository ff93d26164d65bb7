import { UNCALIBRATED_MIN_DENSE_SCORE } from '../config.ts';
import type { GateCalibration } from '../records/index.ts';

/** The relevance gate's dense threshold in force, and why. */
export interface DenseGate {
  minDenseScore: number;
  /** 'calibrated' for this model and collection at index time, 'MIN_DENSE_SCORE' when set, 'uncalibrated' for an older index. */
  source: 'calibrated' | 'MIN_DENSE_SCORE' | 'uncalibrated';
  calibration: GateCalibration | null;
}

/** The dense threshold: MIN_DENSE_SCORE when set, else the index's calibrated value, else the old fixed default. */
export function denseGate(override: number | undefined, calibration: GateCalibration | undefined): DenseGate {
  if (override !== undefined) return { minDenseScore: override, source: 'MIN_DENSE_SCORE', calibration: calibration ?? null };
  if (calibration) return { minDenseScore: calibration.denseThreshold, source: 'calibrated', calibration };
  return { minDenseScore: UNCALIBRATED_MIN_DENSE_SCORE, source: 'uncalibrated', calibration: null };
}

/** The threshold and where it comes from, in one line (`npm run sources`, `/sources`, `npm run eval`). */
export function describeDenseGate(gate: DenseGate): string {
  const score = gate.minDenseScore.toFixed(2);
  if (gate.source === 'MIN_DENSE_SCORE') return `Relevance gate: dense score ≥ ${score} (set by MIN_DENSE_SCORE)`;
  if (gate.source === 'uncalibrated') return `Relevance gate: dense score ≥ ${score} (default; reindex to calibrate it for this model)`;
  const c = gate.calibration!;
  const reach = Math.floor(c.share * c.questions);
  return `Relevance gate: dense score ≥ ${score} (calibrated for this model: ${reach === 0 ? 'none' : reach} of ${c.questions} off-topic questions reach it)`;
}
