import { mkdir, readdir } from 'node:fs/promises';
import type { Command } from 'commander';
import { watchFolder } from '../../ingest/index.ts';
import { openRuntime } from '../../runtime/index.ts';
import { generateSampleImages } from '../../samples/index.ts';
import { addCommonFlags, type CommonFlags, commandContext } from '../context.ts';
import { describeIngest, runFolderIngest } from './ingest.ts';
import { untilSignal } from './watch.ts';

export function registerStart(program: Command): void {
  addCommonFlags(
    program
      .command('start')
      .description('The embedded main job: ingest the inbox folder (samples on first run), then keep watching it')
      .option('--no-samples', 'do not fill an empty inbox with generated sample images'),
  ).action(async (flags: CommonFlags & { samples: boolean }) => {
    const ctx = commandContext(flags);
    const inbox = ctx.config.inbox as string;
    await mkdir(inbox, { recursive: true });
    if (flags.samples && (await readdir(inbox)).length === 0) {
      const files = await generateSampleImages(inbox);
      ctx.log.info('inbox was empty: wrote sample images', { inbox, count: files.length });
    }
    const runtime = await openRuntime(ctx.config, ctx.log);
    const summary = await runFolderIngest(runtime, ctx, inbox, false);
    ctx.answer(summary, () => describeIngest(summary));
    const watcher = watchFolder(inbox, runtime.ingestContext(await runtime.embedder()));
    await watcher.ready;
    process.stderr.write(`viscura: watching ${inbox} — drop images there; Ctrl-C to stop\n`);
    await untilSignal();
    await watcher.close();
    await runtime.close();
  });
}
