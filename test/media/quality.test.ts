import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  analyzeQuality,
  blurKind,
  decodeImage,
  FEATURES,
  FITTED,
  measureQuality,
  type QualityMeasures,
  type QualityScores,
  scoreQuality,
} from '../../shared/media/index.ts';
import {
  flatImage,
  SCENE_KINDS,
  type SceneKind,
  scene,
  skyGradient,
  transformations,
} from '../helpers/images.ts';

const limits = { maxBytes: 100 * 1024 * 1024, maxPixels: 100_000_000 };

async function scores(bytes: Uint8Array): Promise<QualityScores> {
  const { raster, meta } = await decodeImage(bytes, limits);
  return analyzeQuality(raster, meta);
}

function flagged(q: QualityScores): string[] {
  return Object.entries(q)
    .filter(([, value]) => value >= 0.5)
    .map(([issue]) => issue);
}

const SHAPES: SceneKind[] = ['circles', 'stripes', 'checkers', 'polygons'];

describe('analyzeQuality on ordinary pictures', () => {
  // The generated scenes are drawn in pastel or dim palettes (some have no shadow darker than 0.36): stretched to a
  // full tonal range (brightest pixel to white, nothing clipped), as a well-exposed photo has, they are the ordinary
  // pictures here.
  it.each(SCENE_KINDS)('flags nothing on sharp, well-exposed %s pictures', async (kind) => {
    for (const seed of [11, 12]) {
      const q = await scores(
        await sharp(await scene(seed, kind, 800, 600))
          .normalise()
          .png()
          .toBuffer(),
      );
      expect(flagged(q), `${kind} seed ${seed}: ${JSON.stringify(q)}`).toEqual([]);
    }
  });

  it('keeps every confidence in [0, 1]', async () => {
    const q = await scores(await scene(4, 'noise', 640, 480));
    for (const value of Object.values(q)) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
    }
  });
});

describe('exposure', () => {
  it('flags a darkened copy as dark and nothing else about its light', async () => {
    const q = await scores(await transformations.darken(await scene(5, 'circles', 800, 600)));
    expect(q.dark).toBeGreaterThan(0.5);
    expect(q.bright).toBeLessThan(0.5);
  });

  it('flags an over-exposed copy as bright', async () => {
    const q = await scores(await transformations.overexpose(await scene(5, 'polygons', 800, 600)));
    expect(q.bright).toBeGreaterThan(0.5);
    expect(q.dark).toBeLessThan(0.5);
  });
});

describe('blur', () => {
  // Blur is judged as seen at the working size: sigma 2 at 768 px and the same blur, scaled, at 1024.
  it.each([512, 768, 1024])('flags shapes blurred with sigma 2 (at 768 px) at %i px wide', async (width) => {
    for (const kind of SHAPES) {
      const sharpCopy = await scene(21, kind, width, Math.round(width * 0.75));
      const sigma = 2 * Math.max(1, width / 768);
      expect((await scores(await transformations.blur(sharpCopy, sigma))).blur, kind).toBeGreaterThan(0.5);
    }
  });

  it('flags heavier blur on every kind of picture, fine textures included', async () => {
    for (const kind of SHAPES.concat('noise')) {
      const q = await scores(await transformations.blur(await scene(22, kind, 800, 600), 4));
      expect(q.blur, kind).toBeGreaterThan(0.8);
    }
  });

  it('does not flag a flat colour or a smooth sky gradient: no edges, nothing to be blurred', async () => {
    expect((await scores(await flatImage())).blur).toBeLessThan(0.1);
    expect((await scores(await skyGradient())).blur).toBeLessThan(0.1);
    expect(
      measureQuality((await decodeImage(await skyGradient(), limits)).raster, { width: 1024, height: 768 })
        .edgeWidth,
    ).toBeNull();
  });

  it('does not flag a very large sharp picture', async () => {
    const q = await scores(await scene(23, 'polygons', 4000, 3000));
    expect(q.blur).toBeLessThan(0.1);
  });

  it('judges blur the same whatever working size the raster came at', async () => {
    const bytes = await transformations.blur(await scene(24, 'circles', 1200, 900), 3);
    const at384 = await decodeImage(bytes, limits);
    const at768 = await decodeImage(bytes, { ...limits, workingSize: 768 });
    const a = analyzeQuality(at384.raster, at384.meta).blur;
    const b = analyzeQuality(at768.raster, at768.meta).blur;
    expect(a).toBeGreaterThan(0.5);
    expect(Math.abs(a - b)).toBeLessThan(0.15);
  });
});

