import { parseArgs } from 'node:util';
import { loadEngineConfig } from '../config.ts';
import { answerToJson, formatAnswer } from './format-answer.ts';
import { openEngineForCli } from './open-engine.ts';
import { runCli } from './run-cli.ts';
import { usageError } from './usage-error.ts';

const USAGE = 'usage: npm run ask -- "<question>" [--json] [--top N]';

await runCli(async (argv) => {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, top: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const question = positionals.join(' ');
  if (question.trim() === '') throw usageError('no question given', USAGE);
  // --top goes through the same validation as TOP_K.
  const config = loadEngineConfig(values.top === undefined ? process.env : { ...process.env, TOP_K: values.top });
  const engine = await openEngineForCli(config);
  try {
    const answer = await engine.ask(question);
    process.stdout.write(values.json ? `${JSON.stringify(answerToJson(answer), null, 2)}\n` : `${formatAnswer(answer)}\n`);
  } finally {
    await engine.close();
  }
});
