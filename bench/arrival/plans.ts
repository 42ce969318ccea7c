/**
 * What each store query of one arrival reads, straight from LanceDB's analyzePlan: the filters incremental
 * scoring sends (exact copies, label sizes, arrivals by ingest time, curation rows by id) and its vector search,
 * each with its wall time and the plan's scan and index nodes (rows, bytes, I/O operations).
 */
import { connect } from '@lancedb/lancedb';
import { compileFilter, type Filter, filterColumns, imagesSpec, where } from '../../shared/store/index.ts';
import { SEARCH_TUNING } from '../../shared/store/vectors.ts';
import { type BuiltDataset, DATASET, storedId } from './dataset.ts';

export interface PlanLine {
  n: number;
  what: string;
  ms: number;
  plan: string;
}

const columns = filterColumns(imagesSpec);
const images = (filter: Filter) => compileFilter(filter, columns);

export async function planLines(built: BuiltDataset): Promise<PlanLine[]> {
  const conn = await connect(built.config.dbUri, { readConsistencyInterval: 0 });
  const table = await conn.openTable('images');
  const curation = await conn.openTable('curation');
  try {
    const i = Math.floor(built.n / 3);
    const [row] = await table
      .query()
      .where(`id = '${storedId(i)}'`)
      .select(['vector', 'label'])
      .toArray();
    const vector = Float32Array.from(row.vector as Iterable<number>);
    const [full] = await (await conn.openTable('runs'))
      .query()
      .where("kind = 'full'")
      .select(['runId'])
      .toArray();
    const ids = Array.from({ length: 11 }, (_, j) => `'${storedId((i + j * 7919) % built.n)}'`).join(', ');
    const queries: [string, () => Promise<string>][] = [
      [
        'exact copies: sha256 or pixelHash (gatherNeighbourhood)',
        () =>
          table
            .query()
            .where(
              images(
                where.and(
                  where.eq('dataset', DATASET),
                  where.or(where.eq('sha256', `sha-${i}`), where.eq('pixelHash', `px1:${i}`)),
                ),
              ),
            )
            .limit(101)
            .analyzePlan(),
      ],
      [
        'top-k vector search (gatherNeighbourhood)',
        () =>
          table
            .vectorSearch(vector)
            .distanceType('cosine')
            .nprobes(SEARCH_TUNING.nprobes)
            .ef(SEARCH_TUNING.ef)
            .refineFactor(SEARCH_TUNING.refineFactor)
            .limit(11)
            .analyzePlan(),
      ],
      [
        'label size, up to k + 1 (localMislabels)',
        () =>
          table
            .query()
            .where(images(where.and(where.eq('dataset', DATASET), where.eq('label', String(row.label)))))
            .select(['id'])
            .limit(11)
            .analyzePlan(),
      ],
      [
        'arrivals by ingest time (the watcher: no ids)',
        () =>
          table
            .query()
            .where(
              images(
                where.and(
                  where.eq('dataset', DATASET),
                  where.range('ingestedAt', { gte: Date.now() - 3.6e6 }),
                ),
              ),
            )
            .select(['id'])
            .analyzePlan(),
      ],
      ['images by id (getMany)', () => table.query().where(`id IN (${ids})`).analyzePlan()],
      [
        'full-run rows by id (CurrentRows.load)',
        () => curation.query().where(`runId = '${full.runId}' AND id IN (${ids})`).analyzePlan(),
      ],
    ];
    const out: PlanLine[] = [];
    for (const [what, run] of queries) {
      await run(); // once to load the index pages
      const started = performance.now();
      const plan = await run();
      out.push({ n: built.n, what, ms: performance.now() - started, plan: summary(plan) });
    }
    return out;
  } finally {
    curation.close();
    table.close();
    conn.close();
  }
}

/** The plan's reading nodes: what each read (rows, bytes, fragments) and which indexes answered the filter. */
function summary(plan: string): string {
  const wanted = /^(LanceRead|LanceScan|Take|ScalarIndexQuery|ANNSubIndex|ANNIvfPartition)/;
  return plan
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => wanted.test(line))
    .map((line) => {
      const node = line.slice(0, line.indexOf(':'));
      const metric = (name: string) => new RegExp(`${name}=([^,\\]]+)`).exec(line)?.[1];
      const parts = ['output_rows', 'bytes_read', 'fragments_scanned', 'iops', 'partitions_searched']
        .map((name) => [name, metric(name)])
        .filter(([, value]) => value !== undefined)
        .map(([name, value]) => `${name} ${value}`);
      const filter = /refine_filter=([^,]+)/.exec(line)?.[1];
      if (filter && filter !== '--') parts.push(`scanned for: ${filter}`);
      const query = /query=(.*?), metrics=/.exec(line)?.[1];
      if (query) parts.push(`index: ${query.slice(0, 160)}`);
      return `${node}: ${parts.join(', ')}`;
    })
    .join('\n      ');
}

export function printPlans(all: PlanLine[][]): void {
  console.log('\nwhat one arrival asks of the store (LanceDB analyzePlan; wall ms of the second call)');
  for (const lines of all)
    for (const line of lines)
      console.log(`n=${line.n} | ${line.what} | ${line.ms.toFixed(1)} ms\n      ${line.plan}`);
}
