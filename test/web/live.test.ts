import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '../../shared/api/schemas/curation.ts';
import type { DatasetSummary } from '../../shared/api/schemas/datasets.ts';
import { loadConfig } from '../../shared/config/index.ts';
import { curateDataset } from '../../shared/curate/index.ts';
import { ingestFolder } from '../../shared/ingest/index.ts';
import { silentLogger } from '../../shared/log/index.ts';
import { openCurationStore } from '../../shared/store/index.ts';
import { renderScene } from '../helpers/images.ts';
import { type ExplorerFixture, explorerFixture, SCREENSHOTS } from './setup.ts';

/** The live notice's screenshot, also kept beside the notes when VISCURA_SHOTS names that folder. */
const SHOTS = process.env.VISCURA_SHOTS ?? SCREENSHOTS;
/** The page polls this often here (localStorage `viscura-live-interval-ms`), instead of every 10 s. */
const POLL_MS = 300;

let fx: ExplorerFixture;
let page: Page;
let errors: string[];
let polls: string[];
let seed = 9_000;

/** New pictures dropped into the bucket folder and ingested by the engine while the page stays open. */
async function ingestNew(count: number): Promise<void> {
  const folder = join(fx.inbox, 'arrivals');
  await mkdir(folder, { recursive: true });
  for (let i = 0; i < count; i++) {
    const bytes = await renderScene(seed++, 'circles', 320, 240, 'png', 88);
    await writeFile(join(folder, `arrival-${seed}.png`), bytes);
  }
  await ingestFolder(fx.inbox, fx.runtime.ingestContext(await fx.runtime.embedder()));
}

async function curate(): Promise<void> {
  const config = loadConfig({
    env: {},
    overrides: { dataDir: fx.dir, dataset: 'pets', logLevel: 'silent' },
  });
  const curation = await openCurationStore(config.dbUri, { log: silentLogger });
  await curateDataset(
    {
      store: fx.runtime.store,
      curation,
      bucket: fx.runtime.bucket,
      log: silentLogger,
      config,
      embedder: await fx.runtime.embedder(),
    },
    { dataset: 'pets', kind: 'full' },
  );
  curation.close();
}

/** Pretends the tab is hidden or shown again: what a switch of tabs tells the page. */
const setVisible = (visible: boolean) =>
  page.evaluate(`
    Object.defineProperty(document, 'visibilityState', {
      configurable: true,
      get: () => '${visible ? 'visible' : 'hidden'}',
    });
    document.dispatchEvent(new Event('visibilitychange'));
  `);

const notice = () => page.locator('.live-notice');
const fact = () => page.locator('[data-fact="images"]').textContent();

