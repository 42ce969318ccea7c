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
});
