import { escapeHtml, figure, type Thumbnails } from './figure.ts';
import type { CurationReport } from './types.ts';

/** Copies of one picture in more than one split: the copy that stays, and those to move or drop. */
export function leaksHtml(report: CurationReport, thumbnails: Thumbnails): string {
  const leaks = report.leaks;
  if (!leaks) return '';
  const splits = Object.entries(leaks.splits)
    .map(([name, count]) => `${escapeHtml(name)} ${count}`)
    .join(', ');
  const head = `<p>${leaks.counts.clusters} clusters, ${leaks.counts.pairs} cross-split pairs, ${leaks.counts.toMove} copies to move (splits: ${splits || 'none'}; ${leaks.unsplit} images without a split).${leaks.notice ? ` <span class="muted">${escapeHtml(leaks.notice)}</span>` : ''}</p>`;
  const groups = leaks.clusters.map(
    (cluster) =>
      `<div class="group">${figure(cluster.keep, thumbnails, `<b>keep</b> in ${escapeHtml(cluster.home)}`, true)}${cluster.move
        .map((item) =>
          figure(item, thumbnails, `move ${escapeHtml(item.split)} → ${escapeHtml(cluster.home)} (or drop)`),
        )
        .join('')}</div>`,
  );
  return `<h2>Split leakage (duplicates across train / val / test)</h2>${head}${groups.join('\n')}`;
}

/** Each saved view's new matches since it was last checked. */
export function viewsHtml(report: CurationReport, thumbnails: Thumbnails): string {
  if (!report.views || report.views.length === 0) return '';
  const sections = report.views.map(
    (view) =>
      `<h3>${escapeHtml(view.name)} <span class="muted">${escapeHtml(view.query)}</span></h3><p>${view.newMatches} new matches.</p>${
        view.items.length
          ? `<div class="grid">${view.items.map((item) => figure(item, thumbnails, 'new')).join('')}</div>`
          : ''
      }`,
  );
  return `<h2>Saved views: new matches</h2>${sections.join('\n')}`;
}
