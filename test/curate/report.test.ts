import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CurationReport,
  curateDataset,
  escapeHtml,
  readLatestReport,
  renderReportHtml,
} from '../../shared/curate/index.ts';
import { picture, type Workspace, workspace } from './run-fixtures.ts';

const HOSTILE_LABEL = '<script>alert(1)<!--';
const HOSTILE_FILE = '<img src=x onerror=alert(2)>.png';

function item(
  key: string,
  label: string | null,
  extra: Partial<CurationReport['galleries'][0]['items'][0]> = {},
) {
  return { id: 'a'.repeat(32), key, label, confidence: 0.9, thumbnailKey: 'thumbnails/d/a.webp', ...extra };
}

function report(overrides: Partial<CurationReport> = {}): CurationReport {
  return {
    version: 1,
    dataset: 'd',
    generatedAt: '2026-01-02T03:04:05.000Z',
    run: {
      runId: 'run-1',
      kind: 'full',
      startedAt: '2026-01-02T03:00:00.000Z',
      finishedAt: '2026-01-02T03:01:00.000Z',
      model: 'descriptor-v1',
      parameters: { note: '</td><script>alert(3)</script>' },
      timings: { knn: 12 },
    },
    incrementalRuns: [],
    previousRun: { runId: 'run-0', startedAt: '2026-01-01T03:00:00.000Z' },
    counts: { images: 10, duplicates: 2, mislabels: 1 },
    change: { images: 3, duplicates: -1 },
    duplicates: [
      {
        cluster: 'a'.repeat(32),
        keeper: item('keep/me.png', 'cat'),
        duplicates: [item('x/"onmouseover="alert(4).png', 'cat')],
      },
    ],
    galleries: [
      {
        issue: 'mislabels',
        threshold: 0.5,
        items: [item("it's/</figcaption><script>alert(5)</script>", 'dog', { suggestedLabel: '<b>cat</b>' })],
      },
    ],
    visualClusters: null,
    ...overrides,
  };
}

describe('the HTML report', () => {
  it('escapes every user string: keys, labels, suggestions and parameters', () => {
    const html = renderReportHtml(
      report(),
      new Map([['thumbnails/d/a.webp', 'data:image/webp;base64,AAAA']]),
    );
    expect(html).not.toMatch(/<script|<b>cat|onmouseover="/);
    expect(html).toContain('&lt;/figcaption&gt;&lt;script&gt;alert(5)&lt;/script&gt;');
    expect(html).toContain('&lt;b&gt;cat&lt;/b&gt;');
    expect(html).toContain('x/&quot;onmouseover=&quot;alert(4).png');
    expect(html).toContain('it&#39;s/');
    expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;');
  });

  it('shows counts with the change since the previous run, and marks the keeper', () => {
    const html = renderReportHtml(report(), new Map());
    expect(html).toMatch(/<td>images<\/td><td>10<\/td><td><span class="up">\+3<\/span>/);
    expect(html).toMatch(/<td>duplicates<\/td><td>2<\/td><td><span class="down">-1<\/span>/);
    expect(html).toMatch(/<figure class="keeper">.*<b>keep<\/b>.*keep\/me\.png/);
    expect(html).toContain('previous run run-0');
    // Missing thumbnails render as empty frames, never as a remote URL.
    expect(html).toContain('<div class="none"></div>');
    expect(html).not.toMatch(/src="(?!data:)/);
  });
});

describe('the report of a dataset with hostile names', () => {
  let ws: Workspace;

  beforeAll(async () => {
    ws = await workspace();
    const photos = join(ws.root, 'photos');
    for (const [folder, hue] of [
      [HOSTILE_LABEL, 'red'],
      ['green', 'green'],
    ] as const) {
      await mkdir(join(photos, folder), { recursive: true });
      for (let i = 0; i < 6; i++) {
        await writeFile(
          join(photos, folder, `${i}.png`),
          await picture(hue, 40 * i + hue.length)
            .png()
            .toBuffer(),
        );
      }
    }
    await writeFile(join(photos, 'green', HOSTILE_FILE), await picture('green', 999).png().toBuffer());
    expect((await ws.ingest(photos)).ingested).toBe(13);
  });

  afterAll(async () => {
    await ws?.close();
  });

  it('keeps the hostile key and label as text, with the thumbnails inlined', async () => {
    const result = await curateDataset(ws.deps, { dataset: 'default', kind: 'full' });
    const latest = await readLatestReport(ws.deps.bucket, 'default');
    const html = new TextDecoder().decode(latest?.html);
    const json = JSON.parse(new TextDecoder().decode(latest?.json));
    expect(json.run.runId).toBe(result.run.runId);
    expect(html).not.toMatch(/<script|<img src=x/);
    expect(html).toContain(escapeHtml(HOSTILE_LABEL));
    expect(html).toContain(escapeHtml(`green/${HOSTILE_FILE}`));
    expect(html.match(/src="data:image\/webp;base64,/g)?.length).toBeGreaterThan(10);
    // The JSON keeps the names as they are: it is data, not markup.
    const keys = json.galleries.flatMap((g: { items: { key: string }[] }) => g.items.map((i) => i.key));
    expect(keys).toContain(`green/${HOSTILE_FILE}`);
  });

  it('counts and names the images a quality check could not judge, with why', async () => {
    await curateDataset(ws.deps, { dataset: 'default', kind: 'full' });
    const latest = await readLatestReport(ws.deps.bucket, 'default');
    const html = new TextDecoder().decode(latest?.html);
    const json = JSON.parse(new TextDecoder().decode(latest?.json)) as CurationReport;
    // 96 px pictures: too small for a blur verdict (192 px), judged for dark and bright (64 px).
    const blur = json.galleries.find((gallery) => gallery.issue === 'blur');
    expect(blur?.items).toEqual([]);
    expect(blur?.unjudged?.count).toBe(13);
    expect(blur?.unjudged?.items[0].reason).toBe('too small (96x96 < 192 px shortest side)');
    expect(json.galleries.find((gallery) => gallery.issue === 'dark')?.unjudged).toBeUndefined();
    expect(html).toContain('13 images not judged:');
    expect(html).toContain(
      `${escapeHtml(`green/${HOSTILE_FILE}`)}: cannot judge: too small (96x96 &lt; 192 px shortest side)`,
    );
  });
});
