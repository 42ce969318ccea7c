import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFolder } from '../../shared/ingest/index.ts';
import { silentLogger } from '../../shared/log/index.ts';
import { openSnapshots, type Snapshots } from '../../shared/snapshots/index.ts';
import { scene } from '../helpers/images.ts';
import { type SplitFixture, splitFixture } from './fixture.ts';

let fx: SplitFixture;
let snapshots: Snapshots;
let otherDir: string;
beforeAll(async () => {
  fx = await splitFixture({ perClass: 3 });
  // A second dataset in the same tables: a restore of "splits" must leave it alone.
  otherDir = join(fx.dir, 'other');
  await mkdir(otherDir, { recursive: true });
  await writeFile(join(otherDir, 'a.png'), await scene(424242, 'noise', 200, 150));
  const embedder = await fx.runtime.embedder();
  await ingestFolder(otherDir, { ...fx.runtime.ingestContext(embedder), dataset: 'other' });
  snapshots = await openSnapshots(fx.config.dbUri, { log: silentLogger });
});
afterAll(async () => {
  snapshots?.close();
  await fx?.cleanup();
});

const store = () => fx.runtime.store;
const keys = async (dataset: string) => {
  const out: string[] = [];
  for await (const batch of store().images.scan(dataset, { columns: ['key'] }))
    out.push(...batch.map((r) => r.key));
  return out.sort();
};

describe('snapshots', () => {
  it('names a state, diffs it against later changes, and restores it without touching other datasets', async () => {
    const v1 = await snapshots.create('splits', 'v1');
    expect(v1.versions.images).toBeGreaterThan(0);
    expect(v1.counts.images).toBe((await keys('splits')).length);
    await expect(snapshots.create('splits', 'v1')).rejects.toThrow(/already has a snapshot "v1"/);
    await expect(snapshots.create('splits', 'Bad Name')).rejects.toThrow(/Invalid snapshot name/);
    const before = await keys('splits');

    // Change the dataset: one image removed, one relabelled, one added; then curate again.
    const [gone, relabel] = before;
    await rm(join(fx.inbox, gone));
    await store().images.deleteKeys('splits', [gone]);
    await copyFile(join(fx.inbox, before[3]), join(fx.inbox, 'test', 'new-one.png'));
    await fx.ingest();
    await fx.curate();
    // Relabelled after the ingest, which would put the folder's label back.
    const row = await store().images.getByKey('splits', relabel);
    await store().images.upsert([{ ...(row as NonNullable<typeof row>), label: 'renamed' }]);
    await writeFile(join(otherDir, 'b.png'), await scene(777, 'stripes', 200, 150));
    const embedder = await fx.runtime.embedder();
    await ingestFolder(otherDir, { ...fx.runtime.ingestContext(embedder), dataset: 'other' });
    // Housekeeping must keep the tagged versions (LanceDB refuses to clean them up).
    await store().optimize({ keepVersionsMs: 0 });

    const diff = await snapshots.diff('splits', 'v1');
    expect(diff.to).toBe('current');
    expect(diff.removed.map((r) => r.key)).toEqual([gone]);
    expect(diff.added.map((r) => r.key)).toContain('test/new-one.png');
    expect(diff.relabelled).toEqual([expect.objectContaining({ key: relabel, to: 'renamed' })]);
    expect(diff.issues.duplicates.appeared.length).toBeGreaterThan(0);

    const result = await snapshots.restore('splits', 'v1');
    expect(result.tables.images.mode).toBe('rewrite');
    expect(await keys('splits')).toEqual(before);
    expect((await store().images.getByKey('splits', relabel))?.label).toBe(row?.label);
    expect(await keys('other')).toEqual(['a.png', 'b.png']);
    const after = await snapshots.diff('splits', 'v1');
    expect([after.added, after.removed, after.relabelled]).toEqual([[], [], []]);
    for (const change of Object.values(after.issues)) expect(change).toEqual({ appeared: [], gone: [] });

    // The restore took a snapshot first: it can be undone.
    const names = (await snapshots.list('splits')).map((s) => s.name);
    expect(names).toEqual(['v1', result.undo]);
    const again = await snapshots.restore('splits', result.undo);
    expect(await keys('splits')).toContain('test/new-one.png');
    await snapshots.delete('splits', result.undo);
    expect((await snapshots.list('splits')).map((s) => s.name)).toEqual(['v1', again.undo]);
  });
});
