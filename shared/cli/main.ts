import { Command, CommanderError } from 'commander';
import { isVisibleError } from '../errors/index.ts';
import { commands } from './commands/index.ts';

const program = new Command('viscura')
  .description(
    'Curate visual datasets: embeddings, search, duplicates, uniqueness, mislabels, outliers, quality.',
  )
  .showHelpAfterError()
  .exitOverride();

for (const register of commands) register(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  if (isVisibleError(error)) {
    process.stderr.write(`viscura: ${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
