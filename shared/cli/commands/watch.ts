import type { Command } from 'commander';
import { addCommonFlags, type CommonFlags, commandContext } from '../context.ts';
import { checkViewsAfterIngest } from './curation-deps.ts';
import { describeIngest, runFolderIngest } from './ingest.ts';

export function registerWatch(program: Command): void {
  addCommonFlags(
    program
      .command('watch')
      .description('Ingest a folder, then keep ingesting files as they land (Ctrl-C to stop)')
      .argument('<dir>', 'folder to watch'),
  ).action(async (dir: string, flags: CommonFlags) => {
    const ctx = commandContext(flags);
    const [{ openRuntime }, { watchFolder }] = await Promise.all([
      import('../../runtime/index.ts'),
      import('../../ingest/index.ts'),
    ]);
    const runtime = await openRuntime(ctx.config, ctx.log);
    const summary = await runFolderIngest(runtime, ctx, dir, false);
    ctx.answer(summary, () => describeIngest(summary));
    const watcher = watchFolder(dir, runtime.ingestContext(await runtime.embedder()), {
      onIngested: (batch) => {
        if (ctx.json) process.stdout.write(`${JSON.stringify(batch)}\n`);
        if (batch.ingested > 0) void checkViewsAfterIngest(runtime);
      },
    });
    await watcher.ready;
    ctx.log.info('watching', { dir });
    await untilSignal();
    process.stderr.write(
      `viscura: stopping; everything ingested so far is stored. \`viscura watch ${dir}\` catches up on what ` +
        'landed meanwhile (unchanged files are skipped).\n',
    );
    await watcher.close();
    await runtime.close();
  });
}

export function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
