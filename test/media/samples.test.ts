import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeQuality, decodeImage } from '../../shared/media/index.ts';
import { generateSampleImages, planSamples, SCENE_KINDS } from '../helpers/images.ts';

const limits = { maxBytes: 50 * 1024 * 1024, maxPixels: 50_000_000 };

describe('planSamples', () => {
  it('plans 60 labelled files by default with every kind of planted problem', () => {
    const plan = planSamples();
    expect(plan).toHaveLength(60);
    expect(new Set(plan.map((item) => item.path)).size).toBe(60);
    expect(new Set(plan.map((item) => item.edit).filter(Boolean))).toEqual(
      new Set(['reencoded', 'resized', 'cropped', 'brightened', 'blurred', 'darkened', 'overexposed']),
    );
    expect(plan.filter((item) => item.label !== item.kind).length).toBeGreaterThanOrEqual(1);
    expect(new Set(plan.map((item) => item.format))).toEqual(new Set(['jpeg', 'png', 'webp']));
    for (const item of plan) {
      expect(Math.max(item.width, item.height)).toBeGreaterThanOrEqual(512);
      expect(Math.max(item.width, item.height)).toBeLessThanOrEqual(1024);
    }
  });

  it('gives the same plan for the same seed and another for another seed', () => {
    expect(planSamples({ seed: 9 })).toEqual(planSamples({ seed: 9 }));
    expect(planSamples({ seed: 9 })).not.toEqual(planSamples({ seed: 10 }));
  });
});

describe('generateSampleImages', () => {
  const dirs: string[] = [];
  let first: string[];
  const options = { count: 16, seed: 5 };

  beforeAll(async () => {
    dirs.push(await mkdtemp(join(tmpdir(), 'viscura-samples-')));
    first = await generateSampleImages(dirs[0], options);
  });
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('writes a folder per class, as the plan says', async () => {
    const plan = planSamples(options);
    expect(first.map((path) => relative(dirs[0], path))).toEqual(plan.map((item) => item.path));
    for (const path of first) expect(SCENE_KINDS).toContain(basename(dirname(path)));
  });

  it('writes the same bytes on every run', async () => {
    dirs.push(await mkdtemp(join(tmpdir(), 'viscura-samples-')));
    const second = await generateSampleImages(dirs[1], options);
    const digest = async (path: string) =>
      createHash('sha256')
        .update(await readFile(path))
        .digest('hex');
    for (let i = 0; i < first.length; i++) expect(await digest(second[i])).toBe(await digest(first[i]));
  });

  it('plants defects the quality analyzers find, and only there', async () => {
    const plan = planSamples(options);
    const expected: Record<string, string> = { blurred: 'blur', darkened: 'dark', overexposed: 'bright' };
    for (const [i, item] of plan.entries()) {
      const { raster, meta } = await decodeImage(await readFile(first[i]), limits);
      const q = analyzeQuality(raster, meta);
      const issue = item.edit ? expected[item.edit] : undefined;
      for (const name of ['blur', 'dark', 'bright'] as const) {
        // A near-duplicate brightened 15% blows a pale picture's background (circles-006: 54% of the frame white):
        // whether that is over-exposed depends on the picture, so bright is not asserted either way there.
        if (name === 'bright' && item.edit === 'brightened') continue;
        if (name === issue) expect(q[name], item.path).toBeGreaterThan(0.5);
        else expect(q[name], item.path).toBeLessThan(0.5);
      }
    }
  });
});
