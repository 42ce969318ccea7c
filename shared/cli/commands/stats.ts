import type { Command } from 'commander';
import type { DatasetStats } from '../../store/index.ts';
import { addCommonFlags, type CommonFlags, commandContext } from '../context.ts';

export function registerStats(program: Command): void {
  addCommonFlags(
    program
      .command('stats')
      .description('Counts per dataset, per label and per quality flag (at the configured thresholds)')
      .option('--all', 'every dataset, not just --dataset'),
  ).action(async (flags: CommonFlags & { all?: boolean }) => {
    const ctx = commandContext(flags);
    const { openRuntime } = await import('../../runtime/index.ts');
    const runtime = await openRuntime(ctx.config, ctx.log);
    try {
      const names =
        flags.all || flags.dataset === undefined
          ? await runtime.store.images.datasets()
          : [ctx.config.dataset];
      const thresholds = ctx.config.thresholds;
      const datasets = await Promise.all(names.map((name) => runtime.store.images.stats(name, thresholds)));
      const model = await runtime.store.model();
      ctx.answer({ model: model?.id ?? null, datasets }, () => describeStats(datasets, model?.id));
    } finally {
      await runtime.close();
    }
  });
}

function describeStats(datasets: DatasetStats[], model: string | undefined): string {
  if (datasets.length === 0) return 'no datasets yet: run `viscura ingest <dir>` first';
  const lines = [`model ${model ?? '(none)'}`];
  for (const stats of datasets) {
    lines.push(
      `dataset ${stats.dataset}: ${stats.images} images, ${stats.objects} objects, ${stats.failures} failed files`,
    );
    const labels = Object.entries(stats.labels).sort((a, b) => b[1] - a[1]);
    if (labels.length > 0) lines.push(`  labels: ${labels.map(([label, n]) => `${label} ${n}`).join(', ')}`);
    if (stats.unlabeled > 0) lines.push(`  unlabelled: ${stats.unlabeled}`);
    const flags = Object.entries(stats.quality).filter(([, n]) => n > 0);
    lines.push(
      `  quality flags: ${flags.length ? flags.map(([issue, n]) => `${issue} ${n}`).join(', ') : 'none'}`,
    );
  }
  return lines.join('\n');
}
