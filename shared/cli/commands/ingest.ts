import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { isRemote } from '../../config/index.ts';
import { VisibleError } from '../../errors/index.ts';
import type { FolderIngestOptions, FolderIngestSummary, IngestProgress } from '../../ingest/index.ts';
import type { Runtime } from '../../runtime/index.ts';
import { addCommonFlags, type CommandContext, type CommonFlags, commandContext } from '../context.ts';
import { exitWithMessageOnInterrupt } from '../interrupt.ts';
import { progressReporter } from '../progress.ts';
import { checkViewsAfterIngest } from './curation-deps.ts';

interface IngestFlags extends CommonFlags {
  prune?: boolean;
  vectors?: string;
  modelName?: string;
}

export function registerIngest(program: Command): void {
  addCommonFlags(
    program
      .command('ingest')
      .description('Embed every image of a folder into the dataset (re-running skips unchanged files)')
      .argument(
        '<dir>',
        'folder of images (folder-per-class, sidecar JSON, manifest or COCO annotations are read)',
      )
      .option('--prune', 'remove the rows of files that are no longer in the folder')
      .option(
        '--vectors <file>',
        'precomputed vectors (.parquet or .jsonl of key -> vector) instead of embedding; default: embeddings.parquet|jsonl at the folder root',
      )
      .option('--model-name <name>', 'the model that made the supplied vectors (recorded with them)'),
  ).action(async (dir: string, flags: IngestFlags) => {
    const ctx = commandContext(flags);
    await assertFolder(dir);
    const { openRuntime } = await import('../../runtime/index.ts');
    const runtime = await openRuntime(ctx.config, ctx.log);
    try {
      const vectors = { file: flags.vectors, model: flags.modelName };
      const summary = await runFolderIngest(runtime, ctx, dir, flags.prune === true, vectors);
      ctx.answer(summary, () => describeIngest(summary));
    } finally {
      await runtime.close();
    }
  });
}

export async function runFolderIngest(
  runtime: Runtime,
  ctx: CommandContext,
  dir: string,
  prune: boolean,
  vectors?: FolderIngestOptions['vectors'],
): Promise<FolderIngestSummary> {
  const root = await assertFolder(dir);
  const { ingestFolder } = await import('../../ingest/index.ts');
  const embedder = await runtime.embedder();
  const bar = progressReporter(ctx.log, 'ingest', ctx.json);
  let seen: Pick<IngestProgress, 'done' | 'total'> = { done: 0 };
  const progress = (update: IngestProgress) => {
    seen = update;
    bar.update(update);
  };
  const dataset = ctx.config.dataset;
  const stopListening = exitWithMessageOnInterrupt(async () => {
    bar.stop();
    const stored = await runtime.store.images.count(dataset);
    return (
      `interrupted after ${seen.done} of ${seen.total ?? '?'} files. Every batch already written is kept ` +
      `(dataset "${dataset}" holds ${stored} images). Run the same command again to resume: stored files ` +
      'are skipped, the rest are ingested.'
    );
  });
  // The API serves this dataset's originals from the folders it was ingested from, and only those.
  if (!isRemote(runtime.config.bucket)) {
    const { recordOrigin } = await import('../../store/index.ts');
    await recordOrigin(runtime.config.dataDir, runtime.config.dataset, root);
  }
  let summary: FolderIngestSummary;
  try {
    summary = await ingestFolder(root, runtime.ingestContext(embedder, progress), { prune, vectors });
  } finally {
    stopListening();
    bar.stop();
  }
  // Each batch appended a fragment: compact them (and build indexes once the tables are large) while we are here.
  if (summary.ingested > 0 || summary.removed > 0) {
    await runtime.store.optimize();
    await checkViewsAfterIngest(runtime);
  }
  return summary;
}

/** Checked before the native modules load, so a mistyped folder is answered at once. */
async function assertFolder(dir: string): Promise<string> {
  const root = resolve(dir);
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) throw new VisibleError(`${dir} is not a folder`, 'not_found');
  return root;
}

export function describeIngest(summary: FolderIngestSummary): string {
  const lines = [
    `ingested ${summary.ingested}, unchanged ${summary.unchanged}, failed ${summary.failed.length}` +
      `${summary.removed ? `, removed ${summary.removed}` : ''}, objects ${summary.objects}` +
      `${summary.notImages ? `, not images ${summary.notImages} (skipped)` : ''}`,
  ];
  for (const failure of summary.failed) lines.push(`  failed  ${failure.key}: ${failure.reason}`);
  if (summary.vectors) {
    const { model, file, problems } = summary.vectors;
    lines.push(`  vectors supplied: model ${model}${file ? ` from ${file}` : ''} and sidecars`);
    for (const problem of problems) lines.push(`  vectors file  ${problem.where}: ${problem.reason}`);
  }
  for (const problem of summary.annotationProblems)
    lines.push(`  annotation file skipped  ${problem.file}: ${problem.reason}`);
  return lines.join('\n');
}
