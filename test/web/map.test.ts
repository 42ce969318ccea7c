import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MapPage } from '../../shared/api/schemas/map.ts';
import { type ExplorerFixture, explorerFixture, SCREENSHOTS } from './setup.ts';

let fx: ExplorerFixture;
let page: Page;
let errors: string[];
let map: MapPage;

const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
const drawn = () => page.locator('.map-canvas').getAttribute('data-drawn').then(Number);
interface Canvas {
  width: number;
  height: number;
  getContext(kind: '2d'): {
    getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
  };
}
/** Distinct colours among the canvas's painted pixels (white background and grey lines left out). */
const colours = () =>
  page.locator('.map-canvas').evaluate((element) => {
    const canvas = element as unknown as Canvas;
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    const seen = new Set<string>();
    for (let i = 0; i < data.length; i += 4)
      if (data[i + 3] === 255) seen.add(`${data[i]},${data[i + 1]},${data[i + 2]}`);
    return [...seen];
  });

/** Where a point of the map is on the screen, from the same fit the page uses (94% of the shorter side). */
async function screenOf(x: number, y: number): Promise<[number, number]> {
  const box = await page.locator('.map-canvas').boundingBox();
  if (!box) throw new Error('no canvas');
  const side = Math.min(box.width, box.height) * 0.94;
  return [box.x + (box.width - side) / 2 + x * side, box.y + (box.height - side) / 2 + y * side];
}

/**
 * A run of 30k points for the route stub: four labels in four quadrants, each a grid of points 0.004 apart (more
 * than a 1.5 px point at the fitted scale), so each point's pixel is its label's colour alone.
 */
function quadrants(count: number): MapPage {
  const at = (i: number) => {
    const [q, j] = [i % 4, Math.floor(i / 4)];
    return [(q % 2) * 0.5 + 0.05 + (j % 100) * 0.004, (q >> 1) * 0.5 + 0.05 + Math.floor(j / 100) * 0.005];
  };
  const each = <T>(f: (i: number) => T) => Array.from({ length: count }, (_, i) => f(i));
  return {
    runId: 'large',
    total: count,
    from: 0,
    nextFrom: null,
    labels: ['a', 'b', 'c', 'd'],
    points: {
      id: each((i) => `p${i}`),
      key: each((i) => `p${i}.jpg`),
      x: each((i) => at(i)[0]),
      y: each((i) => at(i)[1]),
      label: each((i) => i % 4),
      suggestedLabel: each(() => -1),
      duplicate: each(() => 'none' as const),
      duplicateCluster: each(() => null),
      uniqueness: each(() => 0.5),
      mislabel: each(() => 0),
      outlier: each(() => 0),
      clusters: [0, 1, 2, 3, 4].map(() => each((i) => i % 4)),
    },
  };
}
/** Tableau 10's first four (web/src/map/colors.ts), as RGB. */
const LABEL_RGB = [
  [0x4e, 0x79, 0xa7],
  [0xf2, 0x8e, 0x2b],
  [0xe1, 0x57, 0x59],
  [0x76, 0xb7, 0xb2],
];

