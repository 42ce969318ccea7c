import type { Command } from 'commander';
import type { Alert, PublicView, ViewCheck, Views } from '../../views/index.ts';
import { addCommonFlags, type CommandContext, type CommonFlags, commandContext } from '../context.ts';

interface CreateFlags extends CommonFlags {
  query: string;
  webhook?: string;
  secret?: string;
}

/** `viscura view create|list|delete|check|alerts`: saved queries that alert on new matches. */
export function registerView(program: Command): void {
  const view = program
    .command('view')
    .description(
      'Saved views: a query that is checked after every ingest and curation run, with a webhook alert',
    );
  addCommonFlags(
    view
      .command('create <name>')
      .description('save a query; what it matches now is the baseline, later matches are new')
      .requiredOption('--query <query>', 'conditions in the search syntax, e.g. "split:test is:duplicate"')
      .option(
        '--webhook <url>',
        'POST new matches here (an https URL the config allows: views.allowWebhooks)',
      )
      .option('--secret <secret>', 'the HMAC secret to sign with (default: a new one, shown once)'),
  ).action((name: string, flags: CreateFlags) =>
    withViews(flags, async (views, dataset, ctx) => {
      const webhook = flags.webhook ? { url: flags.webhook, secret: flags.secret } : undefined;
      const made = await views.create(dataset, {
        name,
        query: flags.query,
        webhook,
        owner: { keyId: 'cli', datasets: null },
      });
      ctx.answer(made, () =>
        [
          `view ${made.view.name}: ${made.total} images match now; later matches are new`,
          made.view.webhook
            ? `webhook: ${made.view.webhook.url}`
            : 'no webhook: new matches go to the report',
          made.secret ? `signing secret (shown once): ${made.secret}` : '',
        ]
          .filter(Boolean)
          .join('\n'),
      );
    }),
  );
  addCommonFlags(view.command('list').description('the saved views of the dataset')).action(
    (flags: CommonFlags) =>
      withViews(flags, async (views, dataset, ctx) => {
        const list = await views.list(dataset);
        ctx.answer(list, () => (list.length ? list.map(describeView).join('\n') : 'no saved views'));
      }),
  );
  addCommonFlags(view.command('delete <name>').description('forget a saved view')).action(
    (name: string, flags: CommonFlags) =>
      withViews(flags, async (views, dataset, ctx) => {
        const deleted = await views.delete(dataset, name);
        ctx.answer({ deleted }, () => (deleted ? `deleted ${name}` : `no view ${name}`));
        if (!deleted) process.exitCode = 1;
      }),
  );
  addCommonFlags(
    view
      .command('check')
      .description('check every view now (new matches, alerts sent); also runs after ingest'),
  ).action((flags: CommonFlags) =>
    withViews(flags, async (views, dataset, ctx) => {
      const checks = await views.check(dataset, 'manual');
      ctx.answer(checks, () => (checks.length ? checks.map(describeCheck).join('\n') : 'no saved views'));
    }),
  );
  addCommonFlags(
    view.command('alerts [name]').description('the alerts queued for the views, delivered or not'),
  ).action((name: string | undefined, flags: CommonFlags) =>
    withViews(flags, async (views, dataset, ctx) => {
      const alerts = await views.alerts(dataset, name);
      ctx.answer(alerts, () => (alerts.length ? alerts.map(describeAlert).join('\n') : 'no alerts'));
    }),
  );
}

async function withViews(
  flags: CommonFlags,
  work: (views: Views, dataset: string, ctx: CommandContext) => Promise<void>,
): Promise<void> {
  const ctx = commandContext(flags);
  const [{ openRuntime }, { openRuntimeViews }] = await Promise.all([
    import('../../runtime/index.ts'),
    import('../../runtime/views.ts'),
  ]);
  const runtime = await openRuntime(ctx.config, ctx.log);
  const curation = await runtime.store.curation();
  const views = await openRuntimeViews(runtime, curation);
  try {
    await work(views, ctx.config.dataset, ctx);
  } finally {
    views.close();
    await runtime.close();
  }
}

const describeView = (view: PublicView) =>
  `${view.name}  "${view.query}"  ${view.webhook ? `-> ${view.webhook.url}` : '(report only)'}`;

const describeCheck = (check: ViewCheck) =>
  `${check.name}: ${check.newMatches} new, ${check.removed} gone, ${check.total} in all` +
  (check.alert ? `; alert ${check.alert.id} ${check.alert.status}` : '');

const describeAlert = (alert: Alert) =>
  `${alert.createdAt}  ${alert.view}  ${alert.newMatches} new  ${alert.status} after ${alert.attempts} tries` +
  (alert.lastError ? ` (${alert.lastError})` : '');
