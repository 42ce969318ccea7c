import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { VisibleError } from '../../errors/index.ts';
import { curationDeps } from '../../runtime/curation-deps.ts';
import { addCommonFlags, type CommonFlags, commandContext } from '../context.ts';
import { reportLocation } from './curation-deps.ts';

interface ReportFlags extends CommonFlags {
  out?: string;
}

export function registerReport(program: Command): void {
  addCommonFlags(
    program
      .command('report')
      .description(
        'Write the report of the latest curation run (at the configured thresholds) to the bucket, and to --out',
      )
      .option('--out <dir>', 'also write report.html and report.json into this folder'),
  ).action(async (flags: ReportFlags) => {
    const ctx = commandContext(flags);
    const [{ openRuntime }, { buildReport, issueThresholds, writeReport }] = await Promise.all([
      import('../../runtime/index.ts'),
      import('../../curate/index.ts'),
    ]);
    const runtime = await openRuntime(ctx.config, ctx.log);
    const deps = await curationDeps(runtime);
    try {
      const dataset = ctx.config.dataset;
      const report = await buildReport(deps, dataset, { thresholds: issueThresholds(ctx.config) });
      if (!report) {
        throw new VisibleError(
          `Dataset "${dataset}" has no curation run yet: run \`viscura curate\` first.`,
          'not_found',
        );
      }
      const written = await writeReport(deps.bucket, report);
      const answer: Record<string, string> = {
        html: reportLocation(ctx.config, written.dated.html),
        json: reportLocation(ctx.config, written.dated.json),
        latest: reportLocation(ctx.config, written.latest.html),
      };
      if (flags.out) {
        const dir = resolve(flags.out);
        await mkdir(dir, { recursive: true });
        await writeFile(join(dir, 'report.html'), written.files.html);
        await writeFile(join(dir, 'report.json'), written.files.json);
        answer.out = join(dir, 'report.html');
      }
      ctx.answer(answer, () =>
        Object.entries(answer)
          .map(([name, path]) => `${name.padEnd(6)} ${path}`)
          .join('\n'),
      );
    } finally {
      deps.curation.close();
      await runtime.close();
    }
  });
}
