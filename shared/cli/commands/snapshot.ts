import type { Command } from 'commander';
import type { SnapshotDiff, Snapshots } from '../../snapshots/index.ts';
import { addCommonFlags, type CommonFlags, commandContext } from '../context.ts';

/** `viscura snapshot create|list|diff|restore|delete`: named states of a dataset, as LanceDB table tags. */
export function registerSnapshot(program: Command): void {
  const snapshot = program
    .command('snapshot')
    .description('Name the state of a dataset (images, annotations, curation results) and go back to it');
  const run =
    (work: (snapshots: Snapshots, dataset: string) => Promise<unknown>, text: (value: never) => string) =>
    async (...args: unknown[]) => {
      const flags = args.at(-2) as CommonFlags;
      const ctx = commandContext(flags);
      const [{ openRuntime }, { openSnapshots }] = await Promise.all([
        import('../../runtime/index.ts'),
        import('../../snapshots/index.ts'),
      ]);
      const runtime = await openRuntime(ctx.config, ctx.log);
      const snapshots = await openSnapshots(ctx.config.dbUri, {
        log: ctx.log,
        storageOptions: runtime.storageOptions,
        thresholds: {
          duplicates: ctx.config.thresholds.duplicate,
          mislabels: ctx.config.thresholds.mislabel,
          outliers: ctx.config.thresholds.outlier,
          blur: ctx.config.thresholds.blur,
          dark: ctx.config.thresholds.dark,
          bright: ctx.config.thresholds.bright,
        },
      });
      try {
        const value = await work(snapshots, ctx.config.dataset);
        ctx.answer(value, () => text(value as never));
      } finally {
        snapshots.close();
        await runtime.close();
      }
    };
  let name = '';
  let to: string | undefined;
  addCommonFlags(
    snapshot.command('create <name>').description('tag the current state (no data is copied)'),
  ).action((given: string, ...rest: unknown[]) => {
    name = given;
    return run(
      (s, d) => s.create(d, name),
      (v: { name: string; counts: { images: number } }) => `snapshot ${v.name}: ${v.counts.images} images`,
    )(...rest);
  });
  addCommonFlags(snapshot.command('list').description('the snapshots of the dataset, oldest first')).action(
    run(
      (s, d) => s.list(d),
      (v: { name: string; createdAt: string; counts: { images: number } }[]) =>
        v.length
          ? v.map((s) => `${s.createdAt}  ${s.name}  ${s.counts.images} images`).join('\n')
          : 'no snapshots',
    ),
  );
  addCommonFlags(
    snapshot
      .command('diff <from>')
      .description('images added, removed, relabelled; issues that appeared or went away')
      .option('--to <name>', 'another snapshot (default: the current state)'),
  ).action((given: string, flags: { to?: string }, ...rest: unknown[]) => {
    name = given;
    to = flags.to;
    return run((s, d) => s.diff(d, name, to), describeDiff)(flags, ...rest);
  });
  addCommonFlags(
    snapshot
      .command('restore <name>')
      .description('put the dataset back as it was (a snapshot of now is taken first)'),
  ).action((given: string, ...rest: unknown[]) => {
    name = given;
    return run(
      (s, d) => s.restore(d, name),
      (v: { name: string; undo: string }) =>
        `restored ${v.name}; undo with \`viscura snapshot restore ${v.undo}\``,
    )(...rest);
  });
  addCommonFlags(
    snapshot.command('delete <name>').description('forget a snapshot (its versions can then be cleaned up)'),
  ).action((given: string, ...rest: unknown[]) => {
    name = given;
    return run(
      async (s, d) => {
        await s.delete(d, name);
        return { deleted: name };
      },
      () => `deleted ${name}`,
    )(...rest);
  });
}

function describeDiff(diff: SnapshotDiff): string {
  const lines = [
    `${diff.from} -> ${diff.to}: ${diff.added.length} added, ${diff.removed.length} removed, ${diff.relabelled.length} relabelled, ${diff.changed.length} changed`,
  ];
  for (const [issue, change] of Object.entries(diff.issues))
    if (change.appeared.length || change.gone.length)
      lines.push(`  ${issue}: +${change.appeared.length} -${change.gone.length}`);
  for (const r of diff.relabelled.slice(0, 20))
    lines.push(`  relabelled ${r.key}: ${r.from ?? '(none)'} -> ${r.to ?? '(none)'}`);
  return lines.join('\n');
}