describe('embedding map in headless Chromium', () => {
  beforeAll(async () => {
    fx = await explorerFixture();
    ({ page, errors } = await fx.newPage());
    map = await fx.api<MapPage>('/v1/datasets/pets/map?limit=1000');
    await fx.signIn(page);
  }, 120_000);
  afterAll(async () => {
    await fx?.cleanup();
  });

  it('draws every point of the run, coloured by label, with a legend of the labels', async () => {
    expect(map.points.id.length).toBeGreaterThan(20);
    await page.click('nav button[data-view="map"]');
    await expect.poll(drawn).toBeGreaterThan(0);
    expect(await page.locator('.map-note').textContent()).toContain(`${map.total} images`);
    const legend = await page.locator('.map-legend li').allTextContents();
    for (const label of map.labels) expect(legend).toContain(label);
    // One colour per label present (Tableau 10), plus antialiased edges: at least as many as labels.
    const byLabel = await colours();
    expect(byLabel.length).toBeGreaterThanOrEqual(new Set(map.points.label).size);
    await shot('map-label');
    await page.selectOption('#map-color', 'mislabel');
    await expect.poll(() => page.locator('.map-canvas').getAttribute('data-color-by')).toBe('mislabel');
    await page.waitForTimeout(100);
    expect(new Set(await colours())).not.toEqual(new Set(byLabel));
    await page.selectOption('#map-color', 'cluster');
    expect(await page.locator('#map-level').isVisible()).toBe(true);
    await page.selectOption('#map-color', 'label');
  });

  it('hovering a point shows its thumbnail and name; zoom and pan redraw', async () => {
    const i = map.points.id.length >> 1;
    const [sx, sy] = await screenOf(map.points.x[i], map.points.y[i]);
    await page.mouse.move(sx, sy);
    const tip = page.locator('.map-tip');
    await tip.waitFor({ state: 'visible' });
    const shownId = await tip.getAttribute('data-id');
    const shown = map.points.id.indexOf(shownId as string);
    // The nearest point to the cursor: the one aimed at, or one drawn on top of it.
    const distance = Math.hypot(map.points.x[shown] - map.points.x[i], map.points.y[shown] - map.points.y[i]);
    expect(distance).toBeLessThan(0.02);
    expect(await tip.textContent()).toContain(map.points.key[shown]);
    await expect.poll(() => tip.locator('img').getAttribute('src')).toMatch(/^blob:/);
    await shot('map-hover');
    const before = await drawn();
    await page.mouse.wheel(0, -400);
    await expect.poll(drawn).toBeGreaterThan(before);
    await page.mouse.down();
    await page.mouse.move(sx + 60, sy + 40, { steps: 4 });
    await page.mouse.up();
    await expect.poll(drawn).toBeGreaterThan(before + 1);
    await page.click('button:has-text("Reset view")');
  });

  it('a box selection becomes mapx/mapy conditions that filter the grid and the export', async () => {
    const xs = [...map.points.x].sort((a, b) => a - b);
    const ys = [...map.points.y].sort((a, b) => a - b);
    // A box over the left half of the points (by x), full height.
    const [x0, y0] = [xs[0] - 0.005, ys[0] - 0.005];
    const [x1, y1] = [xs[xs.length >> 1] + 0.001, ys[ys.length - 1] + 0.005];
    const inside = map.points.id.filter(
      (_, i) =>
        map.points.x[i] >= x0 && map.points.x[i] <= x1 && map.points.y[i] >= y0 && map.points.y[i] <= y1,
    );
    await page.click('#map-select');
    const [ax, ay] = await screenOf(x0, y0);
    const [bx, by] = await screenOf(x1, y1);
    await page.mouse.move(ax, ay);
    await page.mouse.down();
    await page.mouse.move(bx, by, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => new URL(page.url()).searchParams.get('view')).toBe('browse');
    const q = new URL(page.url()).searchParams.get('q') ?? '';
    expect(q).toMatch(/mapx>=[0-9.]+ mapx<=[0-9.]+ mapy>=[0-9.]+ mapy<=[0-9.]+/);
    await page.locator('.grid:not([aria-busy]) .card').first().waitFor();
    const listed = await fx.api<{ items: { id: string }[] }>(
      `/v1/datasets/pets/images?limit=1000&q=${encodeURIComponent(q)}`,
    );
    const cards = await page
      .locator('.grid .card')
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-id')));
    expect(new Set(cards)).toEqual(new Set(listed.items.map((item) => item.id)));
    // The box in the URL is rounded to 4 digits: the same points, give or take one on the edge.
    expect(Math.abs(cards.length - inside.length)).toBeLessThanOrEqual(1);
    expect(cards.length).toBeLessThan(map.points.id.length);
    await shot('map-selected-grid');
    // The map draws the current selection back.
    await page.click('nav button[data-view="map"]');
    await expect.poll(drawn).toBeGreaterThan(0);
    expect(new URL(page.url()).searchParams.get('q')).toBeNull();
    expect(errors).toEqual([]);
  });

  it('draws a large map (30k points) as pixel splats, each point in its label colour, and pans them', async () => {
    const large = quadrants(30_000);
    const body = JSON.stringify(large);
    const { page: big, errors: bigErrors } = await fx.newPage();
    await big.route(
      (url) => url.pathname === '/v1/datasets/pets/map',
      (route) => route.fulfill({ status: 200, contentType: 'application/json', body }),
    );
    await fx.signIn(big);
    await big.click('nav button[data-view="map"]');
    const canvas = big.locator('.map-canvas');
    await expect.poll(() => canvas.getAttribute('data-drawn').then(Number)).toBeGreaterThan(0);
    expect(await canvas.getAttribute('data-renderer')).toBe('splat');
    expect(await big.locator('.map-note').textContent()).toContain('30000 images');
    /** The colour of the canvas pixel under point i, shifted by (dx, dy) CSS pixels. */
    const pixelOf = (i: number, dx = 0, dy = 0) =>
      canvas.evaluate(
        (element, [x, y, dx, dy]) => {
          const c = element as unknown as Canvas & { clientWidth: number; clientHeight: number };
          const side = Math.min(c.clientWidth, c.clientHeight) * 0.94;
          const px = Math.floor((c.clientWidth - side) / 2 + x * side + dx);
          const py = Math.floor((c.clientHeight - side) / 2 + y * side + dy);
          return [...c.getContext('2d').getImageData(px, py, 1, 1).data];
        },
        [large.points.x[i], large.points.y[i], dx, dy],
      );
    for (const i of [0, 1, 2, 3, 4_001, 29_999])
      expect((await pixelOf(i)).slice(0, 3)).toEqual(LABEL_RGB[large.points.label[i]]);
    await big.screenshot({ path: join(SCREENSHOTS, 'map-large-splats.png') });
    const box = await canvas.boundingBox();
    if (!box) throw new Error('no canvas');
    const drawnBefore = Number(await canvas.getAttribute('data-drawn'));
    await big.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await big.mouse.down();
    await big.mouse.move(box.x + box.width / 2 + 100, box.y + box.height / 2 + 50, { steps: 5 });
    await big.mouse.up();
    await expect.poll(() => canvas.getAttribute('data-drawn').then(Number)).toBeGreaterThan(drawnBefore);
    // Point 0 now sits 100 px right and 50 px down; the gap left of the grid is blank again.
    await expect.poll(async () => (await pixelOf(0, 100, 50)).slice(0, 3)).toEqual(LABEL_RGB[0]);
    expect((await pixelOf(0, -10, -10))[3]).toBe(0);
    await big.close();
    expect(bigErrors.filter((e) => !e.includes('404'))).toEqual([]);
  });
});
