import { parseArgs } from 'node:util';
import pc from 'picocolors';
import { displayDate } from '../answer/display-date.ts';
import { loadEngineConfig } from '../config.ts';
import { describeDenseGate } from '../indexing/dense-gate.ts';
import { openEngineForCli } from './open-engine.ts';
import { runCli } from './run-cli.ts';

await runCli(async (argv) => {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } } });
  const engine = await openEngineForCli(loadEngineConfig());
  try {
    const listing = engine.sources();
    if (values.json) {
      const documents = listing.documents.map((d) => ({
        documentId: d.id,
        title: d.title,
        outlet: d.outlet,
        date: d.date,
        url: d.url,
        chunks: d.chunks,
      }));
      process.stdout.write(`${JSON.stringify({ documents, model: listing.model, builtAt: listing.builtAt, gate: listing.gate }, null, 2)}\n`);
      return;
    }
    for (const d of listing.documents) {
      const details = [d.outlet, displayDate(d.date, { time: true })].filter(Boolean).join(', ');
      process.stdout.write(`${pc.bold(d.title)}${details ? ` (${details})` : ''} ${pc.dim(`${d.chunks} passages · ${d.id}`)}\n`);
      if (d.url) process.stdout.write(`  ${pc.underline(d.url)}\n`);
    }
    process.stdout.write(
      pc.dim(`${listing.documents.length} articles, ${listing.chunks} passages; model ${listing.model}; built ${displayDate(listing.builtAt, { time: true }) ?? 'never'}\n`),
    );
    process.stdout.write(pc.dim(`${describeDenseGate(listing.gate)}\n`));
  } finally {
    await engine.close();
  }
});
