import { loadEngineConfig } from '../config.ts';
import { createProgressReporter, describeBuild } from './progress.ts';
import { openEngineForCli } from './open-engine.ts';
import { runCli } from './run-cli.ts';

await runCli(async () => {
  const config = loadEngineConfig();
  let builtOnOpen = false;
  // With DATABASE_URL, ARTICLES_DIR's changes are copied into the database first, then the index is built from there.
  const engine = await openEngineForCli(
    config,
    () => {
      builtOnOpen = true;
    },
    { copyFolder: true },
  );
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
