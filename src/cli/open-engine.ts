import pc from 'picocolors';
import type { EngineConfig } from '../config.ts';
import { Engine } from '../engine.ts';
import { createProgressReporter, describeBuild } from './progress.ts';

/** Opens the engine for a CLI command, drawing progress and warnings on stderr. */
export async function openEngineForCli(config: EngineConfig, onBuilt?: () => void): Promise<Engine> {
  const progress = createProgressReporter();
  try {
    return await Engine.open(config, {
      bulkEmbedding: 'inline',
      onModelProgress: (e) => progress.model(e),
      onBuildProgress: (e) => progress.build(e),
      onBuilt: (summary) => {
        process.stderr.write(`${describeBuild(summary)}\n`);
        onBuilt?.();
      },
      logger: {
        debug() {},
        info: (m) => process.stderr.write(`${pc.dim(m)}\n`),
        warn: (m) => process.stderr.write(`${pc.bold(pc.yellow('warning:'))} ${m}\n`),
        error: (m) => process.stderr.write(`${pc.red('error:')} ${m}\n`),
      },
    });
  } finally {
    progress.done();
  }
}
