import { describe, expect, it } from 'vitest';
import { startupProgress } from '../../src/discord/startup-progress.ts';
import type { Logger } from '../../src/logger.ts';

function recordingLogger() {
  const lines: { message: string; fields?: Record<string, unknown> }[] = [];
  const record = (message: string, fields?: Record<string, unknown>) => lines.push({ message, fields });
  const logger: Logger = { debug: record, info: record, warn: record, error: record };
  return { logger, lines };
}

describe('start-up progress in the bot log', () => {
  it('names a model file once bytes arrive, not when transformers.js merely announces it', () => {
    const { logger, lines } = recordingLogger();
    const progress = startupProgress(logger);
    progress.onModelProgress({ phase: 'model', file: 'tokenizer.json', status: 'download' });
    progress.onModelProgress({ phase: 'model', file: 'tokenizer.json', status: 'done' });
    expect(lines).toEqual([]);
    progress.onModelProgress({ phase: 'model', file: 'onnx/model_quantized.onnx', status: 'progress', loaded: 1000, total: 23_000_000 });
    progress.onModelProgress({ phase: 'model', file: 'onnx/model_quantized.onnx', status: 'progress', loaded: 9000, total: 23_000_000 });
    progress.onModelProgress({ phase: 'model', file: 'onnx/model_quantized.onnx', status: 'done' });
    expect(lines).toEqual([
      { message: 'downloading the embedding model (first use only)', fields: { file: 'onnx/model_quantized.onnx', bytes: 23_000_000 } },
      { message: 'downloaded', fields: { file: 'onnx/model_quantized.onnx' } },
    ]);
  });

  it('logs the build, then embedding at the start and at each tenth of the way, not per batch', () => {
    const { logger, lines } = recordingLogger();
    const progress = startupProgress(logger);
    progress.onBuildProgress({ phase: 'scan', documents: 120, problems: 1 });
    for (let done = 0; done <= 1000; done += 50) progress.onBuildProgress({ phase: 'embed', done, total: 1000 });
    expect(lines[0]).toEqual({ message: 'building the index', fields: { articles: 120, problems: 1 } });
    const embedded = lines.slice(1).map((line) => line.fields?.done);
    expect(embedded).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
  });
});
