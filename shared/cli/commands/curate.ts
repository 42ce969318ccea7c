import type { Command } from 'commander';
import type { CurateResult } from '../../curate/index.ts';
import { runLabelHealth } from '../../curate/results/label-health.ts';
import { curationDeps } from '../../runtime/curation-deps.ts';
import { addCommonFlags, type CommonFlags, commandContext } from '../context.ts';
import { reportLocation } from './curation-deps.ts';

export function registerCurate(program: Command): void {
  addCommonFlags(
    program
      .command('curate')
      .description(
        'Run a full curation pass (duplicates, uniqueness, mislabels, outliers, visual clusters) and write the report',
      ),
  ).action(async (flags: CommonFlags) => {
    const ctx = commandContext(flags);
    const [{ openRuntime }, { curateDataset }] = await Promise.all([
      import('../../runtime/index.ts'),
      import('../../curate/index.ts'),
    ]);
    const runtime = await openRuntime(ctx.config, ctx.log);
    const deps = await curationDeps(runtime);
    try {
      const result = await curateDataset(deps, { dataset: ctx.config.dataset, kind: 'full' });
      const report = result.report ? reportLocation(ctx.config, result.report.dated.html) : null;
      ctx.answer(
        {
          run: result.run,
          report,
          reportJson: result.report ? reportLocation(ctx.config, result.report.dated.json) : null,
        },
        () => describeRun(result, report),
      );
    } finally {
      deps.curation.close();
      await runtime.close();
    }
  });
}

function describeRun(result: CurateResult, report: string | null): string {
  const { run } = result;
  const seconds = ((run.finishedAt ?? run.startedAt) - run.startedAt) / 1000;
  const lines = [
    `run ${run.runId} on ${run.dataset} (model ${run.model}) finished in ${seconds.toFixed(1)} s`,
  ];
  const width = Math.max(...Object.keys(run.counts).map((issue) => issue.length), 8);
  for (const [issue, n] of Object.entries(run.counts)) lines.push(`  ${issue.padEnd(width)}  ${n}`);
  const health = runLabelHealth(run);
  if (health) lines.push(`labels: ${health.message} (details: \`viscura labels\`)`);
  lines.push(report ? `report: ${report}` : 'report: not written (no images)');
  return lines.join('\n');
}
