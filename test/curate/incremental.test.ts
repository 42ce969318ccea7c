import { mkdir, writeFile } from 'node:fs/promises';
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
  await writeDataset(photos, 8);
  await ws.ingest(photos);
  await curateDataset(ws.deps, { dataset: DATASET, kind: 'full' });
});

afterAll(async () => {
  await ws?.close();
});

const duplicates = () =>
  listIssue(ws.deps, DATASET, { issue: 'duplicates' }, issueThresholds(ws.deps.config));

describe('incremental scoring of new uploads', () => {
  it('flags an upload that duplicates a stored image, in that image’s cluster, and leaves a new picture alone', async () => {
    await writeFile(join(photos, 'green', 'upload-copy.png'), await picture('green', 1006).png().toBuffer());
    await writeFile(
      join(photos, 'red', 'upload-reencoded.webp'),
      await picture('red', 5).webp({ quality: 90 }).toBuffer(),
    );
    await writeFile(join(photos, 'blue', 'upload-new.png'), await picture('blue', 2999).png().toBuffer());
    const ingest = await ws.ingest(photos);
    expect(ingest.ingested).toBe(3);

    const result = await scoreNewImages(ws.deps, DATASET);
    expect(result?.run).toMatchObject({
      kind: 'incremental',
      status: 'finished',
      counts: { images: 3, duplicates: 2 },
    });
    const byKey = Object.fromEntries(result?.rows.map((row) => [row.key, row]) ?? []);
    expect(byKey['green/upload-copy.png']).toMatchObject({
      duplicateCluster: id('green/green-6.png'),
      representative: false,
      exactDuplicate: true,
      duplicateScore: 1,
      uniqueness: 0,
    });
    expect(byKey['red/upload-reencoded.webp']).toMatchObject({
      duplicateCluster: id('red/red-5.png'),
      representative: false,
    });
    expect(byKey['blue/upload-new.png']).toMatchObject({ duplicateCluster: null, representative: true });
    expect(byKey['blue/upload-new.png'].duplicateScore).toBeLessThan(0.5);

    // The stored original now has a duplicate: it becomes its cluster's keeper.
    const original = result?.updated.find((row) => row.id === id('green/green-6.png'));
    expect(original).toMatchObject({
      duplicateCluster: id('green/green-6.png'),
      representative: true,
      uniqueness: 0,
    });
  });

  it('is merged over the full run by readers, and finds nothing left to score', async () => {
    const listed = await duplicates();
    expect(listed.rows.map((row) => row.key)).toEqual(
      expect.arrayContaining(['green/upload-copy.png', 'red/upload-reencoded.webp']),
    );
    expect(listed.rows.map((row) => row.key)).not.toContain('green/green-6.png');
    expect(await scoreNewImages(ws.deps, DATASET)).toBeUndefined();
  });

  it('judges arrivals with the full run’s calibration: a wrong label is flagged, a new class of one is not', async () => {
    await writeFile(join(photos, 'blue', 'upload-red.png'), await picture('red', 7001).png().toBuffer());
    await mkdir(join(photos, 'violet'), { recursive: true });
    await writeFile(
      join(photos, 'violet', 'upload-first.png'),
      await picture('green', 7002).png().toBuffer(),
    );
    expect((await ws.ingest(photos)).ingested).toBe(2);
    const result = await scoreNewImages(ws.deps, DATASET);
    const byKey = Object.fromEntries(result?.rows.map((row) => [row.key, row]) ?? []);
    const wrong = byKey['blue/upload-red.png'];
    expect(wrong.mislabelConfidence).toBeGreaterThan(0.5);
    expect(wrong.suggestedLabel).toBe('red');
    const evidence = JSON.parse(wrong.labelEvidence ?? 'null');
    expect(evidence.voters.length).toBeGreaterThan(0);
    expect(evidence.neighbourhood[0]).toMatchObject({ label: 'red' });
    expect(evidence.neighbourhood[0].share).toBeGreaterThan(0.5);
    expect(byKey['violet/upload-first.png']).toMatchObject({ mislabelConfidence: 0, suggestedLabel: null });
    expect(result?.run.counts.mislabels).toBe(1);
  });

  it('is superseded by the next full run, which agrees with it', async () => {
    const run = await curateDataset(ws.deps, { dataset: DATASET, kind: 'full' });
    const view = await resultsView(ws.deps.curation, DATASET, 'image');
    expect(view.full?.runId).toBe(run.run.runId);
    expect(view.incremental).toEqual([]);
    const listed = await duplicates();
    const copy = listed.rows.find((row) => row.key === 'green/upload-copy.png');
    expect(copy?.representative).toBe(id('green/green-6.png'));
  });
});
