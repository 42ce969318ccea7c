import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CurateResult,
  curateDataset,
  issueThresholds,
  listIssue,
  reportKeys,
} from '../../shared/curate/index.ts';
import { imageId } from '../../shared/store/index.ts';
import { type Workspace, workspace, writeDataset } from './run-fixtures.ts';

const DATASET = 'default';
let ws: Workspace;
let planted: Awaited<ReturnType<typeof writeDataset>>;
let first: CurateResult;
let embedded = 0;

beforeAll(async () => {
  ws = await workspace();
  const embed = ws.deps.embedder?.embedImages.bind(ws.deps.embedder);
  if (ws.deps.embedder && embed) {
    ws.deps.embedder.embedImages = (rasters) => {
      embedded += rasters.length;
      return embed(rasters);
    };
  }
  planted = await writeDataset(join(ws.root, 'photos'));
  const ingest = await ws.ingest(join(ws.root, 'photos'));
  expect(ingest.failed).toEqual([]);
  first = await curateDataset(ws.deps, { dataset: DATASET, kind: 'full' });
});

afterAll(async () => {
  await ws?.close();
});

const id = (key: string) => imageId(DATASET, key);
const list = (query: Parameters<typeof listIssue>[2]) =>
  listIssue(ws.deps, DATASET, query, issueThresholds(ws.deps.config));

