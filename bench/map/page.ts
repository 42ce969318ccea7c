/**
 * The map in headless Chromium (the test fixture's: playwright-core over Debian chromium, the real server and a
 * freshly built page over a small real dataset). Only the map route is a stub: Playwright answers
 * `GET /v1/datasets/pets/map` with synthetic pages of the route's schema (bench/map/payload.ts), so the page
 * fetches, parses, joins, indexes and draws `size` points exactly as it would from a real run.
 */
import { loadavg } from 'node:os';
import type { Page } from 'playwright-core';
import { type ExplorerFixture, explorerFixture } from '../../test/web/setup.ts';
import { type FrameStats, frameStats } from './frames.ts';
import { mapPayload } from './payload.ts';

export type Renderer = 'path' | 'splat';

export interface PageFigures {
  size: number;
  renderer: Renderer;
  /** Points the page drew (it loads at most 100k ranks, a uniform sample). */
  drawn: number;
  /**
   * ms from the click on "Map": the last map page received (the stub's answer, through Playwright's route), the
   * pages parsed and joined, the first frame drawn by script, and the next frame begun (the first one on screen).
   */
  fetchedMs: number;
  loadedMs: number;
  paintedMs: number;
  presentedMs: number;
  /**
   * rAF deltas with the map open and nothing moving (the machine's own floor), while dragging and while wheeling
   * (`seconds` each), and the script time of each drawn frame.
   */
  idle: FrameStats;
  pan: FrameStats;
  zoom: FrameStats;
  draw: FrameStats;
  load: number;
}

const PAGE_LIMIT = 50_000;

/** Opens the map and returns once the first frame after its first drawing has begun. */
const OPEN_MAP = `new Promise((resolve) => {
  performance.clearMarks();
  const opened = performance.now();
  document.querySelector('nav button[data-view="map"]').click();
  const tick = () => {
    const painted = performance.getEntriesByName('viscura:map-painted')[0];
    if (!painted) return requestAnimationFrame(tick);
    const loaded = performance.getEntriesByName('viscura:map-loaded')[0];
    const fetched = performance.getEntriesByType('resource')
      .filter((e) => e.name.includes('/map?') && e.startTime >= opened)
      .reduce((end, e) => Math.max(end, e.responseEnd), opened);
    requestAnimationFrame(() => resolve({
      fetchedMs: fetched - opened,
      loadedMs: loaded.startTime - opened,
      paintedMs: painted.startTime - opened,
      presentedMs: performance.now() - opened,
      drawn: Number(document.querySelector('.map-note').textContent.match(/\\d+/)[0]),
    }));
  };
  requestAnimationFrame(tick);
})`;
const START_FRAMES = `(() => {
  const record = { deltas: [], stop: false };
  window.__mapFrames = record;
  window.viscuraMapProbe.draws = [];
  let last = performance.now();
  const tick = (now) => { record.deltas.push(now - last); last = now; if (!record.stop) requestAnimationFrame(tick); };
  requestAnimationFrame((now) => { last = now; requestAnimationFrame(tick); });
})()`;
const STOP_FRAMES = `(() => { window.__mapFrames.stop = true; return { deltas: window.__mapFrames.deltas, draws: window.viscuraMapProbe.draws }; })()`;

export async function measurePages(
  sizes: number[],
  renderers: Renderer[],
  seconds: number,
  onResult: (figures: PageFigures) => void,
): Promise<PageFigures[]> {
  const fx = await explorerFixture();
  const results: PageFigures[] = [];
  try {
    for (const size of sizes) {
      const pages = mapPayload(size, PAGE_LIMIT);
      for (const renderer of renderers) {
        const figures = await measureOne(fx, size, renderer, pages, seconds);
        onResult(figures);
        results.push(figures);
      }
    }
  } finally {
    await fx.cleanup();
  }
  return results;
}

async function measureOne(
  fx: ExplorerFixture,
  size: number,
  renderer: Renderer,
  pages: Map<number, string>,
  seconds: number,
): Promise<PageFigures> {
  const page = await fx.context.newPage();
  try {
    await page.addInitScript(
      `window.viscuraMapProbe = { renderer: ${JSON.stringify(renderer)}, draws: [] };`,
    );
    await page.route(
      (url) => url.pathname === '/v1/datasets/pets/map',
      (route) => {
        const query = new URL(route.request().url()).searchParams;
        const body = pages.get(Number(query.get('from') ?? 0));
        if (!body || Number(query.get('limit')) !== PAGE_LIMIT) return route.fulfill({ status: 400 });
        return route.fulfill({ status: 200, contentType: 'application/json', body });
      },
    );
    await fx.signIn(page);
    const opened = (await page.evaluate(OPEN_MAP)) as Pick<
      PageFigures,
      'fetchedMs' | 'loadedMs' | 'paintedMs' | 'presentedMs' | 'drawn'
    >;
    const idle = await recordFrames(
      page,
      () => new Promise((resolve) => setTimeout(resolve, seconds * 1000)),
    );
    const pan = await recordFrames(page, () => drag(page, seconds));
    const zoom = await recordFrames(page, () => wheel(page, seconds));
    return {
      size,
      renderer,
      ...opened,
      idle: frameStats(idle.deltas),
      pan: frameStats(pan.deltas),
      zoom: frameStats(zoom.deltas),
      draw: frameStats([...pan.draws, ...zoom.draws]),
      load: loadavg()[0],
    };
  } finally {
    await page.close();
  }
}

async function recordFrames(page: Page, drive: () => Promise<void>) {
  await page.evaluate(START_FRAMES);
  await drive();
  return (await page.evaluate(STOP_FRAMES)) as { deltas: number[]; draws: number[] };
}

async function centre(page: Page): Promise<[number, number]> {
  const box = await page.locator('.map-canvas').boundingBox();
  if (!box) throw new Error('the map has no canvas');
  return [box.x + box.width / 2, box.y + box.height / 2];
}

/**
 * Input at display rate: one event every 16 ms, sent without waiting for the previous one to be handled (as a
 * hand on a mouse does), so a renderer slower than a frame falls behind instead of slowing the drive down.
 */
async function paced(seconds: number, send: (t: number) => Promise<void>): Promise<void> {
  const sent: Promise<void>[] = [];
  const until = Date.now() + seconds * 1000;
  for (let t = 0; Date.now() < until; t++) {
    sent.push(send(t));
    await new Promise((resolve) => setTimeout(resolve, 16));
  }
  await Promise.all(sent);
}

/** Drags the map round in a circle. */
async function drag(page: Page, seconds: number): Promise<void> {
  const [cx, cy] = await centre(page);
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  await paced(seconds, (t) =>
    page.mouse.move(cx + 150 * Math.sin(t / 12), cy + 100 * (1 - Math.cos(t / 12))),
  );
  await page.mouse.up();
}

/** Wheels in and out around the centre (20 notches in, 20 out). */
async function wheel(page: Page, seconds: number): Promise<void> {
  const [cx, cy] = await centre(page);
  await page.mouse.move(cx, cy);
  await paced(seconds, (t) => page.mouse.wheel(0, Math.floor(t / 20) % 2 === 0 ? -60 : 60));
}
