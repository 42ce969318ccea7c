import { VisibleError } from '../errors/index.ts';
import type { QualityIssue } from '../media/types.ts';
import type { StoreCore } from './core.ts';
import { datasetWhere, streamRows } from './query.ts';
import { failuresSpec, imagesSpec, objectsSpec, QUALITY_COLUMNS } from './schema.ts';
import type { DatasetStats } from './types.ts';

/** Counts per label and per quality flag, in one streaming pass: LanceDB has no GROUP BY. */
export async function datasetStats(
  core: StoreCore,
  dataset: string,
  given: Partial<Record<QualityIssue, number>> = {},
): Promise<DatasetStats> {
  const thresholds = Object.fromEntries(
    QUALITY_COLUMNS.map((issue) => [issue, checkThreshold(issue, given[issue] ?? 0.5)]),
  ) as Record<QualityIssue, number>;
  const quality = Object.fromEntries(QUALITY_COLUMNS.map((issue) => [issue, 0])) as Record<
    QualityIssue,
    number
  >;
  const labels: Record<string, number> = {};
  let images = 0;
  let unlabeled = 0;

  const table = await core.images.open();
  if (table) {
    const filter = datasetWhere(imagesSpec, dataset);
    for await (const batch of streamRows(table, imagesSpec, filter, ['label', ...QUALITY_COLUMNS], 8192)) {
      for (const row of batch) {
        images += 1;
        const label = row.label as string | null;
        if (label === null) unlabeled += 1;
        else labels[label] = (labels[label] ?? 0) + 1;
        for (const issue of QUALITY_COLUMNS)
          if ((row[issue] as number) >= thresholds[issue]) quality[issue] += 1;
      }
    }
  }
  const objects = await core.objects.open();
  const failures = await core.failures.open();
  return {
    dataset,
    images,
    objects: objects ? await objects.countRows(datasetWhere(objectsSpec, dataset)) : 0,
    failures: failures ? await failures.countRows(datasetWhere(failuresSpec, dataset)) : 0,
    labels,
    unlabeled,
    quality,
    thresholds,
  };
}

function checkThreshold(issue: string, value: number): number {
  if (!(Number.isFinite(value) && value >= 0 && value <= 1)) {
    throw new VisibleError(
      `The ${issue} threshold must be a number from 0 to 1; got ${value}.`,
      'invalid_threshold',
    );
  }
  return value;
}
