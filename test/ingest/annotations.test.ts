import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type Annotation,
  annotationForFile,
  imageKeysForSidecar,
  isAnnotationFile,
  loadAnnotations,
  normaliseBoxes,
} from '../../shared/ingest/annotations/index.ts';
import { createLogger } from '../../shared/log/index.ts';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'viscura-ann-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const png = (width = 8, height = 8) =>
  sharp({ create: { width, height, channels: 3, background: '#3a7' } })
    .png()
    .toBuffer();

/** Files by key: a Buffer as is, a string as text, anything else as JSON. */
async function tree(files: Record<string, unknown>): Promise<string[]> {
  for (const [key, content] of Object.entries(files)) {
    const path = join(root, ...key.split('/'));
    await mkdir(dirname(path), { recursive: true });
    const data = Buffer.isBuffer(content) || typeof content === 'string' ? content : JSON.stringify(content);
    await writeFile(path, data);
  }
  return Object.keys(files).filter((key) => !isAnnotationFile(key));
}

const load = async (keys: string[], options = {}) => loadAnnotations(root, keys, undefined, options);

describe('folder-per-class', () => {
  it('labels each image by its parent folder when the root holds only folders', async () => {
    const keys = await tree({
      'cats/a.png': await png(),
      'dogs/b.png': await png(),
      'train/birds/c.png': await png(),
    });
    const index = await load(keys);
    expect(index.folderLabels).toBe(true);
    expect(index.get('cats/a.png').label).toBe('cats');
    expect(index.get('dogs/b.png').label).toBe('dogs');
    expect(index.get('train/birds/c.png').label).toBe('birds');
  });

  it('takes no labels from folders when images sit at the root, unless asked', async () => {
    const keys = await tree({ 'top.png': await png(), 'holiday/a.png': await png() });
    const auto = await load(keys);
    expect(auto.folderLabels).toBe(false);
    expect(auto.get('holiday/a.png')).toEqual({ label: null, caption: null, tags: [], objects: [] });
    const forced = await load(keys, { folderLabels: 'on' });
    expect(forced.get('holiday/a.png').label).toBe('holiday');
    expect(forced.get('top.png').label).toBeNull();
  });

  it('leaves labels to a manifest when the dataset has one', async () => {
    const keys = await tree({
      'images/a.png': await png(),
      'manifest.jsonl': '{"key":"images/a.png","caption":"x"}\n',
    });
    const index = await load(keys);
    expect(index.folderLabels).toBe(false);
    expect(index.get('images/a.png')).toMatchObject({ label: null, caption: 'x' });
  });
});

describe('sidecar JSON', () => {
  it('reads label, caption, tags and both box forms from photo.jpg.json', async () => {
    const keys = await tree({
      'photo.png': await png(),
      'photo.png.json': {
        label: 'cat',
        caption: '  a cat on a mat ',
        tags: ['indoor', 'pet', 'indoor'],
        objects: [
          { label: 'cat', box: { x: 0.1, y: 0.2, w: 0.3, h: 0.4 } },
          { label: 'mat', bbox: [10, 20, 30, 40] },
        ],
      },
    });
    const annotation = (await load(keys)).get('photo.png');
    expect(annotation).toEqual({
      label: 'cat',
      caption: 'a cat on a mat',
      tags: ['indoor', 'pet'],
      objects: [
        { label: 'cat', box: { unit: 'norm', x: 0.1, y: 0.2, w: 0.3, h: 0.4 } },
        { label: 'mat', box: { unit: 'px', x: 10, y: 20, w: 30, h: 40 } },
      ],
    });
  });

  it('accepts photo.json, prefers photo.jpg.json, and stores numeric labels as text', async () => {
    const keys = await tree({
      'a.png': await png(),
      'a.json': { label: 7, tags: 'red;round|small' },
      'b.png': await png(),
      'b.json': { label: 'generic' },
      'b.png.json': { label: 'specific' },
    });
    const index = await load(keys);
    expect(index.get('a.png')).toMatchObject({ label: '7', tags: ['red', 'round', 'small'] });
    expect(index.get('b.png').label).toBe('specific');
  });
});

