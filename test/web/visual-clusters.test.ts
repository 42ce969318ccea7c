import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterPage, ImagePage, SearchResult, VisualCluster } from '../../web/src/types.ts';
import { clusterCountWords, visualClusterTitle } from '../../web/src/words/visual-clusters.ts';
import { type ExplorerFixture, explorerFixture, gridSettled, SCREENSHOTS } from './setup.ts';

/** Screenshots of the visual clusters view, also kept beside the notes when that folder is named. */
const SHOTS = process.env.VISCURA_SHOTS ?? SCREENSHOTS;

let fx: ExplorerFixture;
let page: Page;
let errors: string[];

const shot = (name: string, fullPage = false) =>
  page.screenshot({ path: join(SHOTS, `clusters-${name}.png`), fullPage });

/** Every visual cluster of a level, as the API answers them. */
async function levelClusters(level: number): Promise<{ total: number | null; items: VisualCluster[] }> {
  const page = await fx.api<ClusterPage>(`/v1/datasets/pets/clusters?kind=visual&level=${level}&limit=200`);
  return {
    total: page.total,
    items: page.items.filter((item): item is VisualCluster => !('members' in item)),
  };
}

/** What the tiles on the page show: cluster, size, thumbnails (by name) and labels. */
function tiles() {
  return page.locator('.vclusters .vcluster').evaluateAll((elements) =>
    elements.map((tile) => ({
      id: Number(tile.getAttribute('data-cluster')),
      size: Number(tile.getAttribute('data-size')),
      sizeText: tile.querySelector('.vcluster-size')?.textContent,
      thumbs: [...tile.querySelectorAll('.vcluster-thumbs img')].map((img) => img.getAttribute('alt')),
      labels: [...tile.querySelectorAll('.vcluster-labels li')].map((li) => ({
        label: li.querySelector('.name')?.textContent,
        count: Number(li.getAttribute('data-count')),
      })),
    })),
  );
}

/** Waits until every image under the selector has loaded (before a screenshot); the page's CSP allows no eval. */
const imagesLoaded = (selector: string) =>
  expect
    .poll(() =>
      page
        .locator(selector)
        .evaluateAll((imgs) => imgs.every((img) => (img as unknown as { complete: boolean }).complete)),
    )
    .toBe(true);

const countLine = () => page.locator('.vclusters-view .result-count').textContent();
/** Every card of the grid, after scrolling until the listing has no more. */
async function allCards(): Promise<string[]> {
  await gridSettled(page);
  for (let round = 0; round < 10; round++) {
    const more = page.locator('.results .more');
    if (await more.isHidden()) break;
    await more.click();
    await page.locator('.grid:not([aria-busy])').waitFor();
  }
  return page
    .locator('.grid .card')
    .evaluateAll((cards) => cards.map((card) => card.getAttribute('data-id') ?? ''));
}

