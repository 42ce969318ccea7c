import type { DatasetList } from '../../../shared/api/schemas/datasets.ts';
import type { Client } from '../api.ts';
import type { Run } from '../types.ts';

/** What the poll compares: the dataset's image count and its latest curation run. */
export interface Mark {
  dataset: string;
  images: number;
  run: Pick<Run, 'runId' | 'status' | 'startedAt' | 'finishedAt'> | null;
}

/** No new endpoint: the dataset list (image counts) and the newest run, two small answers. */
export async function readMark(client: Client, dataset: string): Promise<{ mark: Mark; list: DatasetList }> {
  // `no-cache`: the edge Worker would otherwise answer from its cache (60 s by default).
  const headers = { 'cache-control': 'no-cache' };
  const [list, runs] = await Promise.all([
    client.get('/v1/datasets', { headers }),
    client.get('/v1/datasets/{dataset}/runs', { params: { dataset }, query: { limit: 1 }, headers }),
  ]);
  const images = list.items.find((item) => item.name === dataset)?.images ?? 0;
  const latest = runs.items[0];
  const run = latest
    ? {
        runId: latest.runId,
        status: latest.status,
        startedAt: latest.startedAt,
        finishedAt: latest.finishedAt,
      }
    : null;
  return { mark: { dataset, images, run }, list };
}

export const sameDataset = (a: Mark, b: Mark): boolean => a.dataset === b.dataset;

/** A new run, or the latest one finished or failed. */
export function runMoved(a: Mark, b: Mark): boolean {
  return (
    a.run?.runId !== b.run?.runId ||
    a.run?.status !== b.run?.status ||
    a.run?.finishedAt !== b.run?.finishedAt
  );
}

export const markChanged = (a: Mark, b: Mark): boolean => a.images !== b.images || runMoved(a, b);