describe('a full curation run over an ingested folder', () => {
  it('clusters each planted copy with its original and keeps the original', async () => {
    const duplicates = await list({ issue: 'duplicates' });
    const byKey = Object.fromEntries(duplicates.rows.map((row) => [row.key, row.representative]));
    expect(byKey).toEqual({
      [planted.exact.copy]: id(planted.exact.original),
      [planted.resized.copy]: id(planted.resized.original),
      [planted.near.copy]: id(planted.near.original),
    });
    expect(duplicates.rows.find((row) => row.key === planted.exact.copy)?.representativeKey).toBe(
      planted.exact.original,
    );
    const rows = await ws.deps.curation.rowsFor(first.run.runId, [id(planted.resized.original)]);
    expect(rows[0]).toMatchObject({ representative: true, duplicateCluster: id(planted.resized.original) });
  });

  it('flags the planted mislabel, alone, with the label it looks like', async () => {
    const mislabels = await list({ issue: 'mislabels' });
    expect(mislabels.rows.map((row) => [row.key, row.label, row.suggestedLabel])).toEqual([
      [planted.mislabel.key, 'blue', planted.mislabel.truth],
    ]);
    expect(mislabels.rows[0].confidence).toBeGreaterThanOrEqual(0.5);
  });

  it('scores objects too: boxes over the same pixels are duplicates, the stray box a mislabel', async () => {
    const duplicates = await list({ issue: 'duplicates', kind: 'object' });
    // The cropped copy's box frames mostly the same pixels as the original's (a shifted, 83% crop of them),
    // which the descriptor's calibrated cut-off counts as a near duplicate, as it does for the images.
    expect(duplicates.rows.map((row) => row.key).sort()).toEqual(
      [planted.exact.copy, planted.resized.copy, planted.near.copy].sort(),
    );
    const mislabels = await list({ issue: 'mislabels', kind: 'object' });
    expect(mislabels.rows.map((row) => [row.key, row.suggestedLabel])).toEqual([
      [planted.mislabel.key, 'red'],
    ]);
  });

  it('records the run: every threshold used, the model, counts of images per issue, timings per stage', async () => {
    const { run } = first;
    expect(run).toMatchObject({
      kind: 'full',
      status: 'finished',
      model: 'descriptor-v1',
      previousRunId: null,
    });
    expect(run.parameters).toMatchObject({
      k: 10,
      // The descriptor's calibrated near-duplicate cut-off (shared/embed/calibration.ts), not CLIP's 0.96.
      duplicateSimilarity: 0.9,
      thresholds: { duplicate: 0.5, mislabel: 0.5, outlier: 0.5, blur: 0.5 },
      // The descriptor has no text tower: the vote alone judges labels.
      images: { knn: { method: 'exact', k: 10 }, duplicateThresholdUsed: 0.9, zeroShotAlignment: false },
    });
    expect(run.counts).toMatchObject({
      images: 34,
      duplicates: 3,
      duplicateClusters: 3,
      mislabels: 1,
      objects: 34,
      'objects.duplicates': 3,
      'objects.mislabels': 1,
      blur: 0,
    });
    for (const stage of [
      'load',
      'knn',
      'duplicates',
      'mislabels',
      'classOutliers',
      'visualClusters',
      'write',
    ]) {
      expect(run.timings[stage]).toBeGreaterThanOrEqual(0);
    }
    expect(await ws.deps.curation.clusters(run.runId, 0)).not.toHaveLength(0);
  });

  it('applies a new threshold at read time, without a new run or a single embedding', async () => {
    const before = embedded;
    const runs = (await ws.deps.curation.runs(DATASET)).length;
    const strict = await list({ issue: 'mislabels', threshold: 0.99 });
    const loose = await list({ issue: 'mislabels', threshold: 0.05 });
    expect(strict.rows.every((row) => row.confidence >= 0.99)).toBe(true);
    expect(loose.rows.length).toBeGreaterThan(strict.rows.length + 1);
    expect(loose.rows.map((row) => row.confidence)).toEqual(
      [...loose.rows.map((row) => row.confidence)].sort((a, b) => b - a),
    );
    const blue = await list({ issue: 'mislabels', threshold: 0.05, label: 'blue' });
    expect(blue.rows.every((row) => row.label === 'blue')).toBe(true);
    const blur = await list({ issue: 'blur', threshold: 0, limit: 5 });
    expect(blur.rows).toHaveLength(5);
    expect(blur.rows.map((row) => row.confidence)).toEqual(
      [...blur.rows.map((row) => row.confidence)].sort((a, b) => b - a),
    );
    // The default threshold (0.5) applies when none is given. Some of the blue class are dim by design (median
    // brightness 0.17-0.19, nothing above 0.4): judged like photos, a few of them are dark.
    const dark = await list({ issue: 'dark' });
    expect(dark.threshold).toBe(0.5);
    expect(dark.rows.every((row) => row.confidence >= 0.5)).toBe(true);
    const uniques = await list({ issue: 'uniques' });
    expect(uniques.threshold).toBeNull();
    expect(uniques.rows.map((row) => row.key)).not.toContain(planted.exact.copy);
    expect(embedded).toBe(before);
    expect(await ws.deps.curation.runs(DATASET)).toHaveLength(runs);
  });

  it('writes the report under reports/<date>/ and as the latest, with a gallery per issue', async () => {
    const report = first.report;
    expect(report?.dated).toEqual(
      reportKeys(DATASET, new Date(first.run.startedAt).toISOString().slice(0, 10)),
    );
    expect(report?.dated.html).toMatch(/^reports\/\d{4}-\d{2}-\d{2}\/default\/report\.html$/);
    const html = new TextDecoder().decode(await ws.deps.bucket.get(report?.latest.html as string));
    const json = JSON.parse(new TextDecoder().decode(await ws.deps.bucket.get(report?.dated.json as string)));
    expect(json.run.runId).toBe(first.run.runId);
    expect(json.galleries.map((g: { issue: string }) => g.issue)).toEqual([
      'mislabels',
      'outliers',
      'uniques',
      'blur',
      'dark',
      'bright',
    ]);
    const keepers = json.duplicates.map((group: { keeper: { key: string } }) => group.keeper.key).sort();
    expect(keepers).toEqual([planted.exact.original, planted.near.original, planted.resized.original].sort());
    for (const title of [
      'Duplicate clusters',
      'Possible mislabels',
      'Outliers',
      'Too dark',
      'visual clusters',
    ]) {
      expect(html).toContain(title);
    }
    expect(html.match(/class="keeper"/g)).toHaveLength(3);
    expect(html).toContain('data:image/webp;base64,');
    expect(html).not.toMatch(/<script|src="(?!data:)/);
  });

  it('follows the previous run and reports the change since it', async () => {
    const second = await curateDataset(ws.deps, { dataset: DATASET, kind: 'full' });
    expect(second.run.previousRunId).toBe(first.run.runId);
    const json = JSON.parse(
      new TextDecoder().decode(await ws.deps.bucket.get(second.report?.latest.json as string)),
    );
    expect(json.previousRun.runId).toBe(first.run.runId);
    expect(json.change).toMatchObject({ images: 0, duplicates: 0, mislabels: 0 });
  });
});

describe('a dataset with no images yet', () => {
  it('records a finished run of zeros and writes no report', async () => {
    const empty = await workspace();
    try {
      const result = await curateDataset(empty.deps, { dataset: DATASET, kind: 'full' });
      expect(result.run).toMatchObject({ status: 'finished', counts: { images: 0, objects: 0 } });
      expect(result.report).toBeUndefined();
    } finally {
      await empty.close();
    }
  });
});
