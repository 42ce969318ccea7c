import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LeakReport } from '../../shared/api/ports.ts';
import type { ImagePage } from '../../shared/api/schemas/images.ts';
import { findLeaks } from '../../shared/curate/leakage/index.ts';
import { splitOf } from '../../shared/splits/index.ts';
import { type SplitFixture, splitFixture } from './fixture.ts';

let fx: SplitFixture;
beforeAll(async () => {
  fx = await splitFixture();
});
afterAll(async () => {
  await fx?.cleanup();
});

describe('splits and leakage', () => {
  it('reads the split of every image from its folder', async () => {
    const byKey = new Map<string, string | null>();
    for await (const batch of fx.runtime.store.images.scan('splits', { columns: ['key', 'tags', 'label'] }))
      for (const row of batch) byKey.set(row.key, splitOf(row.tags));
    expect(byKey.size).toBeGreaterThan(10);
    for (const [key, split] of byKey) expect(split, key).toBe(key.split('/')[0]);
    // The class folder under the split folder still names the label.
    const row = await fx.runtime.store.images.getByKey('splits', fx.leaks[0][1]);
    expect(row?.label).toBe(fx.leaks[0][1].split('/')[1]);
    expect(row?.tags).toEqual(['split:test']);
  });

  it('reports each planted cross-split copy, keeps the evaluation copy, and leaves in-split copies alone', async () => {
    const report = await findLeaks({ store: fx.runtime.store, curation: fx.curation }, 'splits');
    expect(report.notice).toBeNull();
    expect(report.splits).toEqual({ train: 7, val: 4, test: 4 });
    const found = report.clusters.map((cluster) => cluster.members.map((m) => m.key).sort());
    for (const [original, copy] of fx.leaks) expect(found).toContainEqual([original, copy].sort());
    expect(found.flat()).not.toContain(fx.inSplit[0][1]);
    expect(report.counts).toEqual({ clusters: 2, pairs: 2, toMove: 2 });
    for (const cluster of report.clusters) {
      const copy = fx.leaks.find(([original]) => cluster.members.some((m) => m.key === original)) as [
        string,
        string,
      ];
      expect(cluster.home).toBe(copy[1].split('/')[0]);
      expect(cluster.keep.key).toBe(copy[1]);
      const moved = cluster.members.filter((m) => m.action === 'move');
      expect(moved.map((m) => [m.key, m.to])).toEqual([[copy[0], cluster.home]]);
      expect(cluster.confidence).toBeGreaterThanOrEqual(0.5);
    }
  });

  it('answers the leaks route and filters views by split with the query syntax', async () => {
    const leaks = (await (await fx.request('/v1/datasets/splits/leaks')).json()) as LeakReport;
    expect(leaks.counts.clusters).toBe(2);
    const test = (await (
      await fx.request(`/v1/datasets/splits/images?q=${encodeURIComponent('split:test')}`)
    ).json()) as ImagePage;
    expect(test.items.map((i: { key: string }) => i.key.split('/')[0])).toEqual([
      'test',
      'test',
      'test',
      'test',
    ]);
    const notTrain = (await (
      await fx.request(`/v1/datasets/splits/images?q=${encodeURIComponent('-split:train dup:any')}`)
    ).json()) as ImagePage;
    expect(notTrain.items.map((i: { key: string }) => i.key).sort()).toEqual(
      fx.leaks.map(([, copy]) => copy).sort(),
    );
  });
});