describe('manifests', () => {
  it('reads JSONL rows by key or file, with boxes', async () => {
    const keys = await tree({
      'one/a.png': await png(),
      'one/b.png': await png(),
      'manifest.jsonl': [
        { key: 'one/a.png', label: 'apple', tags: ['fruit'], boxes: [{ label: 'stem', bbox: [1, 1, 2, 3] }] },
        { file: './one/b.png', label: 'banana', caption: 'ripe' },
        {
          key: 'one/a.png',
          tags: ['red'],
          objects: [{ label: 'leaf', box: { x: 0, y: 0, w: 0.5, h: 0.5 } }],
        },
      ]
        .map((row) => JSON.stringify(row))
        .join('\n'),
    });
    const index = await load(keys);
    expect(index.problems).toEqual([]);
    expect(index.get('one/a.png')).toEqual({
      label: 'apple',
      caption: null,
      tags: ['fruit', 'red'],
      objects: [
        { label: 'stem', box: { unit: 'px', x: 1, y: 1, w: 2, h: 3 } },
        { label: 'leaf', box: { unit: 'norm', x: 0, y: 0, w: 0.5, h: 0.5 } },
      ],
    });
    expect(index.get('one/b.png')).toMatchObject({ label: 'banana', caption: 'ripe' });
  });

  it('reads CSV with quoted fields, ; or | separated tags, short rows and any header case', async () => {
    const keys = await tree({
      'x/red car.png': await png(),
      'x/blue.png': await png(),
      'annotations.csv':
        '\ufeffFile,Label,Caption,Tags,extra\n"x/red car.png",car,"a car, red",street;day|wide,1\nx/blue.png,sky\n',
    });
    const index = await load(keys);
    expect(index.problems).toEqual([]);
    expect(index.get('x/red car.png')).toEqual({
      label: 'car',
      caption: 'a car, red',
      tags: ['street', 'day', 'wide'],
      objects: [],
    });
    // Trailing cells left out are simply empty.
    expect(index.get('x/blue.png')).toEqual({ label: 'sky', caption: null, tags: [], objects: [] });
  });
});

