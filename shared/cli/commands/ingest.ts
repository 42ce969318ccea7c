import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { VisibleError } from '../../errors/index.ts';
import { type FolderIngestOptions, type FolderIngestSummary, ingestFolder } from '../../ingest/index.ts';
import { openRuntime, type Runtime } from '../../runtime/index.ts';
import { addCommonFlags, type CommandContext, type CommonFlags, commandContext } from '../context.ts';
import { progressReporter } from '../progress.ts';

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
  const root = resolve(dir);
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) throw new VisibleError(`${dir} is not a folder`, 'not_found');
  const embedder = await runtime.embedder();
  const progress = progressReporter(ctx.log, 'ingest', ctx.json);
  let summary: FolderIngestSummary;
  try {
    summary = await ingestFolder(root, runtime.ingestContext(embedder, progress.update), { prune, vectors });
  } finally {
    progress.stop();
  }
  // Each batch appended a fragment: compact them (and build indexes once the tables are large) while we are here.
  if (summary.ingested > 0 || summary.removed > 0) await runtime.store.optimize();
  return summary;
}

export function describeIngest(summary: FolderIngestSummary): string {
  const lines = [
    `ingested ${summary.ingested}, unchanged ${summary.unchanged}, failed ${summary.failed.length}` +
      `${summary.removed ? `, removed ${summary.removed}` : ''}, objects ${summary.objects}`,
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