describe('an open page follows ingests and runs, in headless Chromium', () => {
  beforeAll(async () => {
    fx = await explorerFixture();
    await fx.context.addInitScript(`localStorage.setItem('viscura-live-interval-ms', '${POLL_MS}')`);
    ({ page, errors } = await fx.newPage());
    polls = [];
    page.on('request', (request) => {
      if (request.url().includes('/runs?limit=1')) polls.push(request.url());
    });
    await fx.signIn(page);
    // Survives only while the page is not reloaded.
    await page.evaluate('window.stayedOpen = true');
  }, 120_000);
  afterAll(async () => {
    await fx?.cleanup();
  });

  it('updates the overview counts after an ingest and says how many images arrived', async () => {
    expect(await fact()).toBe('60');
    await expect.poll(() => polls.length).toBeGreaterThan(1);
    await ingestNew(12);
    await expect.poll(fact, { timeout: 15_000 }).toBe('72');
    await expect.poll(() => notice().textContent()).toBe('12 new images');
    expect(await notice().getAttribute('aria-live')).toBe('polite');
    expect(await page.locator('#dataset option[value="pets"]').textContent()).toBe('pets (72)');
    expect(await page.evaluate("'stayedOpen' in window")).toBe(true);
  });

  it('refreshes the listing in place: filters, scroll position and the open detail are kept', async () => {
    await page.click('nav button[data-view="browse"]');
    await page.locator('.grid .card').first().waitFor();
    // A filter (blurry at 0 or more: every image) and the second listing page loaded.
    await page.check('#issue-blur');
    await page.focus('#threshold-blur');
    await page.keyboard.press('Home');
    await expect.poll(() => new URL(page.url()).searchParams.get('blur')).toBe('0');
    await page.locator('.grid:not([aria-busy]) .card').first().waitFor();
    await page.locator('.sentinel').scrollIntoViewIfNeeded();
    await expect.poll(() => page.locator('.grid .card').count()).toBe(72);
    const card = page.locator('.grid .card').nth(3);
    await card.locator('img').first().click();
    await page.locator('dialog.detail[open]').waitFor();
    const url = page.url();
    await page.evaluate('window.scrollTo(0, 600)');
    const scroll = await page.evaluate('window.scrollY');
    expect(scroll).toBe(600);

    await ingestNew(6);
    await expect.poll(() => notice().textContent(), { timeout: 15_000 }).toBe('6 new images');
    const summary = await fx.api<DatasetSummary>('/v1/datasets/pets');
    expect(summary.images).toBe(78);
    await expect.poll(() => page.locator('.result-count').textContent()).toContain('78 images');
    expect(await page.locator('.grid .card').count()).toBeGreaterThanOrEqual(72);
    expect(page.url()).toBe(url);
    expect(await page.locator('dialog.detail[open]').count()).toBe(1);
    expect(await page.evaluate('window.scrollY')).toBe(scroll);
    expect(await page.evaluate("'stayedOpen' in window")).toBe(true);
    await page.keyboard.press('Escape');
  });

  it('stops polling while the tab is hidden; shown again, it reports the ingest and the finished run', async () => {
    await page.click('nav button[data-view="overview"]');
    await page.locator('[data-fact="images"]').waitFor();
    const runBefore = await page.locator('[data-run]').getAttribute('data-run');
    await setVisible(false);
    await page.waitForTimeout(POLL_MS * 2);
    const hiddenPolls = polls.length;
    await ingestNew(12);
    await curate();
    await page.waitForTimeout(POLL_MS * 4);
    expect(polls.length).toBe(hiddenPolls);

    await setVisible(true);
    const [latest] = (await fx.api<{ items: Run[] }>('/v1/datasets/pets/runs?limit=1')).items;
    expect(latest.runId).not.toBe(runBefore);
    const at = new Date(latest.finishedAt as string).toLocaleTimeString('en-GB', {
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    await expect
      .poll(() => notice().textContent(), { timeout: 15_000 })
      .toBe(`12 new images · run finished ${at}`);
    await expect.poll(fact).toBe('90');
    expect(await page.locator('[data-run]').getAttribute('data-run')).toBe(latest.runId);
    const summary = await fx.api<DatasetSummary>('/v1/datasets/pets');
    for (const [issue, count] of Object.entries(summary.issues)) {
      const shown = page.locator(`button[data-issue="${issue}"] .count-value`);
      if ((await shown.count()) > 0) expect(await shown.textContent()).toBe(String(count));
    }
    await page.screenshot({ path: join(SHOTS, 'live.png') });
    expect(await page.evaluate("'stayedOpen' in window")).toBe(true);
  });

  it('redraws the map with the points of a new run', async () => {
    await page.click('nav button[data-view="map"]');
    await expect.poll(() => page.locator('.map-note').textContent()).toContain('90 images');
    await ingestNew(3);
    await curate();
    const [latest] = (await fx.api<{ items: Run[] }>('/v1/datasets/pets/runs?limit=1')).items;
    await expect
      .poll(() => page.locator('.map-note').textContent(), { timeout: 15_000 })
      .toContain(`93 images (run ${latest.runId})`);
    expect(await page.evaluate("'stayedOpen' in window")).toBe(true);
    expect(errors).toEqual([]);
  });
});