describe('COCO', () => {
  const instances = {
    images: [
      { id: 1, file_name: 'val/1.png', width: 200, height: 100 },
      { id: 2, file_name: '2.png', width: 50, height: 50 },
      { id: 3, file_name: '3.png' },
    ],
    categories: [
      { id: 10, name: 'dog' },
      { id: 11, name: 'person' },
    ],
    annotations: [
      // Three small persons, one large dog: the dog covers more of the image and becomes the image label.
      { id: 1, image_id: 1, category_id: 11, bbox: [0, 0, 10, 10] },
      { id: 2, image_id: 1, category_id: 11, bbox: [20, 0, 10, 10] },
      { id: 3, image_id: 1, category_id: 11, bbox: [40, 0, 10, 10], iscrowd: 1 },
      { id: 4, image_id: 1, category_id: 10, bbox: [50, 25, 100, 50] },
      { id: 5, image_id: 2, category_id: 11, bbox: [5, 5, 10, 10] },
      { id: 6, image_id: 3, category_id: 10, bbox: [1, 2, 3, 4] },
    ],
  };

  it('normalises pixel boxes with the COCO size, labels by dominant category, skips crowds as objects', async () => {
    const keys = await tree({
      'val/1.png': await png(200, 100),
      'val/2.png': await png(50, 50),
      'val/3.png': await png(),
      'annotations/instances_val.json': instances,
    });
    const index = await load(keys);
    expect(index.problems).toEqual([]);
    const first = index.get('val/1.png');
    expect(first.label).toBe('dog');
    expect(first.objects.map((o) => o.label)).toEqual(['person', 'person', 'dog']);
    expect(first.objects[2].box).toEqual({ unit: 'norm', x: 0.25, y: 0.25, w: 0.5, h: 0.5 });
    // file_name "2.png" names val/2.png: the only image with that tail.
    expect(index.get('val/2.png')).toMatchObject({ label: 'person', objects: [{ box: { x: 0.1, w: 0.2 } }] });
    // No size in the file: the box waits in pixels for the decoded size.
    expect(index.get('val/3.png').objects[0].box).toEqual({ unit: 'px', x: 1, y: 2, w: 3, h: 4 });
  });

  it('takes the first caption of a captions file and joins it with instances', async () => {
    const keys = await tree({
      'val/1.png': await png(200, 100),
      'instances.json': instances,
      'captions_val.json': {
        images: [{ id: 1, file_name: '1.png' }],
        annotations: [
          { id: 9, image_id: 1, caption: 'second caption' },
          { id: 3, image_id: 1, caption: 'A dog and people. ' },
        ],
      },
    });
    const index = await load(keys);
    expect(index.get('val/1.png')).toMatchObject({ label: 'dog', caption: 'A dog and people.' });
    // Images of the instances file that are not in the folder are not problems, only warnings.
    expect(index.problems).toEqual([]);
  });

  it('finds COCO in any root JSON with images and annotations, but not in a sidecar', async () => {
    const keys = await tree({
      'a/1.png': await png(200, 100),
      'export-2024.json': {
        ...instances,
        images: [{ id: 1, file_name: 'a/1.png', width: 200, height: 100 }],
      },
      'b.png': await png(),
      'b.json': { label: 'sidecar' },
    });
    const index = await load(keys);
    expect(index.get('a/1.png').label).toBe('dog');
    expect(index.get('b.png').label).toBe('sidecar');
    expect(index.problems.map((p) => p.file)).toEqual(['export-2024.json']);
    expect(index.problems[0].reason).toMatch(/image_id 2 is not in images/);
  });

  it('refuses a bare file name that several images share', async () => {
    const keys = await tree({
      'train/1.png': await png(),
      'val/1.png': await png(),
      'instances.json': { ...instances, images: [{ id: 1, file_name: '1.png' }], annotations: [] },
    });
    const withRows = {
      ...instances,
      images: [{ id: 1, file_name: '1.png' }],
      annotations: [instances.annotations[3]],
    };
    await writeFile(join(root, 'instances.json'), JSON.stringify(withRows));
    const index = await load(keys);
    expect(index.get('train/1.png').label).toBeNull();
    expect(index.get('val/1.png').label).toBeNull();
    expect(index.problems).toEqual([
      { file: 'instances.json', reason: expect.stringMatching(/several images/) },
    ]);
  });
});

describe('precedence', () => {
  it('sidecar > manifest > COCO > folder for labels; tags add up; objects from the first source with any', async () => {
    const box = (x: number) => [{ label: 'o', box: { x, y: 0, w: 0.1, h: 0.1 } }];
    const keys = await tree({
      'f/a.png': await png(),
      'f/b.png': await png(),
      'f/c.png': await png(),
      'f/d.png': await png(),
      'f/a.png.json': { label: 'sidecar', tags: ['s'] },
      'manifest.jsonl': ['a', 'b']
        .map((n) =>
          JSON.stringify({
            key: `f/${n}.png`,
            label: 'manifest',
            caption: 'm',
            tags: ['m'],
            objects: box(0.2),
          }),
        )
        .join('\n'),
      'instances.json': {
        images: ['a', 'b', 'c'].map((n, i) => ({ id: i, file_name: `f/${n}.png`, width: 10, height: 10 })),
        categories: [{ id: 1, name: 'coco' }],
        annotations: [0, 1, 2].map((i) => ({ image_id: i, category_id: 1, bbox: [3, 0, 1, 1] })),
      },
    });
    const index = await load(keys, { folderLabels: 'on' });
    const a = index.get('f/a.png');
    expect(a).toMatchObject({ label: 'sidecar', caption: 'm', tags: ['s', 'm'] });
    expect(a.objects).toEqual([{ label: 'o', box: { unit: 'norm', x: 0.2, y: 0, w: 0.1, h: 0.1 } }]);
    expect(index.get('f/b.png').label).toBe('manifest');
    const c = index.get('f/c.png');
    expect(c.label).toBe('coco');
    expect(c.objects[0].box.x).toBeCloseTo(0.3);
    expect(index.get('f/d.png').label).toBe('f');
  });
});

