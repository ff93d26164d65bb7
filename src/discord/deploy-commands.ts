import dotenv from 'dotenv';
import { loadCollectionsConfig, loadDiscordConfig } from '../config.ts';
import { silentLogger } from '../logger.ts';
import { loadCommands } from './load-commands.ts';
import { deployTarget, registerCommands } from './register-commands.ts';

/**
 * The `npm run deploy-commands` script: registers the slash commands once
 * (see `register-commands.ts`). Never done at start-up, where it would run
 * into Discord's rate limits.
 */
async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  const config = deployTarget(loadDiscordConfig(), loadCollectionsConfig().mode);
  const commands = await loadCommands({ ...silentLogger, warn: (m) => process.stderr.write(`warning: ${m}\n`) });
  const result = await registerCommands(config, commands);
  process.stdout.write(
    `Deployed ${result.names.length} commands (${result.names.join(', ')}) ` +
      (result.scope === 'guild' ? `to guild ${config.guildId}.\n` : 'globally (they can take up to an hour to appear).\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
