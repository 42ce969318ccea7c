import { mkdtemp, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultsCache } from '../../shared/api/lance/results.ts';
import { trainingItems } from '../../shared/api/lance/training.ts';
import { exportTraining, type ImageMode, type TrainingFormat } from '../../shared/export/index.ts';
import { ingestFolder } from '../../shared/ingest/index.ts';
import { emptyFilters, parseQuery } from '../../shared/query/index.ts';
import { createLocalBucket, type ImageRow, type ObjectRow } from '../../shared/store/index.ts';
import { type SplitFixture, splitFixture } from './fixture.ts';

let fx: SplitFixture;
let scratch: string;
beforeAll(async () => {
  fx = await splitFixture();
  scratch = await mkdtemp(join(tmpdir(), 'viscura-export-'));
});
afterAll(async () => {
  await fx?.cleanup();
  await rm(scratch, { recursive: true, force: true });
});

const thresholds = { duplicates: 0.5, mislabels: 0.5, outliers: 0.5, blur: 0.5, dark: 0.5, bright: 0.5 };

async function exportAs(format: TrainingFormat, images: ImageMode, query = '') {
  const out = join(scratch, `${format}-${images}`);
  const originals = createLocalBucket(fx.inbox);
  const ctx = {
    store: fx.runtime.store,
    curation: fx.curation,
    results: resultsCache(fx.curation),
    thresholds,
  };
  const filters = query ? parseQuery(query).filters : emptyFilters();
  const summary = await exportTraining(trainingItems(ctx, 'splits', filters), {
    format,
    out,
    images,
    source: { get: (key) => originals.get(key), path: (key) => join(fx.inbox, ...key.split('/')) },
  });
  return { out, summary };
}

interface Seen {
  label: string | null;
  caption: string | null;
  tags: string[];
  objects: { label: string | null; box: number[] }[];
}

async function annotations(dataset: string, prefix = ''): Promise<Map<string, Seen>> {
  const out = new Map<string, Seen>();
  const store = fx.runtime.store;
  for await (const batch of store.images.scan(dataset, {
    columns: ['id', 'key', 'label', 'caption', 'tags'],
  })) {
    for (const row of batch as Pick<ImageRow, 'id' | 'key' | 'label' | 'caption' | 'tags'>[]) {
      const objects = (await store.objects.forImage(dataset, row.id)).map((o: ObjectRow) => ({
        label: o.label,
        box: [o.box.x, o.box.y, o.box.w, o.box.h].map((v) => Math.round(v * 1000) / 1000),
      }));
      objects.sort((a, b) => (String(a.label) < String(b.label) ? -1 : 1));
      out.set(row.key.slice(prefix.length), {
        label: row.label,
        caption: row.caption,
        tags: [...row.tags].sort(),
        objects,
      });
    }
  }
  return out;
}

describe('export for training', () => {
  for (const format of ['coco', 'yolo'] as const) {
    it(`round-trips through ${format}: export, re-ingest, the same labels, splits and boxes`, async () => {
      const { out, summary } = await exportAs(format, 'copy');
      expect(summary.missing).toEqual([]);
      expect(summary.objects).toBe(2);
      expect(summary.classes).toEqual(['lamp', 'mat']);
      const before = await annotations('splits');
      expect(summary.images).toBe(before.size);
      const embedder = await fx.runtime.embedder();
      const result = await ingestFolder(out, {
        ...fx.runtime.ingestContext(embedder),
        dataset: `back-${format}`,
      });
      expect(result.failed).toEqual([]);
      const after = await annotations(`back-${format}`, 'images/');
      expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
      for (const [key, seen] of before) expect(after.get(key), key).toEqual(seen);
      expect(before.get(fx.annotated)?.objects).toHaveLength(2);
    });
  }

  it('writes COCO per split and YOLO labels with data.yaml that name the classes', async () => {
    const coco = await exportAs('coco', 'none', 'split:train');
    expect(await readdir(join(coco.out, 'annotations'))).toEqual(['instances_train.json']);
    const instances = JSON.parse(await readFile(join(coco.out, 'annotations/instances_train.json'), 'utf8'));
    expect(instances.categories.map((c: { name: string }) => c.name).sort()).toEqual(['lamp', 'mat']);
    expect(instances.images).toHaveLength(coco.summary.images);
    const mat = instances.annotations.find(
      (a: { category_id: number }) =>
        a.category_id === instances.categories.find((c: { name: string }) => c.name === 'mat').id,
    );
    expect(mat.bbox).toEqual([160, 120, 100, 60]);

    const yolo = await exportAs('yolo', 'none');
    const data = await readFile(join(yolo.out, 'data.yaml'), 'utf8');
    expect(data).toMatch(/train: train\.txt/);
    expect(data).toMatch(/val: val\.txt/);
    expect(data).toMatch(/test: test\.txt/);
    expect(data).toMatch(/names:\n {2}"?0"?: lamp\n {2}"?1"?: mat/);
    const label = await readFile(join(yolo.out, 'labels', fx.annotated.replace(/\.png$/, '.txt')), 'utf8');
    expect(label.trim().split('\n')).toEqual([
      '0 0.250000 0.400000 0.300000 0.400000',
      '1 0.656250 0.625000 0.312500 0.250000',
    ]);
  });

  it('writes a plain file list, links instead of copying, and refuses a folder that is not empty', async () => {
    const list = await exportAs('list', 'none', 'split:test');
    const lines = (await readFile(join(list.out, 'files.txt'), 'utf8')).trim().split('\n');
    expect(lines.every((line) => line.startsWith('test/'))).toBe(true);
    expect(lines).toHaveLength(list.summary.images);

    const linked = await exportAs('list', 'link', 'split:val');
    const first = (await readFile(join(linked.out, 'files.txt'), 'utf8')).split('\n')[0];
    expect(await readlink(join(linked.out, first))).toBe(
      join(fx.inbox, ...first.slice('images/'.length).split('/')),
    );

    // list-none holds the first export of this test; a user's file put there must survive a second one.
    await writeFile(join(scratch, 'list-none', 'keep.txt'), 'mine');
    await expect(exportAs('list', 'none')).rejects.toThrow(/is not empty/);
    expect(await readFile(join(scratch, 'list-none', 'keep.txt'), 'utf8')).toBe('mine');
  });
});
