import { connect } from '@lancedb/lancedb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCurationStore } from '../../shared/store/curation.ts';
import { clustersSpec } from '../../shared/store/curation-schema.ts';
import type { CurationRow, CurationStore } from '../../shared/store/curation-types.ts';
import { where } from '../../shared/store/filters.ts';
import { openStore } from '../../shared/store/open.ts';
import { arrowSchema } from '../../shared/store/schema.ts';
import { SCHEMA_VERSION } from '../../shared/store/types.ts';
import { tempDir } from '../store/helpers.ts';

function row(runId: string, id: string, overrides: Partial<CurationRow> = {}): CurationRow {
  return {
    runId,
    dataset: 'd',
    kind: 'image',
    id,
    imageId: id,
    key: `${id}.jpg`,
    label: null,
    duplicateCluster: null,
    representative: true,
    duplicateScore: 0,
    exactDuplicate: false,
    nearestId: null,
    nearestSimilarity: 0,
    uniqueness: 1,
    selected: true,
    mislabelConfidence: 0,
    suggestedLabel: null,
    outlierConfidence: 0,
    datasetOutlierConfidence: 0,
    typicality: 0.5,
    representativeRank: -1,
    mapX: -1,
    mapY: -1,
    mapRank: -1,
    visualClusters: [0, 1, 2, 3, 4],
    ...overrides,
  };
}

const base = {
  dataset: 'd',
  model: 'm',
  previousRunId: null,
  parameters: { k: 10 },
  counts: {},
  timings: {},
};

describe('curation store', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let curation: CurationStore;

  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
    curation = await openCurationStore(dir);
  });
  afterEach(async () => {
    curation.close();
    await cleanup();
  });

  it('shows a run only once it is finished, with its parameters, counts and timings', async () => {
    await curation.startRun({ ...base, runId: 'r1', kind: 'full', startedAt: 1000 });
    await curation.writeRows([row('r1', 'a', { duplicateScore: 0.9, label: "o'brien" }), row('r1', 'b')]);
    expect(await curation.latestRun('d')).toBeUndefined();
    await curation.finishRun('r1', { status: 'finished', counts: { duplicates: 1 }, timings: { knn: 5 } });
    const latest = await curation.latestRun('d');
    expect(latest).toMatchObject({
      runId: 'r1',
      status: 'finished',
      parameters: { k: 10 },
      counts: { duplicates: 1 },
    });
    expect(latest?.finishedAt).toBeGreaterThan(0);
    const flagged = await curation.rows('r1', {
      where: where.range('duplicateScore', { gte: 0.5 }),
      orderBy: { column: 'duplicateScore', ascending: false },
    });
    expect(flagged.map((r) => [r.id, r.label, r.visualClusters])).toEqual([
      ['a', "o'brien", [0, 1, 2, 3, 4]],
    ]);
    expect(await curation.countRows('r1', { where: where.eq('representative', true) })).toBe(2);
  });

  it('records the schema version, so an older viscura refuses the store', async () => {
    await curation.startRun({ ...base, runId: 'r1', kind: 'full', startedAt: 1 });
    const store = await openStore(dir);
    expect(await store.schemaVersion()).toBe(SCHEMA_VERSION);
    store.close();
  });

  it('picks the newest finished run of a kind and prunes runs older than the kept full runs', async () => {
    const runs: [string, 'full' | 'incremental', number][] = [
      ['f1', 'full', 1],
      ['i1', 'incremental', 2],
      ['f2', 'full', 3],
      ['i2', 'incremental', 4],
      ['f3', 'full', 5],
    ];
    for (const [runId, kind, startedAt] of runs) {
      await curation.startRun({ ...base, runId, kind, startedAt });
      await curation.writeRows([row(runId, 'a')]);
      await curation.writeClusters([
        { runId, dataset: 'd', level: 0, clusterId: 0, size: 1, preview: ['a'], labels: null },
      ]);
      await curation.finishRun(runId, { status: 'finished', counts: {}, timings: {} });
    }
    await curation.startRun({ ...base, runId: 'f4', kind: 'full', startedAt: 6 });
    expect((await curation.latestRun('d'))?.runId).toBe('f3');
    expect((await curation.latestRun('d', 'incremental'))?.runId).toBe('i2');
    expect((await curation.prune('d', 2)).sort()).toEqual(['f1', 'i1']);
    expect((await curation.runs('d')).map((r) => r.runId)).toEqual(['f4', 'f3', 'i2', 'f2']);
    expect(await curation.countRows('f1')).toBe(0);
    expect(await curation.clusters('f1', 0)).toEqual([]);
    expect(await curation.clusters('f2', 0)).toHaveLength(1);
    await curation.optimize();
    expect(await curation.rowsFor('f2', ['a'])).toHaveLength(1);
  });

  it('reads visual clusters written before their labels were kept as labels null, and writes to them', async () => {
    const conn = await connect(dir);
    const { labels: _absent, ...columns } = clustersSpec.columns;
    const old = { runId: 'old', dataset: 'd', level: 0, clusterId: 0, size: 2, preview: ['a', 'b'] };
    await conn.createTable('clusters', [{ rowId: 'old/0/0', ...old }], {
      schema: arrowSchema({ ...clustersSpec, columns }),
    });
    conn.close();
    expect(await curation.clusters('old', 0)).toEqual([{ ...old, labels: null }]);
    const labels = [{ label: 'cat', count: 1, share: 1 }];
    await curation.writeClusters([{ ...old, runId: 'new', size: 1, preview: ['c'], labels }]);
    expect((await curation.clusters('new', 0, { id: 0 }))[0].labels).toEqual(labels);
    expect(await curation.clusters('new', 0, { id: 1 })).toEqual([]);
    expect((await curation.clusters('old', 0))[0].labels).toBeNull();
  });

  it('refuses scores outside [0, 1]', async () => {
    await expect(curation.writeRows([row('r', 'a', { uniqueness: Number.NaN })])).rejects.toThrow(
      /uniqueness/,
    );
  });
});
