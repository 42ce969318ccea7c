import type { Command } from 'commander';
import { addCommonFlags, type CommonFlags, commandContext } from '../context.ts';
import { progressReporter } from '../progress.ts';
import { describeIngest } from './ingest.ts';

interface ReembedFlags extends CommonFlags {
  vectors?: string;
  modelName?: string;
}

export function registerReembed(program: Command): void {
  addCommonFlags(
    program
      .command('reembed')
      .description(
        'Re-embed the dataset with the model given by --model (resumable: run it again after an interruption)',
      )
      .argument('[dir]', 'the folder the images were ingested from (default: the inbox)')
      .option(
        '--vectors <file>',
        'replace the vectors with precomputed ones (.parquet or .jsonl); needs --model-name',
      )
      .option('--model-name <name>', 'the model that made the supplied vectors'),
  ).action(async (dir: string | undefined, flags: ReembedFlags) => {
    const ctx = commandContext(flags);
    const { reembedFolder } = await import('../../runtime/reembed.ts');
    const progress = progressReporter(ctx.log, 'reembed', ctx.json);
    try {
      const result = await reembedFolder(
        dir ?? ctx.config.inbox,
        ctx.config,
        ctx.log,
        progress.update,
        flags.vectors || flags.modelName ? { file: flags.vectors, model: flags.modelName } : undefined,
      );
      ctx.answer(result, () =>
        [
          `re-embedded with ${result.to} (was ${result.from ?? 'empty'})`,
          describeIngest(result),
          result.previous ? `the previous store is kept at ${result.previous}` : '',
        ]
          .filter(Boolean)
          .join('\n'),
      );
    } finally {
      progress.stop();
    }
  });
}
