import type { CurationColumn, CurationRow } from '../../store/index.ts';
import {
  type CurationIssue,
  isCurationIssue,
  PROBLEM_ISSUES,
  type ProblemIssue,
  QUALITY_ISSUES,
} from '../../vocabulary/index.ts';
import type { DistributionsQuery, ScoreDistributions } from '../schemas/distributions.ts';
import type { PortContext } from './context.ts';
import { CURATION_ISSUES, round } from './issues.ts';

const BATCH = 8192;
const CURATION_PROBLEMS = PROBLEM_ISSUES.filter(isCurationIssue) as (ProblemIssue & CurationIssue)[];
/** What the curation problems' confidences and the keeper rule read, and the id that overrides replace. */
const CURATION_COLUMNS: CurationColumn[] = [
  'id',
  'representative',
  'duplicateCluster',
  'uniqueness',
  ...new Set(CURATION_PROBLEMS.flatMap((issue) => CURATION_ISSUES[issue].order)),
];

/**
 * Each slider's confidence binned over the latest results, in one pass over only the columns it reads: quality
 * scores from the images table, curation scores from the full run (its rows held in memory when the results
 * cache has them, else streamed) with newer incremental rows in place of theirs. Memory: the bins and a batch.
 */
export async function scoreDistributions(
  ctx: PortContext,
  dataset: string,
  query: DistributionsQuery,
): Promise<ScoreDistributions> {
  const bins = histograms(query.bins);
  for await (const batch of ctx.store.images.scan(dataset, {
    columns: [...QUALITY_ISSUES],
    batchSize: BATCH,
  })) {
    for (const image of batch) for (const issue of QUALITY_ISSUES) bins.add(issue, image[issue]);
  }
  const results = await ctx.results(dataset);
  const addRow = (row: CurationRow) => {
    bins.addUniqueness(row.uniqueness);
    for (const issue of CURATION_PROBLEMS) {
      // matches at 0 is "could be listed": keepers are never duplicates, so they are not counted as ones.
      const predicate = CURATION_ISSUES[issue];
      if (predicate.matches(row, 0)) bins.add(issue, predicate.confidence(row));
    }
  };
  const { full, fullRows, overrides } = results;
  if (full && fullRows) {
    for (const row of fullRows.values()) if (!overrides.has(row.id)) addRow(row);
  } else if (full) {
    const scan = ctx.curation.scanColumns(full.runId, {
      kind: 'image',
      columns: CURATION_COLUMNS,
      batchSize: BATCH,
    });
    for await (const batch of scan) {
      // The predicates read only the columns scanned.
      for (const row of batch as CurationRow[]) if (!overrides.has(row.id)) addRow(row);
    }
  }
  for (const row of overrides.values()) addRow(row);
  return {
    runId: results.runId,
    bins: query.bins,
    scores: bins.result(ctx.thresholds),
    uniqueness: bins.uniqueness(),
  };
}

function histograms(size: number) {
  const counts = Object.fromEntries(PROBLEM_ISSUES.map((issue) => [issue, new Array<number>(size).fill(0)]));
  const uniqueness = new Array<number>(size).fill(0);
  const binOf = (value: number) => Math.min(size - 1, Math.max(0, Math.floor(value * size + 1e-9)));
  return {
    add(issue: ProblemIssue, value: number) {
      if (!Number.isFinite(value)) return;
      // Rounded as the listing's confidences are (float32 0.35 is 0.34999999), so a bin edge cuts where a slider
      // does; 1 belongs to the last bin.
      counts[issue][binOf(round(value))] += 1;
    },
    addUniqueness(value: number) {
      // Not rounded: the uniqueness filter compares the stored float32 itself (shared/api/lance/plan.ts).
      if (Number.isFinite(value)) uniqueness[Math.min(size - 1, Math.max(0, Math.floor(value * size)))] += 1;
    },
    uniqueness(): ScoreDistributions['uniqueness'] {
      return { counts: uniqueness, total: uniqueness.reduce((sum, n) => sum + n, 0) };
    },
    result(thresholds: PortContext['thresholds']): ScoreDistributions['scores'] {
      return Object.fromEntries(
        PROBLEM_ISSUES.map((issue) => [
          issue,
          {
            counts: counts[issue],
            total: counts[issue].reduce((sum, n) => sum + n, 0),
            threshold: thresholds[issue],
          },
        ]),
      ) as ScoreDistributions['scores'];
    },
  };
}
