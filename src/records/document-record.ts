import { z } from 'zod';

export const documentRecordSchema = z.object({
  id: z.string(),
  title: z.string(),
  outlet: z.string().nullable(),
  date: z.string().nullable(),
  byline: z.string().nullable(),
  url: z.string().nullable(),
  hash: z.string(),
  bytes: z.number(),
  chunks: z.number().int(),
});
/** An indexed article, as listed by `sources`. */
export type DocumentRecord = z.infer<typeof documentRecordSchema>;
