import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  curateDataset,
  issueThresholds,
  listIssue,
  resultsView,
  scoreNewImages,
} from '../../shared/curate/index.ts';
import { imageId } from '../../shared/store/index.ts';
import { picture, type Workspace, workspace, writeDataset } from './run-fixtures.ts';

const DATASET = 'default';
const id = (key: string) => imageId(DATASET, key);
let ws: Workspace;
let photos: string;

beforeAll(async () => {
  ws = await workspace();
  photos = join(ws.root, 'photos');
  await writeDataset(photos, 6);
  await ws.ingest(photos);
  await curateDataset(ws.deps, { dataset: DATASET, kind: 'full' });
});

afterAll(async () => {
  await ws?.close();
});

/** The fixtures' pictures of one hue look alike to the descriptor; a negated one is like none of them. */
const unlike = (image: ReturnType<typeof picture>) => image.negate({ alpha: false });

/** Every cluster as readers see it now: its keep list and its drop list ("Download drop list"). */
async function clusters(): Promise<Map<string, { keep: string[]; drop: string[] }>> {
  const view = await resultsView(ws.deps.curation, DATASET, 'image');
  const rows = new Map<string, { duplicateCluster: string | null; representative: boolean }>();
  if (view.full)
    for (const row of await ws.deps.curation.rows(view.full.runId, { kind: 'image', limit: 10_000 }))
      rows.set(row.id, row);
  for (const [rowId, row] of view.overrides) rows.set(rowId, row);
  const dropped = new Set(
    (
      await listIssue(
        ws.deps,
        DATASET,
        { issue: 'duplicates', limit: 10_000 },
        issueThresholds(ws.deps.config),
      )
    ).rows
      .filter((row) => row.cluster)
      .map((row) => row.id),
  );
  const out = new Map<string, { keep: string[]; drop: string[] }>();
  for (const [rowId, row] of rows) {
    if (!row.duplicateCluster) continue;
    const entry = out.get(row.duplicateCluster) ?? { keep: [], drop: [] };
    (dropped.has(rowId) ? entry.drop : entry.keep).push(rowId);
    out.set(row.duplicateCluster, entry);
  }
  return out;
}

function expectOneKeeperEach(all: Map<string, { keep: string[]; drop: string[] }>) {
  for (const [keeper, { keep, drop }] of all) {
    expect(keep, `cluster ${keeper}`).toEqual([keeper]);
    expect(drop).not.toContain(keeper);
  }
}

describe('a keeper in every cluster', () => {
  it('keeps one of two copies that arrive in the same batch, by the keeper rule, and says why', async () => {
    await writeFile(
      join(photos, 'blue', 'twin-a.png'),
      await unlike(picture('blue', 4101, 128))
        .png()
        .toBuffer(),
    );
    await writeFile(
      join(photos, 'blue', 'twin-b.png'),
      await unlike(picture('blue', 4101, 128))
        .png()
        .toBuffer(),
    );
    await writeFile(
      join(photos, 'blue', 'twin-small.jpg'),
      await unlike(picture('blue', 4101, 128))
        .resize(96)
        .jpeg({ quality: 80 })
        .toBuffer(),
    );
    expect((await ws.ingest(photos)).ingested).toBe(3);
    const result = await scoreNewImages(ws.deps, DATASET);
    const byKey = Object.fromEntries(result?.rows.map((row) => [row.key, row]) ?? []);
    // Same size and quality: the key settles it; the smaller JPEG loses on resolution.
    expect(byKey['blue/twin-a.png']).toMatchObject({
      representative: true,
      duplicateCluster: id('blue/twin-a.png'),
      keptBecause: 'key',
    });
    expect(byKey['blue/twin-b.png']).toMatchObject({
      representative: false,
      duplicateCluster: id('blue/twin-a.png'),
      duplicateMatch: 'exact-bytes',
    });
    expect(byKey['blue/twin-small.jpg']).toMatchObject({
      representative: false,
      duplicateCluster: id('blue/twin-a.png'),
    });
    const all = await clusters();
    expect(all.get(id('blue/twin-a.png'))?.drop.sort()).toEqual(
      [id('blue/twin-b.png'), id('blue/twin-small.jpg')].sort(),
    );
    expectOneKeeperEach(all);
  });

  it('never hands the keeper role to a later, larger arrival silently: the image already kept stays kept', async () => {
    await writeFile(
      join(photos, 'red', 'first.jpg'),
      await unlike(picture('red', 4202, 96))
        .jpeg({ quality: 85 })
        .toBuffer(),
    );
    await ws.ingest(photos);
    await scoreNewImages(ws.deps, DATASET);
    await writeFile(
      join(photos, 'red', 'later-larger.png'),
      await unlike(picture('red', 4202, 96))
        .resize(160)
        .png()
        .toBuffer(),
    );
    await ws.ingest(photos);
    const result = await scoreNewImages(ws.deps, DATASET);
    const later = result?.rows.find((row) => row.key === 'red/later-larger.png');
    expect(later).toMatchObject({
      representative: false,
      duplicateCluster: id('red/first.jpg'),
      keptBecause: 'already-kept',
    });
    expect(later?.duplicateMatch).toMatch(/^near/);
    expect(result?.updated.find((row) => row.id === id('red/first.jpg'))).toMatchObject({
      representative: true,
      duplicateCluster: id('red/first.jpg'),
    });
    expectOneKeeperEach(await clusters());
  });

  it('gives every cluster of a full run one keeper and a reason', async () => {
    await curateDataset(ws.deps, { dataset: DATASET, kind: 'full' });
    const all = await clusters();
    expect(all.size).toBeGreaterThanOrEqual(3);
    expectOneKeeperEach(all);
    const view = await resultsView(ws.deps.curation, DATASET, 'image');
    const rows = await ws.deps.curation.rows(view.full?.runId as string, { kind: 'image', limit: 10_000 });
    for (const row of rows.filter((r) => r.duplicateCluster))
      expect(row.keptBecause).toEqual(expect.any(String));
    for (const row of rows.filter((r) => !r.duplicateCluster)) expect(row.keptBecause).toBeNull();
  });
});
