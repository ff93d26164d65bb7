import { z } from 'zod';

/**
 * The relevance gate's dense threshold as measured on this index: the best
 * dense score each of a fixed set of off-topic questions reaches against the
 * collection, and the threshold that only `share` of them reach.
 */
export const gateCalibrationSchema = z.object({
  /** How many off-topic questions were scored, and a hash of their text. */
  questions: z.number().int().nonnegative(),
  questionSet: z.string(),
  /** Largest share of off-topic questions allowed to reach the threshold (0.01: at most 1%). */
  share: z.number().min(0).max(1),
  /** Passages at least this similar to a question pass the gate by meaning. */
  denseThreshold: z.number(),
  /** Distribution of the off-topic questions' best dense scores. */
  offTopic: z.object({ median: z.number(), p90: z.number(), p99: z.number(), max: z.number() }),
});
/** What {@link gateCalibrationSchema} describes. */
export type GateCalibration = z.infer<typeof gateCalibrationSchema>;

export const manifestSchema = z.object({
  formatVersion: z.literal(1),
  builtAt: z.string(),
  model: z.object({ id: z.string(), dimensions: z.number().int().positive() }),
  chunker: z.object({ version: z.number().int(), maxTokens: z.number().int(), overlapSentences: z.number().int() }),
  documents: z.number().int(),
  chunks: z.number().int(),
  /** Size and sha256 of every data file, checked on load to catch truncation or corruption. */
  files: z.record(z.object({ bytes: z.number().int(), sha256: z.string() })),
  /** Absent in versions built before the gate was calibrated; they use the fixed default. */
  calibration: gateCalibrationSchema.optional(),
});
/** What an index version was built with and what it holds. */
export type Manifest = z.infer<typeof manifestSchema>;
