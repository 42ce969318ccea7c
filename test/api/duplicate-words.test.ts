import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterPageSchema, duplicateClusterSchema } from '../../shared/api/schemas/curation.ts';
import { imageDetailSchema } from '../../shared/api/schemas/images.ts';
import { buildReport, issueThresholds } from '../../shared/curate/index.ts';
import { renderReportHtml } from '../../shared/curate/report/html.ts';
import { openCurationStore } from '../../shared/store/index.ts';
import { type ApiFixture, apiFixture, json } from './fixture.ts';

let fx: ApiFixture;
beforeAll(async () => {
  fx = await apiFixture({ count: 24 });
});
afterAll(() => fx?.cleanup());

const MATCH = /^(exact-bytes|exact-pixels|near: .+)$/;

describe('the same words for duplicates in the API and the report', () => {
  it('names how each member matches its keeper and why the keeper is kept', async () => {
    const page = clusterPageSchema.parse(
      await json(await fx.request('/v1/datasets/pets/clusters?kind=duplicates&limit=200')),
    );
    expect(page.items.length).toBeGreaterThan(0);
    for (const item of page.items) {
      const cluster = duplicateClusterSchema.parse(item);
      for (const member of cluster.members) {
        if (member.representative) {
          expect(member.duplicateMatch).toBe('keeper');
          expect(member.keptBecause).toMatch(
            /^(resolution|quality|oldest|newest|key|already-kept|identical-order)$/,
          );
        } else expect(member.duplicateMatch).toMatch(MATCH);
      }
      const dropped = cluster.members.find((member) => !member.representative);
      const detail = imageDetailSchema.parse(
        await json(await fx.request(`/v1/datasets/pets/images/${dropped?.id}`)),
      );
      expect(detail.curation?.duplicateMatch).toBe(dropped?.duplicateMatch);
      // Each member carries its image's label, so a cluster can be titled by what it shows.
      expect(dropped?.label).toBe(detail.label);
      expect(detail.duplicates?.members.find((m) => m.id === dropped?.id)?.label).toBe(detail.label);
      expect(detail.duplicates?.members.find((m) => m.id === dropped?.id)?.duplicateMatch).toBe(
        dropped?.duplicateMatch,
      );
    }
  });

  it('writes them into the report: "kept: <reason>" on the keeper, "exact (...)" or "near (...)" on each copy', async () => {
    const curation = await openCurationStore(fx.runtime.config.dbUri, { readOnly: true });
    const report = await buildReport(
      { store: fx.runtime.store, curation, bucket: fx.runtime.bucket },
      'pets',
      { thresholds: issueThresholds(fx.runtime.config) },
    );
    curation.close();
    expect(report?.duplicates.length).toBeGreaterThan(0);
    for (const group of report?.duplicates ?? []) {
      expect(group.keptBecause).toBeTruthy();
      for (const item of group.duplicates) expect(item.match).toMatch(MATCH);
    }
    const html = renderReportHtml(report as NonNullable<typeof report>, new Map());
    expect(html).toMatch(
      /<b>keep<\/b> · kept: (resolution|quality|oldest|newest|key|already-kept|identical-order)/,
    );
    expect(html).toMatch(/drop · (exact \(same (bytes|pixels)\)|near \([a-z, -]+\)) · \d\.\d\d/);
  });
});
