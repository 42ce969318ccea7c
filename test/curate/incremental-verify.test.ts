import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { curateDataset, scoreNewImages } from '../../shared/curate/index.ts';
import { cosine } from '../../shared/linalg/vectors.ts';
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

const vectorOf = async (key: string) => (await ws.deps.store.images.getMany(DATASET, [id(key)]))[0].vector;

describe('incremental runs verify candidates as full runs do', () => {
  it('joins a flipped copy the cosine alone misses, and keeps a look-alike apart, as the next full run does', async () => {
    await writeFile(
      join(photos, 'green', 'upload-flipped.png'),
      await picture('green', 1003).flop().png().toBuffer(),
    );
    await writeFile(
      join(photos, 'green', 'upload-lookalike.png'),
      await picture('green', 1901).png().toBuffer(),
    );
    expect((await ws.ingest(photos)).ingested).toBe(2);

    const flippedCosine = cosine(
      await vectorOf('green/upload-flipped.png'),
      await vectorOf('green/green-3.png'),
    );
    const result = await scoreNewImages(ws.deps, DATASET);
    const threshold = result?.run.parameters.duplicateThresholdUsed as number;
    expect(result?.run.parameters.duplicateVerification).toMatch(/thumbnails/);
    // The descriptor is not mirror-invariant: only the mirrored query and the verifier can pair these two.
    expect(flippedCosine).toBeLessThan(threshold);
    const byKey = Object.fromEntries(result?.rows.map((row) => [row.key, row]) ?? []);
    expect(byKey['green/upload-flipped.png']).toMatchObject({
      duplicateCluster: id('green/green-3.png'),
      representative: false,
      duplicateMatch: 'near',
      keptBecause: 'already-kept',
    });
    expect(byKey['green/upload-flipped.png'].duplicateScore).toBeGreaterThanOrEqual(0.5);

    // A new picture of the same class: a candidate by its cosine, a different picture by its pixels.
    const lookalike = byKey['green/upload-lookalike.png'];
    const nearest = cosine(
      await vectorOf('green/upload-lookalike.png'),
      (await ws.deps.store.images.getMany(DATASET, [lookalike.nearestId as string]))[0].vector,
    );
    expect(nearest).toBeGreaterThanOrEqual(result?.run.parameters.duplicateCandidate as number);
    expect(lookalike).toMatchObject({ duplicateCluster: null, representative: true });
    expect(lookalike.duplicateScore).toBeLessThan(0.5);

    const full = await curateDataset(ws.deps, { dataset: DATASET, kind: 'full' });
    const rows = await ws.deps.curation.rowsFor(full.run.runId, [
      id('green/upload-flipped.png'),
      id('green/upload-lookalike.png'),
    ]);
    const again = Object.fromEntries(rows.map((row) => [row.key, row]));
    expect(again['green/upload-flipped.png'].duplicateCluster).toBe(id('green/green-3.png'));
    expect(again['green/upload-lookalike.png'].duplicateCluster).toBeNull();
  });

  it('finds a bordered and a letterboxed copy through their content, on arrival and in the full run', async () => {
    const original = await picture('red', 2).png().toBuffer();
    await writeFile(
      join(photos, 'red', 'upload-bordered.png'),
      await sharp(original)
        .extend({ top: 10, bottom: 10, left: 10, right: 10, background: '#000000' })
        .png()
        .toBuffer(),
    );
    await writeFile(
      join(photos, 'red', 'upload-letterbox.png'),
      await sharp(original).extend({ left: 40, right: 40, background: '#000000' }).png().toBuffer(),
    );
    expect((await ws.ingest(photos)).ingested).toBe(2);
    const [bordered] = await ws.deps.store.images.getMany(DATASET, [id('red/upload-bordered.png')]);
    expect(bordered.contentVector).toBeTruthy();
    // The frame moves the descriptor away from the original's: the content vector is what finds it.
    expect(cosine(bordered.vector, await vectorOf('red/red-2.png'))).toBeLessThan(0.9);

    const result = await scoreNewImages(ws.deps, DATASET);
    const byKey = Object.fromEntries(result?.rows.map((row) => [row.key, row]) ?? []);
    for (const key of ['red/upload-bordered.png', 'red/upload-letterbox.png'])
      expect(byKey[key], key).toMatchObject({ duplicateCluster: id('red/red-2.png'), representative: false });

    const full = await curateDataset(ws.deps, { dataset: DATASET, kind: 'full' });
    const rows = await ws.deps.curation.rowsFor(full.run.runId, [
      id('red/red-2.png'),
      id('red/upload-bordered.png'),
      id('red/upload-letterbox.png'),
    ]);
    // One cluster of three; the full run's keeper rule (resolution first) may keep a framed copy, which has more
    // pixels than the original.
    const cluster = rows[0].duplicateCluster;
    expect(cluster).not.toBeNull();
    expect(rows.map((row) => row.duplicateCluster)).toEqual([cluster, cluster, cluster]);
    expect(rows.filter((row) => row.representative)).toHaveLength(1);
  });
});
