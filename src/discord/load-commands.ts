import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Logger } from '../logger.ts';
import { commandJson, commandPredicate, type Command } from './command.ts';

/** The project's `commands/` folder. */
export const COMMANDS_DIR = fileURLToPath(new URL('../../commands/', import.meta.url));

/**
 * Imports every `commands/*.ts` module and keeps those whose exports satisfy
 * the command shape, keyed by command name. Others are reported and skipped.
 */
export async function loadCommands(logger: Logger, dir = COMMANDS_DIR): Promise<Map<string, Command>> {
  const commands = new Map<string, Command>();
  const files = (await readdir(dir)).filter((f) => /\.(ts|js|mjs)$/.test(f) && !f.endsWith('.d.ts')).sort();
  for (const file of files) {
    const module: unknown = await import(pathToFileURL(path.join(dir, file)).href);
    const parsed = commandPredicate.safeParse(module);
    if (!parsed.success) {
      logger.warn(`skipping commands/${file}: it must export { data, execute }`, {
        problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      });
      continue;
    }
    const command = module as Command;
    const name = commandJson(command).name;
    if (commands.has(name)) {
      logger.warn(`skipping commands/${file}: a command named /${name} is already loaded`);
      continue;
    }
    commands.set(name, command);
  }
  return commands;
}
