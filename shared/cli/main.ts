import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { ApiError } from '../api/errors.ts';
import { isVisibleError } from '../errors/index.ts';
import { commands } from './commands/index.ts';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

const program = new Command('viscura')
  .description(
    'Curate visual datasets: embeddings, search, duplicates, uniqueness, mislabels, outliers, quality.',
  )
  .version(version, '-V, --version', 'print the version')
  .showHelpAfterError()
  .exitOverride();

for (const register of commands) register(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  // The query port answers like the API (a 404 for an unknown dataset): a sentence, not a stack.
  if (isVisibleError(error) || (error instanceof ApiError && error.status < 500)) {
    process.stderr.write(`viscura: ${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
