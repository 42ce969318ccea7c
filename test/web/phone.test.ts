import { join } from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CurationReport, renderReportHtml } from '../../shared/curate/index.ts';
import { type ExplorerFixture, explorerFixture, gridSettled, SCREENSHOTS } from './setup.ts';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

let fx: ExplorerFixture;
let page: Page;
let errors: string[];

const shot = (name: string, fullPage = false) =>
  page.screenshot({ path: join(SCREENSHOTS, `phone-${name}.png`), fullPage });
/** The page scrolls sideways when its content is wider than the screen. */
const sideways = () =>
  page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
/** The heights of the visible buttons under a selector: touch wants 44 px at least. */
const buttonHeights = (selector: string) =>
  page
    .locator(selector)
    .evaluateAll((buttons) =>
      buttons
        .filter((button) => button.getClientRects().length > 0)
        .map((b) => b.getBoundingClientRect().height),
    );

/** A finger dragged over an element from one fraction of its box to another (Chromium's touch input). */
async function touchDrag(selector: string, from: [number, number], to: [number, number]): Promise<void> {
  const box = await page.locator(selector).boundingBox();
  if (!box) throw new Error(`${selector} is not shown`);
  const at = ([fx, fy]: [number, number], step = 1) => ({
    x: box.x + box.width * (from[0] + (fx - from[0]) * step),
    y: box.y + box.height * (from[1] + (fy - from[1]) * step),
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [at(from, 0)] });
  for (const step of [0.25, 0.5, 0.75, 1]) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [at(to, step)] });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

async function browse(query = ''): Promise<void> {
  await page.goto(`${fx.server.url}/?view=browse&dataset=pets${query}`);
  await gridSettled(page);
  await page.locator('.filters-fold').waitFor();
}

describe('the explorer at phone width (390 x 844) in headless Chromium', () => {
  beforeAll(async () => {
    fx = await explorerFixture();
    ({ page, errors } = await fx.newPage());
    await fx.signIn(page);
  }, 120_000);
  afterAll(async () => {
    await fx?.cleanup();
  });

  it('folds the filters behind one button, so the grid is on the first screen', async () => {
    await page.setViewportSize(PHONE);
    await browse();
    const toggle = page.locator('.filters-toggle');
    const panel = page.locator('#filters-panel');
    expect(await toggle.isVisible()).toBe(true);
    expect(await toggle.textContent()).toBe('Filters (0)');
    expect(await toggle.getAttribute('aria-controls')).toBe('filters-panel');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await panel.isVisible()).toBe(false);
    const first = await page.locator('.grid .card').first().boundingBox();
    expect(first?.y).toBeLessThan(PHONE.height);
    expect(await sideways()).toBe(0);
    await shot('browse');

    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await panel.isVisible()).toBe(true);
    await shot('filters-open');
    await toggle.click();
    expect(await panel.isVisible()).toBe(false);
  });

  it('counts the active filters on the button and keeps the panel open while filtering', async () => {
    await browse('&issue=duplicates&issue=blur&uniquenessMin=0.2');
    const toggle = page.locator('.filters-toggle');
    expect(await toggle.textContent()).toBe('Filters (3)');
    expect(await page.locator('#filters-panel').isVisible()).toBe(false);
    await toggle.click();
    await page.locator('#issue-dark').check();
    // The re-rendered panel stays open and counts the new filter.
    await expect.poll(() => toggle.textContent()).toBe('Filters (4)');
    expect(await page.locator('#filters-panel').isVisible()).toBe(true);
    await toggle.click();
  });

  it('shows the filters without a button at desktop width', async () => {
    await page.setViewportSize(DESKTOP);
    await browse();
    expect(await page.locator('.filters-toggle').isVisible()).toBe(false);
    expect(await page.locator('#filters-panel').isVisible()).toBe(true);
    const panel = await page.locator('#filters-panel').boundingBox();
    const grid = await page.locator('.grid').boundingBox();
    // Side by side, as before: the panel left of the results.
    expect((panel?.x ?? 0) + (panel?.width ?? 0)).toBeLessThanOrEqual(grid?.x ?? 0);
    await page.setViewportSize(PHONE);
  });

  it('shows at least two cards a row, with buttons big enough to tap', async () => {
    await page.setViewportSize(PHONE);
    await browse();
    const [a, b] = await Promise.all([0, 1].map((n) => page.locator('.grid .card').nth(n).boundingBox()));
    expect(a?.y).toBe(b?.y);
    expect((a?.x ?? 0) + (a?.width ?? 0)).toBeLessThanOrEqual(b?.x ?? 0);
    const heights = await buttonHeights('main button');
    expect(heights.length).toBeGreaterThan(5);
    expect(Math.min(...heights)).toBeGreaterThanOrEqual(44);
  });

  it('fits the detail view on the screen, scales its image and draws a region by touch', async () => {
    await page.locator('.grid .card .thumb').first().click();
    const dialog = page.locator('dialog.detail');
    await dialog.locator('.detail-head h2').waitFor();
    await dialog.locator('img.original[src]').waitFor();
    const fits = await dialog.evaluate((element) => ({
      inner: element.scrollWidth - element.clientWidth,
      right: element.getBoundingClientRect().right,
      image: element.querySelector('.frame')?.getBoundingClientRect().width ?? Number.POSITIVE_INFINITY,
    }));
    expect(fits.inner).toBe(0);
    expect(fits.right).toBeLessThanOrEqual(PHONE.width);
    expect(fits.image).toBeLessThanOrEqual(PHONE.width);
    expect(await sideways()).toBe(0);
    const close = await dialog.locator('.detail-head .close').boundingBox();
    expect(close && close.x + close.width).toBeLessThanOrEqual(PHONE.width);
    expect(close?.y).toBeGreaterThanOrEqual(0);
    expect(close?.height).toBeGreaterThanOrEqual(44);
    expect(Math.min(...(await buttonHeights('dialog.detail button:not(.thumb)')))).toBeGreaterThanOrEqual(44);
    await shot('detail');

    await page.evaluate(`
      window.pointerTypes = [];
      document.addEventListener('pointerdown', (event) => window.pointerTypes.push(event.pointerType), true);
    `);
    await touchDrag('dialog.detail .frame', [0.2, 0.2], [0.7, 0.6]);
    expect(await page.evaluate('window.pointerTypes')).toEqual(['touch']);
    const region = dialog.locator('#search-region');
    await expect.poll(() => region.isEnabled()).toBe(true);
    const drawn = await dialog.locator('rect.drawn').evaluate((rect) => ({
      width: Number(rect.getAttribute('width')),
      height: Number(rect.getAttribute('height')),
    }));
    expect(drawn.width).toBeCloseTo(0.5, 1);
    expect(drawn.height).toBeCloseTo(0.4, 1);
    await shot('detail-region');
    await dialog.locator('.detail-head .close').click();
    await expect.poll(() => dialog.getAttribute('open')).toBeNull();
  });

  it('shows the nightly report without sideways scrolling', async () => {
    const html = await fx.api<string>('/v1/datasets/pets/reports/latest?format=html');
    // Leave the explorer first: setContent keeps its window, whose live poll would then break the report's CSP.
    await page.goto('about:blank');
    await page.setContent(html);
    expect(await sideways()).toBe(0);
    await shot('report', true);
  });

  it('keeps a report with long names, wide tables and big duplicate clusters within the screen', async () => {
    const thumbnail = await sharp({
      create: { width: 64, height: 64, channels: 3, background: { r: 200, g: 80, b: 40 } },
    })
      .png()
      .toBuffer();
    await page.setContent(renderReportHtml(wideReport(), new Map([[THUMB, dataUri(thumbnail)]])));
    expect(await sideways()).toBe(0);
    const figures = await page
      .locator('figure')
      .evaluateAll((all) => all.map((figure) => figure.getBoundingClientRect().right));
    expect(Math.max(...figures)).toBeLessThanOrEqual(PHONE.width);
    // The timings table's long name is wider than the screen: it scrolls inside its own box.
    const boxes = await page
      .locator('.wide')
      .evaluateAll((all) => all.map((box) => ({ inner: box.scrollWidth, shown: box.clientWidth })));
    expect(boxes.some((box) => box.inner > box.shown)).toBe(true);
    expect(Math.max(...boxes.map((box) => box.shown))).toBeLessThanOrEqual(PHONE.width);
    await shot('report-wide', true);
  });

  it('logged no console error', () => {
    expect(errors).toEqual([]);
  });
});

