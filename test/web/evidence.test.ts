import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ClusterPage,
  DatasetSummary,
  DuplicateCluster,
  ImageDetail,
  ImagePage,
  SearchResult,
} from '../../web/src/types.ts';
import { clusterTitle } from '../../web/src/words/cluster-title.ts';
import { middleEllipsis } from '../../web/src/words/file-name.ts';
import { voteWords } from '../../web/src/words/vote.ts';
import { type ExplorerFixture, explorerFixture, gridSettled, SCREENSHOTS } from './setup.ts';

/** Screenshots of issue 13's evidence and names, also kept beside the notes when that folder exists. */
const NOTES_SHOTS = process.env.VISCURA_SHOTS ?? SCREENSHOTS;

let fx: ExplorerFixture;
let page: Page;
let errors: string[];

const shot = (name: string, fullPage = false) =>
  page.screenshot({ path: join(NOTES_SHOTS, `evidence-${name}.png`), fullPage });
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
    await fx.signIn(page);
  }, 120_000);
  afterAll(async () => {
    await fx?.cleanup();
  });

  it('cuts long file names in the middle on the cards, with the full name on hover', async () => {
    const listed = await fx.api<ImagePage>('/v1/datasets/pets/images?limit=48');
    await page.goto(`${fx.server.url}/?view=browse&dataset=pets`);
    await gridSettled(page);
    const shown = await page.locator('.grid .card').evaluateAll((cards) =>
      cards.map((card) => ({
        id: card.getAttribute('data-id'),
        text: card.querySelector('.key')?.textContent,
        title: card.querySelector('.key')?.getAttribute('title'),
      })),
    );
    const long = listed.items.filter((image) => image.key.length > 20);
    expect(long.length, 'the sample set has names longer than a card shows').toBeGreaterThan(0);
    for (const image of listed.items) {
      const card = shown.find((entry) => entry.id === image.id);
      expect(card?.title).toBe(image.key);
      expect(card?.text).toBe(middleEllipsis(image.key, 20));
    }
    // The end of the name (numbers, extension) is kept: a cut name still ends as the file does.
    const cut = shown.find((entry) => entry.text?.includes('…'));
    expect(cut?.text?.slice(-8)).toBe(cut?.title?.slice(-8));
    // The card does not clip what is left: the text fits its box.
    const clipped = await page
      .locator('.grid .card .key')
      .evaluateAll((nodes) => nodes.filter((node) => node.scrollWidth > node.clientWidth + 1).length);
    expect(clipped).toBe(0);
    // The first rows' thumbnails, for the screenshot.
    await page.locator('.grid .card img[src^="blob:"]').nth(14).waitFor();
    await shot('names');
  });

  it('does not show text search scores that are all equal, and says why', async () => {
    const expected = await post<SearchResult>('/v1/datasets/pets/search/text', {
      query: 'checkers',
      limit: 24,
      filters: {},
    });
    expect(expected.hits.length).toBeGreaterThan(1);
    // Full-text matching over equally long texts scores every hit 1.00: answer so, whatever this set's texts.
    await page.route('**/search/text', async (route) => {
      const response = await route.fetch();
      const result = (await response.json()) as SearchResult;
      for (const hit of result.hits) hit.score = 1;
      await route.fulfill({ response, json: result });
    });
    await page.goto(`${fx.server.url}/?view=browse&dataset=pets&q=checkers`);
    await gridSettled(page);
    expect(await page.locator('.grid .card').count()).toBe(expected.hits.length);
    expect(await page.locator('.grid .score').count()).toBe(expected.hits.length);
    expect(await page.locator('.grid .score:visible').count()).toBe(0);
    expect(await page.locator('.score-note').textContent()).toContain('same relevance');
    await shot('text-scores');
    await page.unroute('**/search/text');
    // Scores that rank are shown.
    const differ = expected.hits.some((hit) => hit.score.toFixed(2) !== expected.hits[0].score.toFixed(2));
    await page.goto(`${fx.server.url}/?view=browse&dataset=pets&q=checkers`);
    await gridSettled(page);
    expect(await page.locator('.grid .score:visible').count()).toBe(differ ? expected.hits.length : 0);
  });

  it('keeps similarity scores, which differ, on a similar-image search', async () => {
    const listed = await fx.api<ImagePage>('/v1/datasets/pets/images?limit=1');
    await page.goto(`${fx.server.url}/?view=browse&dataset=pets&similar=${listed.items[0].id}`);
    await gridSettled(page);
    expect(await page.locator('.grid .score:visible').count()).toBe(
      await page.locator('.grid .card').count(),
    );
    expect(await page.locator('.score-note').isHidden()).toBe(true);
  });

  it('shows how many results a list holds: the total of the listing, the hits of a search', async () => {
    const summary = await fx.api<DatasetSummary>('/v1/datasets/pets');
    await page.goto(`${fx.server.url}/?view=browse&dataset=pets`);
    await gridSettled(page);
    await expect
      .poll(() => page.locator('.result-count').textContent())
      .toBe(`${summary.images} images · 48 shown`);
    await page.locator('.sentinel').scrollIntoViewIfNeeded();
    await expect.poll(() => page.locator('.result-count').textContent()).toBe(`${summary.images} images`);
    expect(await page.locator('.grid .card').count()).toBe(summary.images);
    // A label alone has its count in the summary too.
    const [label, size] = Object.entries(summary.labels)[0];
    await page.goto(`${fx.server.url}/?view=browse&dataset=pets&label=${encodeURIComponent(label)}`);
    await gridSettled(page);
    await expect.poll(() => page.locator('.result-count').textContent()).toBe(`${size} images`);
    // Other filters have no count in the API: the whole (short) list says how many it holds.
    await page.goto(`${fx.server.url}/?view=browse&dataset=pets&issue=duplicates`);
    await gridSettled(page);
    const cards = await page.locator('.grid .card').count();
    await expect.poll(() => page.locator('.result-count').textContent()).toBe(`${cards} images`);
    const listed = await fx.api<ImagePage>('/v1/datasets/pets/images?limit=1');
    await page.goto(`${fx.server.url}/?view=browse&dataset=pets&similar=${listed.items[0].id}`);
    await gridSettled(page);
    // A search of 24 hits may have more behind them: "the first 24".
    await expect.poll(() => page.locator('.result-count').textContent()).toBe('the first 24 similar images');
  });

  it('heads a similar-image result with the query image, and a region search with the region drawn on it', async () => {
    const listed = await fx.api<ImagePage>('/v1/datasets/pets/images?limit=2');
    const target = listed.items[1];
    await page.goto(`${fx.server.url}/?view=browse&dataset=pets&similar=${target.id}`);
    await gridSettled(page);
    const head = page.locator('.query-head');
    await head.locator('img[src^="blob:"]').waitFor();
    await expect.poll(() => head.locator('.key').getAttribute('title')).toBe(target.key);
    expect(await head.locator('img').getAttribute('alt')).toBe(target.key);
    // The query comes before the hits.
    const above = (await head.boundingBox())?.y ?? Number.POSITIVE_INFINITY;
    const grid = (await page.locator('.grid').boundingBox())?.y ?? 0;
    expect(above).toBeLessThan(grid);
    await shot('similar-head');
    // Its name opens the query's detail view.
    await head.locator('button.link').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('detail')).toBe(target.id);
    await page.keyboard.press('Escape');

    const box = '0.2500,0.2500,0.5000,0.4000';
    await page.goto(`${fx.server.url}/?view=browse&dataset=pets&similar=${target.id}&box=${box}`);
    await gridSettled(page);
    const rect = page.locator('.query-head rect.drawn');
    await rect.waitFor({ state: 'attached' });
    expect(
      await rect.evaluate((node) => ['x', 'y', 'width', 'height'].map((a) => node.getAttribute(a))),
    ).toEqual(['0.25', '0.25', '0.5', '0.4']);
    expect(await page.locator('.query-head figcaption').textContent()).toContain('a region of');
    await page.locator('.query-head img[src^="blob:"]').waitFor();
    await shot('region-head');
  });

  it('heads an upload search with the uploaded file, and an object search with its image and box', async () => {
    const listed = await fx.api<ImagePage>('/v1/datasets/pets/images?limit=1');
    await page.goto(`${fx.server.url}/?view=browse&dataset=pets`);
    await gridSettled(page);
    const file = listed.items[0].key;
    await page.setInputFiles('#upload', join(fx.inbox, ...file.split('/')));
    await page.locator('.results h2', { hasText: 'uploaded' }).waitFor();
    await gridSettled(page);
    const name = file.split('/').pop() as string;
    expect(await page.locator('.query-head figcaption').textContent()).toContain(`the uploaded ${name}`);
    expect(await page.locator('.query-head img').getAttribute('src')).toMatch(/^blob:/);

    const annotated = await fx.api<ImagePage>('/v1/datasets/pets/images?tag=featured');
    await page.goto(`${fx.server.url}/?view=browse&dataset=pets&detail=${annotated.items[0].id}`);
    await page.locator('dialog.detail button', { hasText: 'Find similar to this lamp' }).click();
    await gridSettled(page);
    expect(await page.locator('.query-head figcaption').textContent()).toContain('the lamp in');
    expect(await page.locator('.query-head rect.drawn').count()).toBe(1);
  });

  it('titles duplicate clusters by label, keeper and copies, and says why the keeper is kept', async () => {
    const clusters = await fx.api<ClusterPage>('/v1/datasets/pets/clusters?kind=duplicates&limit=200');
    const duplicates = clusters.items.filter((item): item is DuplicateCluster => 'members' in item);
    expect(duplicates.length).toBeGreaterThan(0);
    await page.goto(`${fx.server.url}/?view=clusters&dataset=pets`);
    await page.locator('fieldset.cluster').first().waitFor();
    for (const cluster of duplicates) {
      const card = page.locator(`fieldset.cluster[data-cluster="${cluster.id}"]`);
      const legend = await card.locator('legend').textContent();
      expect(legend).toBe(
        clusterTitle({
          labels: cluster.members.map((member) => member.label),
          keeperKey: cluster.representative.key,
          size: cluster.size,
        }),
      );
      expect(legend).not.toContain(cluster.id);
      expect(legend).toContain(`${cluster.size} copies`);
      expect(await card.locator('.keeper .why').textContent()).toMatch(/^kept: /);
    }
    const clipped = await page
      .locator('.member .key')
      .evaluateAll((nodes) => nodes.filter((node) => node.scrollWidth > node.clientWidth + 1).length);
    expect(clipped).toBe(0);
    await shot('clusters', true);

    // A copy's detail view names its cluster the same way and says which copy is kept, and why.
    const cluster = duplicates[0];
    const copy = cluster.members.find(
      (member) => !member.representative,
    ) as DuplicateCluster['members'][number];
    await page.goto(`${fx.server.url}/?view=browse&dataset=pets&detail=${copy.id}`);
    const section = page.locator('dialog.detail .duplicates');
    await section.waitFor();
    expect(await section.locator('h3').textContent()).toContain(`${cluster.size} copies`);
    expect(await section.locator('h3').textContent()).not.toContain(cluster.id);
    const why = await section.locator('.why').textContent();
    expect(why).toContain(`a copy of ${cluster.representative.key}, the keeper (kept: `);
    expect(why).toMatch(/; it matches: (exact|near)/);
    expect(await section.locator('li').count()).toBe(cluster.members.length);
    await page.locator('dialog.detail img.original[src^="blob:"]').waitFor();
    await section.scrollIntoViewIfNeeded();
    await shot('detail-duplicate');
    await page.keyboard.press('Escape');
  });

  it('shows a mislabel with the neighbours that voted: how many carry which label, their thumbnails', async () => {
    const flagged = await fx.api<ImagePage>(
      '/v1/datasets/pets/images?issue=mislabels&threshold=0.25&limit=50',
    );
    let found: ImageDetail | undefined;
    for (const image of flagged.items) {
      const detail = await fx.api<ImageDetail>(`/v1/datasets/pets/images/${image.id}`);
      if (detail.labelEvidence && detail.labelEvidence.voters.length > 1) {
        found = detail;
        break;
      }
    }
    expect(found, 'the sample set plants mislabels the vote finds').toBeDefined();
    const image = found as ImageDetail;
    const evidence = image.labelEvidence as NonNullable<ImageDetail['labelEvidence']>;
    await page.goto(`${fx.server.url}/?view=browse&dataset=pets&detail=${image.id}`);
    const section = page.locator('dialog.detail .evidence');
    await section.waitFor();
    const sentence = voteWords(
      evidence.voters.map((voter) => voter.label),
      image.label,
      image.curation?.suggestedLabel ?? null,
    );
    expect(await section.locator('.vote').textContent()).toBe(sentence);
    expect(sentence).toMatch(/^\d+ of \d+ neighbours (is|are) ‘[^’]+’; /);
    const notes = await section.locator('.strip .note').allTextContents();
    expect(notes).toEqual(evidence.voters.map((voter) => `${voter.label} · ${voter.similarity.toFixed(2)}`));
    expect(await section.locator('.strip img').count()).toBe(evidence.voters.length);
    await section.locator('.strip img[src^="blob:"]').first().waitFor();
    await section.scrollIntoViewIfNeeded();
    await shot('detail-mislabel');
    await page.keyboard.press('Escape');
  });

  it('logged no console error', () => {
    expect(errors).toEqual([]);
  });
});
