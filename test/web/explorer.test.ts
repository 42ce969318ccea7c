import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExplorerFixture, explorerFixture, gridSettled, SCREENSHOTS } from './setup.ts';

interface Summary {
  images: number;
  labels: Record<string, number>;
  issues: Record<string, number>;
  quality: Record<string, number>;
  lastRun: { runId: string } | null;
}
type Quality = 'blur' | 'dark' | 'bright';
interface Listed {
  id: string;
  key: string;
  label: string | null;
  quality: Record<Quality, number>;
  objects?: unknown[];
}
interface Hit {
  id: string;
  score: number;
}

let fx: ExplorerFixture;
let page: Page;
let errors: string[];

const ids = (p: Page) =>
  p.locator('.grid .card').evaluateAll((cards) => cards.map((card) => card.getAttribute('data-id')));
const shot = (p: Page, name: string, fullPage = true) =>
  p.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });

describe('explorer page in headless Chromium', () => {
  beforeAll(async () => {
    fx = await explorerFixture();
    ({ page, errors } = await fx.newPage());
  }, 120_000);
  afterAll(async () => {
    await fx?.cleanup();
  });

  it('loads with the key from the link, keeps it, drops it from the URL and shows the overview counts', async () => {
    const summary = await fx.api<Summary>('/v1/datasets/pets');
    await page.goto(`${fx.server.url}/#key=${fx.key}`);
    await expect.poll(() => page.locator('[data-fact="images"]').textContent()).toBe(String(summary.images));
    expect(page.url()).not.toContain(fx.key);
    expect(await page.evaluate("localStorage.getItem('viscura.apiKey')")).toBe(fx.key);
    for (const [label, count] of Object.entries(summary.labels)) {
      await expect
        .poll(() => page.locator(`[data-label="${label}"] .count-value`).textContent())
        .toBe(String(count));
    }
    expect(await page.locator('[data-issue="duplicates"] .count-value').textContent()).toBe(
      String(summary.issues.duplicates),
    );
    expect(await page.locator('[data-run]').getAttribute('data-run')).toBe(summary.lastRun?.runId);
    await shot(page, 'overview');
  });

  it('opens the nightly report in a new tab', async () => {
    const html = await fx.api<string>('/v1/datasets/pets/reports/latest?format=html');
    const title = /<title>([^<]*)<\/title>/.exec(html)?.[1];
    expect(title).toBeTruthy();
    const [report] = await Promise.all([
      fx.context.waitForEvent('page'),
      page.click('button:has-text("Open the nightly report")'),
    ]);
    await report.waitForLoadState();
    expect(await report.title()).toBe(title);
    await report.close();
  });

  it('asks for a key when none is stored or the stored one is refused', async () => {
    const { page: other, errors: otherErrors } = await fx.newPage();
    await other.goto(fx.server.url);
    await other.evaluate("localStorage.setItem('viscura.apiKey', 'vsk_thisKeyIsNotKnownAtAll123')");
    await other.reload();
    await other.locator('#api-key').waitFor();
    expect(await other.locator('.key-form [role="alert"]').textContent()).toContain('not valid');
    await other.fill('#api-key', fx.key);
    await other.click('.key-form button[type="submit"]');
    await other.locator('[data-fact="images"]').waitFor();
    await other.close();
    // The refused request is the only thing Chromium logs.
    expect(otherErrors.every((text) => text.includes('401'))).toBe(true);
  });

  it('text search shows relevance-ranked results and puts the query in the URL', async () => {
    await page.click('nav button[data-view="browse"]');
    await page.fill('#query', 'stripes');
    await page.press('#query', 'Enter');
    await gridSettled(page);
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('stripes');
    const expected = await fx.api<{ hits: Hit[] }>('/v1/datasets/pets/search/text', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'stripes', limit: 24, filters: {} }),
    });
    expect(expected.hits.length).toBeGreaterThan(0);
    expect(await ids(page)).toEqual(expected.hits.map((hit) => hit.id));
    const scores = await page
      .locator('.grid .score')
      .evaluateAll((nodes) => nodes.map((node) => Number(node.getAttribute('data-score'))));
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    await shot(page, 'search');
  });

  it('a quality slider changes which images are listed, and the URL carries it', async () => {
    const listed = await fx.api<{ items: Listed[] }>('/v1/datasets/pets/images?limit=1000');
    const at = (issue: Quality, t: number) =>
      listed.items.filter((image) => image.quality[issue] >= t - 1e-9).map((image) => image.id);
    // The slider step nearest 0.5 that lists a different set, on the first quality issue that has one.
    const steps = Array.from({ length: 19 }, (_, i) => (i + 1) / 20).sort(
      (a, b) => Math.abs(a - 0.5) - Math.abs(b - 0.5),
    );
    const choice = (['blur', 'dark', 'bright'] as const)
      .map((issue) => ({ issue, t: steps.find((t) => at(issue, t).length !== at(issue, 0.5).length) }))
      .find((option) => option.t !== undefined) as { issue: Quality; t: number };
    expect(choice, 'the sample set has images between two quality thresholds').toBeDefined();
    const { issue, t } = choice;
    await page.goto(`${fx.server.url}/?view=browse&dataset=pets`);
    await gridSettled(page);
    await page.check(`#issue-${issue}`);
    await gridSettled(page);
    expect(new Set(await ids(page))).toEqual(new Set(at(issue, 0.5)));
    // Arrow keys move the slider by its step, as a keyboard user would.
    await page.focus(`#threshold-${issue}`);
    const presses = Math.round(Math.abs(t - 0.5) / 0.05);
    for (let i = 0; i < presses; i++) await page.keyboard.press(t < 0.5 ? 'ArrowLeft' : 'ArrowRight');
    await expect.poll(() => Number(new URL(page.url()).searchParams.get(issue))).toBeCloseTo(t, 6);
    await gridSettled(page);
    expect(new Set(await ids(page))).toEqual(new Set(at(issue, t)));
    await shot(page, 'filters');
  });

  it('scrolling to the end of the grid loads the next page of the listing', async () => {
    const listed = await fx.api<{ items: Listed[] }>('/v1/datasets/pets/images?limit=1000');
    expect(listed.items.length).toBeGreaterThan(48);
    await page.goto(`${fx.server.url}/?view=browse&dataset=pets`);
    await gridSettled(page);
    expect(await page.locator('.grid .card').count()).toBe(48);
    await page.locator('.sentinel').scrollIntoViewIfNeeded();
    await expect.poll(() => page.locator('.grid .card').count()).toBe(listed.items.length);
    expect(await ids(page)).toEqual(listed.items.map((image) => image.id));
    // The end of the listing: nothing more to load.
    await expect.poll(() => page.locator('button.more').isHidden()).toBe(true);
    expect(await page.locator('.grid .card').count()).toBe(listed.items.length);
  });

  it('finds images similar to a result', async () => {
    await page.goto(`${fx.server.url}/?view=browse&dataset=pets`);
    await gridSettled(page);
    const first = await page.locator('.grid .card').first().getAttribute('data-id');
    await page.locator('.grid .card').first().locator('button', { hasText: 'Similar' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('similar')).toBe(first);
    await gridSettled(page);
    const expected = await fx.api<{ hits: Hit[] }>('/v1/datasets/pets/search/similar', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ imageId: first, limit: 24, filters: {} }),
    });
    expect(await ids(page)).toEqual(expected.hits.map((hit) => hit.id));
    expect(await ids(page)).not.toContain(first);
  });

  it('opens the detail view with boxes and every score, and Escape closes it', async () => {
    const listed = await fx.api<{ items: Listed[] }>('/v1/datasets/pets/images?tag=featured');
    const annotated = listed.items[0];
    await page.goto(`${fx.server.url}/?view=browse&dataset=pets&detail=${annotated.id}`);
    const dialog = page.locator('dialog.detail');
    await dialog.locator('.scores').waitFor();
    expect(await dialog.locator('h2').textContent()).toBe(annotated.key);
    expect(await dialog.locator('rect.object').count()).toBe(2);
    const scoreNames = await dialog.locator('.scores tbody th').allTextContents();
    expect(scoreNames).toEqual(
      expect.arrayContaining([
        'Blur',
        'Dark',
        'Bright',
        'Uniqueness',
        'Duplicate score',
        'Mislabel confidence',
        'Class outlier',
      ]),
    );
    expect(await dialog.locator('.strip-section h3', { hasText: 'Nearest neighbours' }).count()).toBe(1);
    await dialog.locator('img.original[src^="blob:"]').waitFor();
    await shot(page, 'detail', false);
    await page.keyboard.press('Escape');
    await expect
      .poll(() => dialog.evaluate((node) => (node as unknown as { open: boolean }).open))
      .toBe(false);
    // The app drops ?detail in the dialog's close handler, after the dialog reports closed: poll, do not read once.
    await expect.poll(() => new URL(page.url()).searchParams.get('detail')).toBeNull();
  });

  it('finds images similar to an object of the detail view', async () => {
    const listed = await fx.api<{ items: Listed[] }>('/v1/datasets/pets/images?tag=featured');
    const objects = await fx.api<{ items: { id: string; label: string }[] }>(
      `/v1/datasets/pets/objects?imageId=${listed.items[0].id}`,
    );
    const lamp = objects.items.find((object) => object.label === 'lamp') as { id: string };
    await page.goto(`${fx.server.url}/?view=browse&dataset=pets&detail=${listed.items[0].id}`);
    await page.locator('dialog.detail button', { hasText: 'Find similar to this lamp' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('object')).toBe(lamp.id);
    await gridSettled(page);
    const expected = await fx.api<{ hits: Hit[] }>('/v1/datasets/pets/search/similar', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ objectId: lamp.id, limit: 24, filters: {} }),
    });
    expect(expected.hits.length).toBeGreaterThan(0);
    expect(await ids(page)).toEqual(expected.hits.map((hit) => hit.id));
  });

  it('crop search: a box dragged on the image searches with that region', async () => {
    const listed = await fx.api<{ items: Listed[] }>('/v1/datasets/pets/images?limit=1');
    const target = listed.items[0];
    await page.goto(`${fx.server.url}/?view=browse&dataset=pets&detail=${target.id}`);
    const frame = page.locator('dialog.detail .frame');
    await page.locator('dialog.detail img.original[src^="blob:"]').waitFor();
    const bounds = (await frame.boundingBox()) as { x: number; y: number; width: number; height: number };
    await page.mouse.move(bounds.x + bounds.width * 0.25, bounds.y + bounds.height * 0.25);
    await page.mouse.down();
    await page.mouse.move(bounds.x + bounds.width * 0.5, bounds.y + bounds.height * 0.5, { steps: 5 });
    await page.mouse.move(bounds.x + bounds.width * 0.75, bounds.y + bounds.height * 0.75, { steps: 5 });
    await page.mouse.up();
    await page.click('#search-region');
    await expect.poll(() => new URL(page.url()).searchParams.get('box')).not.toBeNull();
    const box = (new URL(page.url()).searchParams.get('box') as string).split(',').map(Number);
    expect(box[0]).toBeCloseTo(0.25, 1);
    expect(box[2]).toBeCloseTo(0.5, 1);
    await gridSettled(page);
    const [x, y, width, height] = box;
    const expected = await fx.api<{ hits: Hit[] }>('/v1/datasets/pets/search/similar', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ imageId: target.id, box: { x, y, width, height }, limit: 24, filters: {} }),
    });
    expect(await ids(page)).toEqual(expected.hits.map((hit) => hit.id));
    expect(await page.locator('.results h2').textContent()).toContain('region');
  });

  it('upload search: a file put on the drop zone finds the same image first', async () => {
    const listed = await fx.api<{ items: Listed[] }>('/v1/datasets/pets/images?limit=3&sort=key');
    const target = listed.items[2];
    await page.goto(`${fx.server.url}/?view=browse&dataset=pets`);
    await gridSettled(page);
    await page.setInputFiles('#upload', join(fx.inbox, ...target.key.split('/')));
    await page.locator('.results h2', { hasText: 'uploaded' }).waitFor();
    await gridSettled(page);
    expect((await ids(page))[0]).toBe(target.id);
    const top = Number(await page.locator('.grid .score').first().getAttribute('data-score'));
    expect(top).toBeGreaterThan(0.99);
  });

  it('shows duplicate clusters with the keeper marked, and exports drop and keep lists with the choices applied', async () => {
    const clusters = await fx.api<{
      items: { id: string; representative: { id: string }; members: { id: string }[] }[];
    }>('/v1/datasets/pets/clusters?kind=duplicates&limit=200');
    expect(clusters.items.length).toBeGreaterThan(0);
    await page.goto(`${fx.server.url}/?view=clusters&dataset=pets`);
    await page.locator('fieldset.cluster').first().waitFor();
    expect(await page.locator('fieldset.cluster').count()).toBe(clusters.items.length);
    for (const cluster of clusters.items) {
      const card = page.locator(`fieldset.cluster[data-cluster="${cluster.id}"]`);
      expect(await card.locator('.keeper').getAttribute('data-id')).toBe(cluster.representative.id);
      expect(await card.locator('input[type="checkbox"]:checked').count()).toBe(cluster.members.length - 1);
    }
    await shot(page, 'clusters');
    // Keep one member the run would drop.
    const spared = clusters.items[0].members.find(
      (member) => member.id !== clusters.items[0].representative.id,
    )?.id as string;
    await page.uncheck(`#drop-${spared}`);

    const drops = (
      await fx.api<string>('/v1/datasets/pets/export?format=jsonl&issue=duplicates&representative=false')
    )
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { id: string }).id);
    const all = (await fx.api<string>('/v1/datasets/pets/export?format=jsonl'))
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { id: string }).id);
    const dropped = drops.filter((id) => id !== spared);

    const fileOf = async (button: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
      const text = await readFile(await download.path(), 'utf8');
      return {
        name: download.suggestedFilename(),
        ids: text
          .trim()
          .split('\n')
          .map((line) => (JSON.parse(line) as { id: string }).id),
      };
    };
    const drop = await fileOf('#export-drop');
    expect(drop.name).toBe('pets-drop-list.jsonl');
    expect(drop.ids).toEqual(dropped);
    const keep = await fileOf('#export-keep');
    expect(keep.ids).toEqual(all.filter((id) => !dropped.includes(id)));
    expect(keep.ids).toContain(spared);
  });

  it('exports the filtered view as CSV through the API', async () => {
    await page.goto(`${fx.server.url}/?view=browse&dataset=pets&issue=duplicates`);
    await gridSettled(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-view')]);
    const csv = await readFile(await download.path(), 'utf8');
    const expected = await fx.api<string>(
      '/v1/datasets/pets/export?format=csv&issue=duplicates&threshold=0.5',
    );
    expect(csv).toBe(expected);
    expect(csv.trim().split('\n').length - 1).toBe((await ids(page)).length);
  });

  it('search box: completes fields and labels, lists a conditions-only query, exports it for training', async () => {
    const summary = await fx.api<Summary>('/v1/datasets/pets');
    const label = Object.keys(summary.labels).sort()[0];
    await page.goto(`${fx.server.url}/?view=browse&dataset=pets`);
    await gridSettled(page);
    const offered = () =>
      page
        .locator('#query-completions option')
        .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('value')));
    await page.fill('#query', 'spl');
    await expect.poll(offered).toContain('split:');
    await page.fill('#query', `-label:${label.slice(0, 1)}`);
    await expect.poll(offered).toContain(`-label:${label} `);
    await page.fill('#query', `label:${label}`);
    await page.press('#query', 'Enter');
    await gridSettled(page);
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(`label:${label}`);
    const expected = await fx.api<{ items: Listed[] }>(
      `/v1/datasets/pets/images?q=${encodeURIComponent(`label:${label}`)}&limit=200`,
    );
    expect(expected.items.length).toBeGreaterThan(0);
    expect(expected.items.every((item) => item.label === label)).toBe(true);
    expect((await ids(page)).sort()).toEqual(expected.items.map((item) => item.id).sort());
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-training')]);
    expect(download.suggestedFilename()).toMatch(/^pets-coco-.*\.tar\.gz$/);
    const bytes = await readFile(await download.path());
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]); // gzip
    await shot(page, 'query-syntax');
  });

  it('lists snapshots and saved views in the overview', async () => {
    const post = (path: string, body: unknown) =>
      fx.api(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    await post('/v1/datasets/pets/snapshots', { name: 'web-check' });
    await post('/v1/datasets/pets/views', { name: 'web-dups', query: 'dup:any' });
    await page.goto(`${fx.server.url}/?view=overview&dataset=pets`);
    await page.locator('[data-snapshot="web-check"]').waitFor();
    await page.click('[data-view="web-dups"] button');
    await gridSettled(page);
    expect(new URL(page.url()).searchParams.get('q')).toBe('dup:any');
  });

  it('fits a phone-width screen without sideways scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${fx.server.url}/?view=browse&dataset=pets`);
    await gridSettled(page);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await shot(page, 'phone');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('logged no console error on the main page', () => {
    expect(errors).toEqual([]);
  });
});
