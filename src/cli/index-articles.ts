import { loadEngineConfig } from '../config.ts';
import { createProgressReporter, describeBuild } from './progress.ts';
import { openEngineForCli } from './open-engine.ts';
import { runCli } from './run-cli.ts';

await runCli(async () => {
  const config = loadEngineConfig();
  let builtOnOpen = false;
  const engine = await openEngineForCli(config, () => {
    builtOnOpen = true;
  });
  try {
    if (builtOnOpen) return;
    const progress = createProgressReporter();
    const summary = await engine.reindex({ onProgress: (e) => progress.build(e) });
    progress.done();
    process.stderr.write(`${describeBuild(summary)}\n`);
  } finally {
    await engine.close();
  }
});
