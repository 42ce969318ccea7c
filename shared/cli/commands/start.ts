import { mkdir, readdir } from 'node:fs/promises';
import type { Command } from 'commander';
import { runLabelHealth } from '../../curate/results/label-health.ts';
import { errorMessage } from '../../errors/index.ts';
import { curationDeps } from '../../runtime/curation-deps.ts';
import { addCommonFlags, type CommonFlags, commandContext } from '../context.ts';
import { reportLocation } from './curation-deps.ts';
import { describeIngest, runFolderIngest } from './ingest.ts';
import { untilSignal } from './watch.ts';

interface StartFlags extends CommonFlags {
  samples: boolean;
  port?: string;
}

/**
 * The embedded main job: ingest the inbox, curate it, serve the API, then keep watching the inbox (new files are
 * scored against the whole dataset on arrival) and re-curate on the schedule (nightly by default).
 */
export function registerStart(program: Command): void {
  addCommonFlags(
    program
      .command('start')
      .description('Ingest the inbox (samples on first run), curate, serve the API, then keep watching')
      .option('--no-samples', 'do not fill an empty inbox with generated sample images')
      .option('--port <n>', 'API port (0: any free port); env VISCURA_PORT'),
  ).action(async (flags: StartFlags) => {
    const ctx = commandContext(flags, flags.port === undefined ? {} : { api: { port: Number(flags.port) } });
    const { config, log } = ctx;
    const [{ openRuntime }, { startServer }, curate, { watchFolder }, { generateSampleImages }] =
      await Promise.all([
        import('../../runtime/index.ts'),
        import('../../adapters/node/index.ts'),
        import('../../curate/index.ts'),
        import('../../ingest/index.ts'),
        import('../../samples/index.ts'),
      ]);
    const { curateDataset, scoreNewImages, startSchedule } = curate;
    const inbox = config.inbox;
    await mkdir(inbox, { recursive: true });
    if (flags.samples && (await readdir(inbox)).length === 0) {
      const files = await generateSampleImages(inbox);
      log.info('inbox was empty: wrote sample images', { inbox, count: files.length });
    }
    const runtime = await openRuntime(config, log);
    const summary = await runFolderIngest(runtime, ctx, inbox, true);
    const deps = await curationDeps(runtime);
    const curated = await curateDataset(deps, { dataset: config.dataset, kind: 'full' });
    const server = await startServer(runtime);
    const report = curated.report ? reportLocation(config, curated.report.dated.html) : null;
    ctx.answer(
      { ingest: summary, run: curated.run, report, api: server.url, key: server.createdKey ?? null },
      () =>
        [
          describeIngest(summary),
          `curation run ${curated.run.runId}: ${Object.entries(curated.run.counts)
            .map(([issue, n]) => `${issue} ${n}`)
            .join(', ')}`,
          `labels: ${runLabelHealth(curated.run)?.message ?? 'not checked (no labels)'}`,
          report ? `report: ${report}` : '',
          `API: ${server.url}/v1 (OpenAPI: ${server.url}/v1/openapi.json)`,
          `explorer: ${server.url}/${server.createdKey ? `#key=${server.createdKey}` : ''}`,
          server.createdKey
            ? `API key (shown once): ${server.createdKey}`
            : 'API keys exist already and are shown only when created: get a new one with `npx viscura keys create`',
          `watching ${inbox}: drop images there; Ctrl-C to stop`,
        ]
          .filter(Boolean)
          .join('\n'),
    );

    const watcher = watchFolder(inbox, runtime.ingestContext(await runtime.embedder()), {
      onIngested: (batch) => {
        if (batch.ingested === 0) return;
        // "Is this new upload a duplicate?": answered now, not at the next nightly run.
        scoreNewImages(deps, config.dataset)
          .catch((error) => log.error('scoring new images failed', { error: errorMessage(error) }))
          .then(() => deps.checkViews?.(config.dataset, 'ingest'))
          .catch((error) => log.error('saved views check failed', { error: errorMessage(error) }));
      },
    });
    const schedule = startSchedule(
      config.curate.schedule,
      () => curateDataset(deps, { dataset: config.dataset, kind: 'full' }),
      log,
    );
    await watcher.ready;
    await untilSignal();
    process.stderr.write(
      'viscura: stopping; everything ingested and curated so far is stored. `npm start` carries on from ' +
        'there (files that landed meanwhile are ingested, unchanged ones skipped).\n',
    );
    schedule?.stop();
    await watcher.close();
    await server.close();
    deps.curation.close();
    await runtime.close();
  });
}
