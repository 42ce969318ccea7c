import { join, resolve } from 'node:path';
import { type Command, Option } from 'commander';
import type { ViewFilters } from '../../api/schemas/filters.ts';
import { VisibleError } from '../../errors/index.ts';
import { IMAGE_MODES, type ImageMode, TRAINING_FORMATS, type TrainingFormat } from '../../export/types.ts';
import { emptyFilters, mergeFilters, parseQuery } from '../../query/index.ts';
import { addCommonFlags, type CommonFlags, commandContext } from '../context.ts';

interface ExportFlags extends CommonFlags {
  format: TrainingFormat;
  out: string;
  query?: string;
  keep?: boolean;
  images: ImageMode;
  from?: string;
}

export function registerExport(program: Command): void {
  addCommonFlags(
    program
      .command('export')
      .description('Export a view for training: COCO JSON, YOLO (labels + data.yaml) or a file list')
      .addOption(
        new Option('--format <format>', 'what to write').choices(TRAINING_FORMATS).makeOptionMandatory(),
      )
      .requiredOption('--out <dir>', 'a new or empty folder to write into')
      .option(
        '--query <query>',
        'which images, in the search syntax, e.g. "split:train keeper:true label:cat"',
      )
      .option('--keep', 'only the keep list: one keeper per duplicate cluster (keeper:true)')
      .addOption(
        new Option('--images <mode>', 'copy the images, link to them, or neither')
          .choices(IMAGE_MODES)
          .default('copy'),
      )
      .option('--from <dir>', 'where the originals are (default: the inbox)'),
  ).action(async (flags: ExportFlags) => {
    const ctx = commandContext(flags);
    const filters = viewOf(flags);
    // Native modules load only once the command runs: `--help` stays instant.
    const [
      { lanceQueryDeps },
      { resultsCache },
      { trainingItems },
      { exportTraining },
      { openRuntime },
      store,
    ] = await Promise.all([
      import('../../runtime/query-deps.ts'),
      import('../../api/lance/results.ts'),
      import('../../api/lance/training.ts'),
      import('../../export/index.ts'),
      import('../../runtime/index.ts'),
      import('../../store/index.ts'),
    ]);
    const { createLocalBucket } = store;
    const runtime = await openRuntime(ctx.config, ctx.log);
    const deps = await lanceQueryDeps(runtime);
    try {
      const folder = resolve(flags.from ?? ctx.config.inbox);
      const originals = flags.from ? [createLocalBucket(folder)] : deps.originals(ctx.config.dataset);
      if (originals.length === 0 && flags.images !== 'none')
        throw new VisibleError(
          'The originals of this dataset are not reachable: give --from <dir> or --images none.',
          'no_originals',
        );
      const local = flags.from !== undefined || !/^s3:\/\//.test(ctx.config.bucket);
      const summary = await exportTraining(
        trainingItems({ ...deps, results: resultsCache(deps.curation) }, ctx.config.dataset, filters),
        {
          format: flags.format,
          out: resolve(flags.out),
          images: flags.images,
          source: {
            get: async (key) => {
              // The first folder (or bucket) the dataset was ingested from that holds the key.
              for (const bucket of originals) {
                const bytes = await bucket.get(key);
                if (bytes) return bytes;
              }
              return undefined;
            },
            path: local ? (key) => join(folder, ...key.split('/')) : undefined,
          },
        },
      );
      ctx.answer(summary, () =>
        [
          `${summary.images} images and ${summary.objects} boxes written to ${summary.out} (${summary.format})`,
          `files: ${summary.files.join(', ')}`,
          `splits: ${
            Object.entries(summary.splits)
              .map(([s, n]) => `${s} ${n}`)
              .join(', ') || 'none'
          }`,
          ...summary.missing.slice(0, 10).map((m) => `missing ${m.key}: ${m.reason}`),
        ].join('\n'),
      );
    } finally {
      deps.curation.close();
      await runtime.close();
    }
  });
}

function viewOf(flags: ExportFlags): ViewFilters {
  const parsed = flags.query ? parseQuery(flags.query) : { filters: emptyFilters(), text: '' };
  if (parsed.text !== '')
    throw new VisibleError(
      `--query holds free text ("${parsed.text}"); an export takes conditions only.`,
      'invalid_query',
    );
  return flags.keep
    ? mergeFilters(parsed.filters, { ...emptyFilters(), representative: true })
    : parsed.filters;
}