describe('information, size, shape and colour', () => {
  it('flags a flat colour as low-information', async () => {
    expect((await scores(await flatImage())).lowInformation).toBeGreaterThan(0.9);
  });

  it('flags a tiny image as odd size and a banner as odd aspect ratio', async () => {
    const tiny = await scores(await scene(6, 'circles', 40, 30));
    expect(tiny.oddSize).toBeGreaterThan(0.5);
    expect(tiny.oddAspectRatio).toBeLessThan(0.5);
    const banner = await scores(await scene(6, 'stripes', 1200, 200));
    expect(banner.oddAspectRatio).toBeGreaterThan(0.5);
    expect(banner.oddSize).toBeLessThan(0.5);
  });

  it('flags a grey picture stored as RGB JPEG as grayscale, and not its colour original', async () => {
    const colour = await scene(7, 'polygons', 800, 600);
    const grey = await sharp(colour).grayscale().toColourspace('srgb').jpeg().toBuffer();
    expect((await sharp(grey).metadata()).channels).toBe(3);
    expect((await scores(grey)).grayscale).toBeGreaterThan(0.5);
    expect((await scores(colour)).grayscale).toBeLessThan(0.5);
  });
});

describe('calibration', () => {
  const neutral: QualityMeasures = {
    brightnessP1: 0.05,
    brightnessP5: 0.12,
    brightnessP50: 0.45,
    brightnessP95: 0.85,
    brightnessP99: 0.93,
    brightnessP998: 0.97,
    midtoneMedian: 0.45,
    subjectMedian: 0.42,
    nearShadow: 0.05,
    nearHighlight: 0.05,
    shadowClip: 0.002,
    highlightClip: 0.005,
    channelClip: 0.01,
    blackPoint: 0.02,
    blownRim: 0.001,
    valueP99: 0.95,
    entropy: 9,
    chromaP99: 0.5,
    chromaP999: 0.6,
    edgeWidth: 1.4,
    edgeWidthAcross: 1.2,
    sharpnessLeast: 3,
    blurDirection: 0,
    size: 700,
    aspectRatio: 0.75,
  };

  it.each([
    ['lowInformation', { entropy: 3 }],
    ['oddSize', { size: 64 }],
    ['oddAspectRatio', { aspectRatio: 0.35 }],
    ['grayscale', { chromaP999: 0.04 }],
  ] as const)('puts %s at exactly 0.5 on its documented cut-off', (issue, atCutoff) => {
    expect(scoreQuality({ ...neutral, ...atCutoff })[issue]).toBeCloseTo(0.5, 10);
  });

  it('scores an ordinary, well-exposed, sharp photo low on every check', () => {
    for (const [issue, value] of Object.entries(scoreQuality(neutral)))
      expect(value, issue).toBeLessThan(0.1);
  });

  it('uses only fitted inputs it knows, with a weight for each', () => {
    for (const fit of Object.values(FITTED)) {
      expect(fit.weights).toHaveLength(fit.features.length);
      for (const name of fit.features) expect(Object.keys(FEATURES)).toContain(name);
    }
  });

  it('rises monotonically as a measure gets worse', () => {
    const sorted = (values: number[]) => expect(values).toEqual([...values].sort((a, b) => a - b));
    sorted(
      [0.5, 0.4, 0.3, 0.2, 0.1, 0.05].map(
        (v) => scoreQuality({ ...neutral, midtoneMedian: v, brightnessP50: v }).dark,
      ),
    );
    sorted(
      [0.1, 0.2, 0.4, 0.6, 0.8].map(
        (v) => scoreQuality({ ...neutral, brightnessP1: v, brightnessP5: v + 0.05 }).bright,
      ),
    );
    sorted(
      [1, 1.5, 2, 2.5, 4, 8].map((w) => scoreQuality({ ...neutral, edgeWidth: w, edgeWidthAcross: w }).blur),
    );
  });

  it('cannot judge blur without step edges, and then does not flag it', () => {
    const q = scoreQuality({ ...neutral, edgeWidth: null, edgeWidthAcross: null, blurDirection: null });
    expect(q.blur).toBe(0);
    expect(blurKind({ ...neutral, edgeWidth: null, edgeWidthAcross: null })).toBeNull();
  });
});
