import { z } from 'zod';

export const manifestSchema = z.object({
  formatVersion: z.literal(1),
  builtAt: z.string(),
  model: z.object({ id: z.string(), dimensions: z.number().int().positive() }),
  chunker: z.object({ version: z.number().int(), maxTokens: z.number().int(), overlapSentences: z.number().int() }),
  documents: z.number().int(),
  chunks: z.number().int(),
  /** Size and sha256 of every data file, checked on load to catch truncation or corruption. */
  files: z.record(z.object({ bytes: z.number().int(), sha256: z.string() })),
});
/** What an index version was built with and what it holds. */
export type Manifest = z.infer<typeof manifestSchema>;
