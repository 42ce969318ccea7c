import type { Command } from 'commander';
import { type RunLabelHealth, runLabelHealth } from '../../curate/results/label-health.ts';
import { VisibleError } from '../../errors/index.ts';
import { addCommonFlags, type CommonFlags, commandContext } from '../context.ts';

export function registerLabels(program: Command): void {
  addCommonFlags(
    program
      .command('labels')
      .description(
        'Label health of the latest curation run: can this model check the labels, issue share per class, confused pairs',
      ),
  ).action(async (flags: CommonFlags) => {
    const ctx = commandContext(flags);
    const { openRuntime } = await import('../../runtime/index.ts');
    const runtime = await openRuntime(ctx.config, ctx.log);
    try {
      const curation = await runtime.store.curation();
      const dataset = ctx.config.dataset;
      const run = await curation.latestRun(dataset, 'full');
      const health = run ? runLabelHealth(run) : undefined;
      if (!health) {
        throw new VisibleError(
          `Dataset "${dataset}" has no curation run with label health yet: run \`viscura curate\` first.`,
          'not_found',
        );
      }
      ctx.answer(health, () => describeLabelHealth(health).join('\n'));
    } finally {
      await runtime.close();
    }
  });
}

/** The health summary as text lines: the verdict first, then the classes and the pairs. */
export function describeLabelHealth(health: RunLabelHealth): string[] {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const lines = [
    `run ${health.runId} (model ${health.model}): ${health.labelled} labelled images, ${health.unlabelled} unlabelled`,
    health.message,
    ...(health.outliers ? [health.outliers.message] : []),
    `flagged ${health.flagged} at threshold ${health.threshold}; estimated label issues ${health.estimatedIssues.toFixed(1)}` +
      (health.healthScore === null ? '' : `; label health score ${health.healthScore.toFixed(3)}`),
    '',
    `${'class'.padEnd(24)} ${'images'.padStart(7)} ${'share'.padStart(7)} ${'flagged'.padStart(8)} ${'est. issues'.padStart(12)} ${'trust'.padStart(6)}`,
  ];
  for (const c of health.classes) {
    lines.push(
      `${c.label.slice(0, 24).padEnd(24)} ${String(c.size).padStart(7)} ${pct(c.share).padStart(7)} ${String(c.flagged).padStart(8)} ${pct(c.issueShare).padStart(12)} ${c.trust.toFixed(2).padStart(6)}`,
    );
  }
  if (health.classesLeftOut > 0) lines.push(`... and ${health.classesLeftOut} classes with fewer issues`);
  if (health.confusedPairs.length > 0) {
    lines.push('', 'most confused pairs (estimated issues between them):');
    for (const p of health.confusedPairs) lines.push(`  ${p.a} <-> ${p.b}  ${p.estimatedIssues.toFixed(1)}`);
  }
  if (health.singletons.length > 0) {
    lines.push('', `labels used once (not judged): ${health.singletons.join(', ')}`);
  }
  return lines;
}
