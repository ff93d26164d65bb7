import type { IncomingMessage } from 'node:http';
import type { RecordedFile } from './payloads.ts';

/** A request body as the fake understands it. */
export interface ParsedBody {
  /** Parsed JSON, or the `payload_json` part of a multipart upload; undefined when empty. */
  body: unknown;
  files: RecordedFile[];
}

/** Thrown when a body claims to be JSON but is not; answered like Discord's 50109. */
export class InvalidJsonError extends Error {
  override readonly name = 'InvalidJsonError';
}

async function readAll(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidJsonError(`invalid JSON body: ${(error as Error).message}`);
  }
}

/**
 * Reads and parses a REST body: JSON, or multipart/form-data the way
 * discord.js sends files (`payload_json` plus `files[n]` parts).
 */
export async function readBody(request: IncomingMessage): Promise<ParsedBody> {
  const raw = await readAll(request);
  if (raw.length === 0) return { body: undefined, files: [] };
  const contentType = request.headers['content-type'] ?? '';
  if (!contentType.startsWith('multipart/form-data')) return { body: parseJson(raw.toString('utf8')), files: [] };
  // The platform's Response parses multipart for us, boundaries and all.
  const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  const files: RecordedFile[] = [];
  let body: unknown;
  for (const [field, value] of form.entries()) {
    if (typeof value === 'string') {
      if (field === 'payload_json') body = parseJson(value);
    } else {
      files.push({ field, filename: value.name, contentType: value.type, size: value.size });
    }
  }
  return { body, files };
}