const THUMB = 'thumbnails/pets/a.webp';
const LONG =
  'a-very-long-folder-name-without-any-break/and_an_even_longer_file_name_from_a_camera_0000123456789.jpeg';

function dataUri(png: Buffer): string {
  return `data:image/png;base64,${png.toString('base64')}`;
}

/** A report at its widest: long keys everywhere, a cluster of eight, parameters with long JSON values. */
function wideReport(): CurationReport {
  const item = (n: number) => ({
    id: String(n).padStart(32, '0'),
    key: `${LONG}-${n}`,
    label: `label-with-a-long-name-${n}`,
    confidence: 0.91,
    thumbnailKey: THUMB,
    match: 'near: resized, cropped',
  });
  return {
    version: 1,
    dataset: 'pets',
    generatedAt: '2026-01-02T03:04:05.000Z',
    run: {
      runId: 'run-with-a-long-identifier-0123456789abcdef0123456789abcdef',
      kind: 'full',
      startedAt: '2026-01-02T03:00:00.000Z',
      finishedAt: '2026-01-02T03:01:00.000Z',
      model: 'clip-vit-b-32-laion2b-s34b-b79k-onnx-fp16',
      parameters: {
        thresholds: { duplicates: 0.5, blur: 0.5, dark: 0.5, bright: 0.5 },
        note: LONG.repeat(2),
      },
      timings: { knnGraphBuildAndQueryAcrossAllPartitionsOfTheWholeDatasetWithObjects: 123456 },
    },
    incrementalRuns: [],
    previousRun: null,
    counts: { images: 60, duplicates: 8, 'objects.duplicates': 2 },
    change: {},
    duplicates: [{ cluster: 'c'.repeat(32), keeper: item(0), duplicates: [1, 2, 3, 4, 5, 6, 7].map(item) }],
    galleries: [
      {
        issue: 'mislabels',
        threshold: 0.5,
        items: [1, 2, 3].map((n) => ({
          ...item(n),
          suggestedLabel: 'another-long-label',
          evidence: {
            voters: [{ id: 'v', key: LONG, label: 'another-long-label', similarity: 0.93 }],
            neighbourhood: [{ label: 'another-long-label', share: 0.8 }],
          },
        })),
        unjudged: { count: 1, items: [{ id: 'u', key: LONG, reason: 'too-small' }] },
      },
    ],
    visualClusters: { level: 2, clusters: [{ clusterId: 1, size: 40, preview: [1, 2, 3, 4, 5].map(item) }] },
  };
}
