import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImagePage, SearchResult } from '../../web/src/types.ts';
import { middleEllipsis } from '../../web/src/words/file-name.ts';
import { type ExplorerFixture, explorerFixture, SCREENSHOTS } from './setup.ts';

/** Screenshots of issue 13's evidence and names, also kept beside the notes when that folder exists. */
const NOTES_SHOTS = process.env.VISCURA_SHOTS ?? SCREENSHOTS;

let fx: ExplorerFixture;
let page: Page;
let errors: string[];

const shot = (name: string, fullPage = false) =>
  page.screenshot({ path: join(NOTES_SHOTS, `evidence-${name}.png`), fullPage });
async function settled(p: Page): Promise<void> {
  await p.locator('.grid:not([aria-busy])').waitFor();
  await p.locator('.grid .card, .grid .empty').first().waitFor();
}
const post = <T>(path: string, body: unknown) =>
  fx.api<T>(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('evidence and names in the explorer (issue 13, item 4)', () => {
  beforeAll(async () => {
    fx = await explorerFixture();
    ({ page, errors } = await fx.newPage());
    await page.goto(`${fx.server.url}/#key=${fx.key}`);
    await page.locator('[data-fact="images"]').waitFor();
  }, 120_000);
  afterAll(async () => {
    await fx?.cleanup();
  });

  it('cuts long file names in the middle on the cards, with the full name on hover', async () => {
    const listed = await fx.api<ImagePage>('/v1/datasets/pets/images?limit=48');
    await page.goto(`${fx.server.url}/?view=browse&dataset=pets`);
    await settled(page);
    const shown = await page.locator('.grid .card').evaluateAll((cards) =>
      cards.map((card) => ({
        id: card.getAttribute('data-id'),
        text: card.querySelector('.key')?.textContent,
        title: card.querySelector('.key')?.getAttribute('title'),
      })),
    );
    const long = listed.items.filter((image) => image.key.length > 24);
    expect(long.length, 'the sample set has names longer than a card shows').toBeGreaterThan(0);
    for (const image of listed.items) {
      const card = shown.find((entry) => entry.id === image.id);
      expect(card?.title).toBe(image.key);
      expect(card?.text).toBe(middleEllipsis(image.key, 24));
    }
    // The end of the name (numbers, extension) is kept: a cut name still ends as the file does.
    const cut = shown.find((entry) => entry.text?.includes('…'));
    expect(cut?.text?.slice(-8)).toBe(cut?.title?.slice(-8));
    // The card does not clip what is left: the text fits its box.
    const clipped = await page
      .locator('.grid .card .key')
      .evaluateAll((nodes) => nodes.filter((node) => node.scrollWidth > node.clientWidth + 1).length);
    expect(clipped).toBe(0);
    await shot('names');
  });

  it('does not show text search scores that are all equal, and says why', async () => {
    const expected = await post<SearchResult>('/v1/datasets/pets/search/text', {
      query: 'checkers',
      limit: 24,
      filters: {},
    });
    expect(expected.hits.length).toBeGreaterThan(1);
    const equal = expected.hits.every((hit) => hit.score.toFixed(2) === expected.hits[0].score.toFixed(2));
    await page.goto(`${fx.server.url}/?view=browse&dataset=pets&q=checkers`);
    await settled(page);
    expect(await page.locator('.grid .card').count()).toBe(expected.hits.length);
    expect(equal, 'full-text scores every hit alike here').toBe(true);
    expect(await page.locator('.grid .score:visible').count()).toBe(0);
    expect(await page.locator('.score-note').textContent()).toContain('same relevance');
    await shot('text-scores');
  });

  it('keeps similarity scores, which differ, on a similar-image search', async () => {
    const listed = await fx.api<ImagePage>('/v1/datasets/pets/images?limit=1');
    await page.goto(`${fx.server.url}/?view=browse&dataset=pets&similar=${listed.items[0].id}`);
    await settled(page);
    expect(await page.locator('.grid .score:visible').count()).toBe(
      await page.locator('.grid .card').count(),
    );
    expect(await page.locator('.score-note').isHidden()).toBe(true);
  });

  it('logged no console error', () => {
    expect(errors).toEqual([]);
  });
});
