import { notFound } from '../errors.ts';

/** Seconds a dataset seen to hold images is taken to still exist, so a busy listing does not count rows each time. */
const REMEMBER_MS = 30_000;

/**
 * `/datasets/nope/images` is a 404 like `/datasets/nope`: a dataset exists while it holds an image. Datasets
 * seen recently are not counted again; an unknown one is, every time (it may have just been ingested).
 */
export function datasetGuard(count: (dataset: string) => Promise<number>, now = () => Date.now()) {
  const seen = new Map<string, number>();
  return async function assertDataset(dataset: string): Promise<void> {
    const until = seen.get(dataset);
    if (until !== undefined && until > now()) return;
    if ((await count(dataset)) === 0) {
      seen.delete(dataset);
      throw notFound(`Dataset "${dataset}"`);
    }
    seen.set(dataset, now() + REMEMBER_MS);
  };
}