describe('boxes', () => {
  it('normalises pixel boxes with the oriented size of the decoded image', async () => {
    // 200x100 stored, EXIF orientation 6: shown as 100x200, and annotators draw on what they see.
    const jpeg = await sharp({ create: { width: 200, height: 100, channels: 3, background: '#888' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const keys = await tree({
      'r.jpg': jpeg,
      'r.jpg.json': { objects: [{ label: 'top', bbox: [25, 0, 50, 100] }] },
    });
    const annotation = (await load(keys)).get('r.jpg');
    const meta = await sharp(jpeg).metadata();
    const size = meta.autoOrient ?? { width: meta.width, height: meta.height };
    expect(size).toEqual({ width: 100, height: 200 });
    const { annotation: resolved, warnings } = normaliseBoxes(annotation, size.width, size.height);
    expect(warnings).toEqual([]);
    expect(resolved.objects).toEqual([{ label: 'top', box: { x: 0.25, y: 0, w: 0.5, h: 0.5 } }]);
  });

  it('clamps boxes to the image and drops empty ones with a warning', () => {
    const annotation: Annotation = {
      label: null,
      caption: null,
      tags: [],
      objects: [
        { label: 'over', box: { unit: 'px', x: 80, y: -10, w: 40, h: 30 } },
        { label: 'flat', box: { unit: 'px', x: 10, y: 10, w: 20, h: 0 } },
        { label: 'outside', box: { unit: 'norm', x: 1.2, y: 0.2, w: 0.1, h: 0.1 } },
        { label: 'rounding', box: { unit: 'norm', x: 0, y: 0, w: 1.001, h: 1 } },
      ],
    };
    const { annotation: resolved, warnings } = normaliseBoxes(annotation, 100, 50);
    expect(resolved.objects.map((o) => o.label)).toEqual(['over', 'rounding']);
    expect(resolved.objects[0].box).toEqual({ x: 0.8, y: 0, w: expect.closeTo(0.2, 9), h: 0.4 });
    expect(resolved.objects[1].box).toEqual({ x: 0, y: 0, w: 1, h: 1 });
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatch(/object 0 \(over\).*clamped/);
    expect(warnings[1]).toMatch(/object 1 \(flat\).*empty.*dropped/);
    expect(warnings[2]).toMatch(/object 2 \(outside\).*dropped/);
  });
});

describe('malformed files', () => {
  it('reports each bad file with a reason and keeps everything else', async () => {
    const keys = await tree({
      'a.png': await png(),
      'a.png.json': '{"label": "cat",',
      'b.png': await png(),
      'b.png.json': { label: 'x', objects: [{ label: 'y' }] },
      'c.png': await png(),
      'c.png.json': { objects: [{ box: { x: 12, y: 40, w: 100, h: 80 } }] },
      'd.png': await png(),
      'e.png': await png(),
      'manifest.jsonl':
        '{"key":"d.png","label":"dog"}\nnot json\n{"label":"no key"}\n{"key":"e.png","tags":[1,2]}\n',
      'annotations.csv': 'key,label\n"e.png,broken\n',
      'instances_x.json': { images: 'nope' },
    });
    const warnings: string[] = [];
    const log = createLogger('warn', (line) => warnings.push(line));
    const index = await loadAnnotations(root, keys, log);
    const byFile = Object.fromEntries(index.problems.map((p) => [p.file, p.reason]));
    expect(Object.keys(byFile).sort()).toEqual([
      'a.png.json',
      'annotations.csv',
      'b.png.json',
      'c.png.json',
      'instances_x.json',
      'manifest.jsonl',
    ]);
    expect(byFile['a.png.json']).toMatch(/JSON/);
    expect(byFile['b.png.json']).toMatch(/exactly one of box .* or bbox/);
    expect(byFile['c.png.json']).toMatch(/pixel boxes go in bbox/);
    expect(byFile['manifest.jsonl']).toMatch(/^2 of 4 rows skipped; line 2: not JSON.*line 3: a row needs/);
    expect(byFile['annotations.csv']).toMatch(/quote/i);
    expect(byFile['instances_x.json']).toMatch(/not a COCO file: images/);
    expect(index.get('a.png').label).toBeNull();
    expect(index.get('d.png').label).toBe('dog');
    expect(index.get('e.png').tags).toEqual(['1', '2']);
    expect(warnings).toEqual([]);
  });

  it('refuses a 2 GB manifest with a message naming its size and the limit', async () => {
    const keys = await tree({ 'a.png': await png(), 'a.png.json': { label: 'kept' } });
    await writeFile(join(root, 'manifest.jsonl'), '');
    await truncate(join(root, 'manifest.jsonl'), 2 * 1024 ** 3); // sparse: no disk used
    const index = await load(keys);
    expect(index.problems).toEqual([
      {
        file: 'manifest.jsonl',
        reason:
          'the file is 2.0 GiB; manifest files are read up to 256.0 MiB: split it or raise the annotation limit',
      },
    ]);
    expect(index.get('a.png').label).toBe('kept');
  });

  it('applies configured limits to sidecars too', async () => {
    const keys = await tree({ 'a.png': await png(), 'a.png.json': { label: 'x', caption: 'y'.repeat(500) } });
    const index = await load(keys, { limits: { sidecarBytes: 100 } });
    expect(index.problems[0]).toMatchObject({
      file: 'a.png.json',
      reason: expect.stringMatching(/up to 100 bytes/),
    });
  });
});

describe('names', () => {
  it('matches unicode and spaces, whatever the composition on disk or in the manifest', async () => {
    const nfc = 'chats noirs/été 1.png';
    const nfd = nfc.normalize('NFD');
    await tree({
      [nfd]: await png(),
      [`${nfd}.json`]: { caption: 'sidecar été' },
      'plage à midi.png': await png(),
      'manifest.csv': `key,label\n${'plage à midi.png'.normalize('NFD')},mer\n`,
    });
    const index = await load([nfc, 'plage à midi.png']);
    expect(index.problems).toEqual([]);
    expect(index.get(nfc).caption).toBe('sidecar été');
    expect(index.get('plage à midi.png').label).toBe('mer');
  });
});

describe('watch mode', () => {
  it('reads the sidecar of a file that just landed and applies the loaded manifest to it', async () => {
    await tree({ 'manifest.jsonl': '{"key":"new/late.png","caption":"from manifest","tags":["m"]}\n' });
    const index = await load([]);
    await tree({ 'new/late.png': await png(), 'new/late.png.json': { label: 'fresh', tags: ['s'] } });
    const annotation = await annotationForFile(root, 'new/late.png', { index });
    expect(annotation).toMatchObject({ label: 'fresh', caption: 'from manifest', tags: ['s', 'm'] });
  });

  it('without an index, uses the sidecar and the folder layout', async () => {
    await tree({ 'birds/a.png': await png(), 'birds/b.png': await png(), 'birds/b.json': { caption: 'c' } });
    expect(await annotationForFile(root, 'birds/a.png')).toMatchObject({ label: 'birds', caption: null });
    expect(await annotationForFile(root, 'birds/b.png')).toMatchObject({ label: 'birds', caption: 'c' });
    await tree({ 'loose.png': await png() });
    expect((await annotationForFile(root, 'birds/a.png')).label).toBeNull();
  });

  it('knows which images a sidecar that lands later belongs to', () => {
    const known = ['a/p.jpg', 'a/p.png', 'a/q.jpg', 'p.jpg'];
    expect(imageKeysForSidecar('a/p.json', known)).toEqual(['a/p.jpg', 'a/p.png']);
    expect(imageKeysForSidecar('a/p.jpg.json', known)).toEqual(['a/p.jpg']);
    expect(imageKeysForSidecar('a/r.json', known)).toEqual([]);
    expect(['x.json', 'm.JSONL', 'a.csv'].map(isAnnotationFile)).toEqual([true, true, true]);
    expect(['x.jpg', 'json.png', 'csv'].map(isAnnotationFile)).toEqual([false, false, false]);
  });
});