describe('visual clusters in the explorer (issue 13, item 2)', () => {
  beforeAll(async () => {
    fx = await explorerFixture();
    ({ page, errors } = await fx.newPage());
    await fx.signIn(page);
  }, 120_000);
  afterAll(async () => {
    await fx?.cleanup();
  });

  it('shows the clusters of a level with their count, and another level when it is picked', async () => {
    await page.click('nav button[data-view="visual"]');
    await page.locator('.vclusters .vcluster').first().waitFor();
    const coarse = await levelClusters(0);
    expect(await countLine()).toBe(clusterCountWords(coarse.total ?? -1, 0));
    expect((await tiles()).map((tile) => tile.id)).toEqual(coarse.items.map((cluster) => cluster.id));
    await shot('level-0', true);

    await page.check('#level-3', { force: true });
    const fine = await levelClusters(3);
    expect(fine.items.length).toBeGreaterThan(coarse.items.length);
    await expect.poll(countLine).toContain(clusterCountWords(fine.total ?? -1, 3));
    expect(page.url()).toContain('level=3');
    const shown = await tiles();
    expect(shown.map((tile) => tile.id)).toEqual(fine.items.slice(0, 12).map((cluster) => cluster.id));
    expect(shown.map((tile) => tile.size)).toEqual(fine.items.slice(0, 12).map((cluster) => cluster.size));
    // The arrow keys move between levels like any radio group.
    await page.focus('#level-3');
    await page.keyboard.press('ArrowRight');
    await expect.poll(countLine).toContain('at level 4');
    await page.check('#level-2', { force: true });
    await expect.poll(countLine).toContain('at level 2');
  });

  it('pages with "More clusters" until every cluster of the level is shown', async () => {
    // The level with the most clusters (k-means on 60 images gives 12-16 at the fine end, not always the same).
    const levels = await Promise.all(
      [3, 4].map(async (level) => ({ level, ...(await levelClusters(level)) })),
    );
    const finest = levels.reduce((a, b) => ((b.total ?? 0) > (a.total ?? 0) ? b : a));
    await page.goto(`${fx.server.url}/?view=visual&dataset=pets&level=${finest.level}`);
    await page.locator('.vclusters .vcluster').first().waitFor();
    const more = page.locator('.vclusters-view .more');
    const all = clusterCountWords(finest.total ?? -1, finest.level);
    if ((finest.total ?? 0) > 12) {
      expect(await countLine()).toBe(`${all} · 12 shown`);
      await more.click();
      await expect.poll(async () => (await tiles()).length).toBe(finest.items.length);
    }
    expect(await more.isHidden()).toBe(true);
    expect(await countLine()).toBe(all);
    expect((await tiles()).length).toBe(finest.total);
  });

  it('shows each cluster as its most central images, its size and its dominant labels', async () => {
    await page.goto(`${fx.server.url}/?view=visual&dataset=pets&level=2`);
    await page.locator('.vclusters .vcluster').first().waitFor();
    const { items } = await levelClusters(2);
    // The thumbnails are the API's preview (the members nearest the centroid), nearest first.
    await page.locator('.vcluster-thumbs img[src^="blob:"]').first().waitFor();
    const shown = await tiles();
    for (const cluster of items.slice(0, 12)) {
      const tile = shown.find((entry) => entry.id === cluster.id);
      expect(tile?.thumbs).toEqual(cluster.preview.slice(0, 6).map((member) => member.key));
      expect(tile?.sizeText).toBe(`${cluster.size} images`.replace(/^1 images$/, '1 image'));
      expect(tile?.labels).toEqual(
        (cluster.labels ?? []).map((entry) => ({ label: entry.label ?? 'unlabelled', count: entry.count })),
      );
      expect(tile?.labels.length).toBeGreaterThan(0);
    }
    await imagesLoaded('.vcluster-thumbs img');
    await shot('level-2', true);
  });

  it('fits a phone: the tiles stack and nothing scrolls sideways', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.goto(`${fx.server.url}/?view=visual&dataset=pets&level=2`);
      await page.locator('.vclusters .vcluster').first().waitFor();
      await page.locator('.vcluster-thumbs img[src^="blob:"]').first().waitFor();
      const width = await page.evaluate<number>('document.documentElement.scrollWidth');
      expect(width).toBeLessThanOrEqual(390);
      const boxes = await page
        .locator('.vclusters .vcluster')
        .evaluateAll((tiles) => tiles.slice(0, 2).map((tile) => tile.getBoundingClientRect().top));
      expect(boxes[1]).toBeGreaterThan(boxes[0]);
      await shot('phone');
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('opens a cluster: the grid lists exactly its members, under a chip that names it', async () => {
    const { items } = await levelClusters(2);
    const cluster = items.find((item) => item.size > 1 && item.size <= 48) ?? items[0];
    const members = await fx.api<ImagePage>(
      `/v1/datasets/pets/images?visualCluster=${cluster.id}&level=2&limit=200`,
    );
    await page.goto(`${fx.server.url}/?view=visual&dataset=pets&level=2`);
    await page.locator(`.vcluster[data-cluster="${cluster.id}"] .open-cluster`).click();
    const cards = await allCards();
    expect(cards.length).toBe(cluster.size);
    expect(new Set(cards)).toEqual(new Set(members.items.map((image) => image.id)));
    await expect.poll(() => page.locator('.chip .chip-name').textContent()).toBe(visualClusterTitle(cluster));
    expect(await page.locator('.result-count').textContent()).toBe(`${cluster.size} images`);
    expect(page.url()).toContain(`visualCluster=2%3A${cluster.id}`);
    expect(await page.locator('.filters-toggle').textContent()).toBe('Filters (1)');
    await imagesLoaded('.grid img');
    await shot('members');
    // Removing the chip lists every image again.
    await page.click('.chip-remove');
    await gridSettled(page);
    expect(await page.locator('.chip').count()).toBe(0);
    expect(await page.locator('.result-count').textContent()).toContain('60 images');
    // A shared link names the cluster too (read by id).
    await page.goto(`${fx.server.url}/?view=browse&dataset=pets&visualCluster=2:${cluster.id}`);
    await expect.poll(() => page.locator('.chip .chip-name').textContent()).toBe(visualClusterTitle(cluster));
    expect((await allCards()).length).toBe(cluster.size);
  });

  it('finds images similar to a cluster, headed by the cluster’s tile', async () => {
    const { items } = await levelClusters(1);
    const cluster = items[0];
    const expected = await fx.api<SearchResult>('/v1/datasets/pets/search/similar', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ cluster: { kind: 'visual', level: 1, id: cluster.id }, limit: 24 }),
    });
    await page.goto(`${fx.server.url}/?view=visual&dataset=pets&level=1`);
    await page.locator(`.vcluster[data-cluster="${cluster.id}"] .similar-cluster`).click();
    await gridSettled(page);
    expect(page.url()).toContain(`similarCluster=1%3A${cluster.id}`);
    const head = page.locator(`.query-head.cluster-head[data-cluster="${cluster.id}"]`);
    await head.locator('.vcluster').waitFor();
    expect(
      await head
        .locator('.vcluster-thumbs img')
        .evaluateAll((imgs) => imgs.map((img) => img.getAttribute('alt'))),
    ).toEqual(cluster.preview.slice(0, 6).map((member) => member.key));
    expect(await head.locator('.cluster-name').textContent()).toBe(visualClusterTitle(cluster));
    expect(await head.locator('.vcluster-actions').count()).toBe(0);
    const cards = await page
      .locator('.grid .card')
      .evaluateAll((elements) => elements.map((card) => card.getAttribute('data-id')));
    expect(cards).toEqual(expected.hits.map((hit) => hit.id));
    expect(await page.locator('#results-title').textContent()).toBe('Similar to the chosen visual cluster');
    await imagesLoaded('.query-head img, .grid img');
    await shot('similar');
    // "show its images" in the head opens the members.
    await head.locator('button.link').click();
    expect((await allCards()).length).toBe(cluster.size);
  });

  it('logged no console error', () => {
    expect(errors).toEqual([]);
  });
});
