import { type Command, Option } from 'commander';
import type { IssueList } from '../../curate/index.ts';
import { VisibleError } from '../../errors/index.ts';
import { LISTABLE, unjudgedWords } from '../../vocabulary/index.ts';
import { addCommonFlags, type CommonFlags, commandContext } from '../context.ts';
import { describeLeaks } from './leaks-text.ts';

interface ListFlags extends CommonFlags {
  issue: (typeof LISTABLE)[number];
  threshold?: string;
  label?: string;
  limit: string;
  objects?: boolean;
}

export function registerList(program: Command): void {
  addCommonFlags(
    program
      .command('list')
      .description(
        'Images with an issue, most confident first (stored scores: a new threshold needs no re-run)',
      )
      .addOption(
        new Option('--issue <issue>', 'which issue (leaks: duplicates across train/val/test splits)')
          .choices(LISTABLE)
          .makeOptionMandatory(),
      )
      .option('--threshold <t>', 'confidence from 0 to 1 (default: the configured threshold of the issue)')
      .option('--label <label>', 'only images with this label')
      .option('--limit <n>', 'how many rows (1-10000)', '100')
      .option('--objects', 'objects instead of images (duplicates, uniques, mislabels, outliers)'),
  ).action(async (flags: ListFlags) => {
    const limit = Number(flags.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
      throw new VisibleError(
        `--limit must be a whole number from 1 to 10000, got "${flags.limit}"`,
        'invalid_limit',
      );
    }
    const threshold = flags.threshold === undefined ? undefined : Number(flags.threshold);
    if (threshold !== undefined && !(flags.threshold?.trim() && threshold >= 0 && threshold <= 1)) {
      throw new VisibleError(
        `--threshold must be a number from 0 to 1, got "${flags.threshold}"`,
        'invalid_threshold',
      );
    }
    const ctx = commandContext(flags);
    const [{ openRuntime }, { issueThresholds, listIssue }] = await Promise.all([
      import('../../runtime/index.ts'),
      import('../../curate/index.ts'),
    ]);
    const runtime = await openRuntime(ctx.config, ctx.log);
    try {
      const curation = await runtime.store.curation();
      if (flags.issue === 'leaks') {
        const { findLeaks } = await import('../../curate/leakage/index.ts');
        const report = await findLeaks({ store: runtime.store, curation }, ctx.config.dataset, {
          threshold,
          limit,
        });
        ctx.answer(report, () => describeLeaks(report));
        return;
      }
      const list = await listIssue(
        { store: runtime.store, curation },
        ctx.config.dataset,
        {
          issue: flags.issue as Exclude<ListFlags['issue'], 'leaks'>,
          threshold,
          label: flags.label,
          limit,
          kind: flags.objects ? 'object' : 'image',
        },
        issueThresholds(ctx.config),
      );
      ctx.answer(list, () => describeList(list));
    } finally {
      await runtime.close();
    }
  });
}

function describeList(list: IssueList): string {
  const at = list.threshold === null ? 'the select-uniques subset' : `threshold ${list.threshold}`;
  if (list.rows.length === 0) return [`no ${list.issue} at ${at}`, ...describeUnjudged(list)].join('\n');
  const lines = [`${list.rows.length} ${list.issue} at ${at}${list.runId ? ` (run ${list.runId})` : ''}`];
  for (const row of list.rows) {
    const extra = [
      row.label === null ? '(no label)' : row.label,
      row.suggestedLabel ? `-> ${row.suggestedLabel}` : '',
      row.match ? matchWords(row.match) : '',
      row.representative ? `keep ${row.representativeKey ?? row.representative}` : '',
    ].filter(Boolean);
    lines.push(`${row.confidence.toFixed(3)}  ${row.key}  ${extra.join('  ')}`);
  }
  return [...lines, ...describeUnjudged(list)].join('\n');
}

/** Images the check could not judge are not "fine": they are named, with why, after the verdicts. */
function describeUnjudged(list: IssueList): string[] {
  const unjudged = list.unjudged;
  if (!unjudged || unjudged.count === 0) return [];
  const shown = unjudged.rows.length < unjudged.count ? ` (first ${unjudged.rows.length})` : '';
  return [
    `${unjudged.count} not judged for ${list.issue}${shown}:`,
    ...unjudged.rows.map((row) => `    -  ${row.key}  ${unjudgedWords(row.reason)}`),
  ];
}

/** The words the page and the report use: 'exact (same bytes)', 'near (resized, cropped)'. */
function matchWords(match: string): string {
  if (match === 'exact-bytes') return 'exact (same bytes)';
  if (match === 'exact-pixels') return 'exact (same pixels)';
  const transforms = match.replace(/^near:?\s*/, '');
  return transforms === match ? match : `near (${transforms || 'unverified'})`;
}
