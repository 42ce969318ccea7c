import { ISSUE_SPECS, unjudgedWords } from '../../vocabulary/index.ts';
import { escapeHtml, figure, type Thumbnails } from './figure.ts';
import { leaksHtml, viewsHtml } from './sections.ts';
import type {
  CurationReport,
  DuplicateGroup,
  Gallery,
  ReportEvidence,
  ReportLabelHealth,
  VisualClusterSummary,
} from './types.ts';

export { escapeHtml, type Thumbnails } from './figure.ts';

const TITLES: Record<string, string> = Object.fromEntries(
  Object.entries(ISSUE_SPECS).map(([issue, spec]) => [issue, spec.words.report]),
);

/**
 * Phone width (390 px) must not scroll sideways: tables scroll inside their own wrapper, long keys and JSON
 * values break anywhere (other table words only where they must, so `count` stays whole), rows of thumbnails
 * wrap, and images never exceed their box.
 */
const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;background:#fafafa}
h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd}
h1,h2,h3,p,li{overflow-wrap:anywhere}td,th{overflow-wrap:break-word}td.value{overflow-wrap:anywhere}
img{max-width:100%}
.wide{overflow-x:auto;max-width:100%}
table{border-collapse:collapse}td,th{padding:3px 10px;border-bottom:1px solid #eee;text-align:left}
.grid{display:flex;flex-wrap:wrap;gap:10px}
figure{margin:0;width:132px;max-width:100%;background:#fff;border:1px solid #ddd;border-radius:4px;padding:4px}
figure img,figure .none{width:128px;height:128px;object-fit:contain;background:#eee;display:block}
figcaption{font-size:11px;overflow-wrap:anywhere}
.keeper{border:2px solid #2a7;} .keeper figcaption b{color:#2a7}
.group{display:flex;flex-wrap:wrap;gap:10px;align-items:flex-start;margin:8px 0;padding:6px;background:#f0f0f0}
.up{color:#b33}.down{color:#2a7}.muted{color:#888}
.why{font-size:10px;color:#555;margin-top:2px}.verdict{padding:6px 10px;background:#fff;border-left:4px solid #c90}
@media (max-width:600px){body{margin:12px}}`;

/** A table in its own scrolling box, so a wide one scrolls there and not the page. */
function table(inner: string): string {
  return `<div class="wide"><table>${inner}</table></div>`;
}

export function renderReportHtml(report: CurationReport, thumbnails: Thumbnails): string {
  const title = `viscura report: ${report.dataset}`;
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    // No scripts, no remote loads: the page is data only, whatever the keys say.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">`,
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>`,
    `<h1>${escapeHtml(title)}</h1>`,
    summary(report),
    counts(report),
    labelHealthHtml(report.labelHealth ?? null),
    duplicates(report.duplicates, thumbnails),
    leaksHtml(report, thumbnails),
    viewsHtml(report, thumbnails),
    ...report.galleries.map((gallery) => galleryHtml(gallery, thumbnails)),
    visual(report.visualClusters, thumbnails),
    parameters(report),
    '</body></html>',
  ].join('\n');
}

function summary(report: CurationReport): string {
  const { run } = report;
  const previous = report.previousRun
    ? `previous run ${escapeHtml(report.previousRun.runId)} (${escapeHtml(report.previousRun.startedAt)})`
    : 'no previous run';
  const merged = report.incrementalRuns.length
    ? `; ${report.incrementalRuns.length} incremental run(s) since merged in`
    : '';
  return `<p>Run <b>${escapeHtml(run.runId)}</b> (${escapeHtml(run.kind)}, model ${escapeHtml(run.model)}), started ${escapeHtml(
    run.startedAt,
  )}, generated ${escapeHtml(report.generatedAt)}; ${previous}${escapeHtml(merged)}.</p>`;
}

function counts(report: CurationReport): string {
  const rows = Object.entries(report.counts).map(([issue, n]) => {
    const delta = report.change[issue];
    const change =
      delta === undefined
        ? '<span class="muted">-</span>'
        : `<span class="${delta > 0 ? 'up' : delta < 0 ? 'down' : 'muted'}">${delta > 0 ? '+' : ''}${delta}</span>`;
    return `<tr><td>${escapeHtml(issue)}</td><td>${n}</td><td>${change}</td></tr>`;
  });
  return `<h2>Counts</h2>${table(`<tr><th>issue</th><th>count</th><th>since previous run</th></tr>${rows.join('')}`)}`;
}

/** The words the API and the page use: 'exact (same bytes)', 'exact (same pixels)', 'near (resized, cropped)'. */
function matchWords(match: string | null | undefined): string {
  if (match === 'exact-bytes') return 'exact (same bytes)';
  if (match === 'exact-pixels') return 'exact (same pixels)';
  if (!match?.startsWith('near')) return 'near';
  const transforms = match.replace(/^near:?\s*/, '');
  return transforms ? `near (${transforms})` : 'near';
}

function keepNote(because: string | null): string {
  return because ? `<b>keep</b> · kept: ${escapeHtml(because)}` : '<b>keep</b>';
}

function duplicates(groups: DuplicateGroup[], thumbnails: Thumbnails): string {
  const body = groups.length
    ? groups
        .map(
          (group) =>
            `<div class="group">${figure(group.keeper, thumbnails, keepNote(group.keptBecause ?? null), true)}${group.duplicates
              .map((item) =>
                figure(
                  item,
                  thumbnails,
                  `drop · ${escapeHtml(matchWords(item.match))} · ${item.confidence.toFixed(2)}`,
                ),
              )
              .join('')}</div>`,
        )
        .join('\n')
    : '<p class="muted">None.</p>';
  return `<h2>Duplicate clusters (the keeper first)</h2>${body}`;
}

function galleryHtml(gallery: Gallery, thumbnails: Thumbnails): string {
  const threshold = gallery.threshold === null ? 'select-uniques subset' : `threshold ${gallery.threshold}`;
  const items = gallery.items.map((item) => {
    const suggestion =
      item.suggestedLabel !== undefined && item.suggestedLabel !== null
        ? ` → <b>${escapeHtml(item.suggestedLabel)}</b>`
        : '';
    const why = item.evidence ? `<div class="why">${evidenceHtml(item.evidence, gallery.issue)}</div>` : '';
    return figure(item, thumbnails, `${item.confidence.toFixed(2)}${suggestion}${why}`);
  });
  const body = items.length ? `<div class="grid">${items.join('')}</div>` : '<p class="muted">None.</p>';
  return `<h2>${escapeHtml(TITLES[gallery.issue] ?? gallery.issue)} <span class="muted">(${escapeHtml(
    threshold,
  )})</span></h2>${body}${unjudgedHtml(gallery)}`;
}

/** Not flagged is not the same as fine: the images the check could not judge are counted and named. */
function unjudgedHtml(gallery: Gallery): string {
  const unjudged = gallery.unjudged;
  if (!unjudged || unjudged.count === 0) return '';
  const shown = unjudged.items
    .map((item) => `<li>${escapeHtml(item.key)}: ${escapeHtml(unjudgedWords(item.reason))}</li>`)
    .join('');
  const more =
    unjudged.count > unjudged.items.length ? `<li>… ${unjudged.count - unjudged.items.length} more</li>` : '';
  const noun = unjudged.count === 1 ? 'image' : 'images';
  return `<p class="muted unjudged">${unjudged.count} ${noun} not judged:</p><ul class="muted unjudged">${shown}${more}</ul>`;
}

/** What a person needs to judge the flag: who voted, the neighbourhood's labels, the distances. */
function evidenceHtml(evidence: ReportEvidence, issue: string): string {
  const parts: string[] = [];
  if (issue === 'mislabels') {
    const shares = evidence.neighbourhood
      .map((s) => `${escapeHtml(s.label)} ${Math.round(100 * s.share)}%`)
      .join(' · ');
    const voters = evidence.voters
      .slice(0, 5)
      .map((v) => `${escapeHtml(v.key ?? v.id)} (${escapeHtml(v.label)}, ${v.similarity.toFixed(2)})`)
      .join('; ');
    parts.push(`neighbourhood: ${shares}`, `nearest voters: ${voters}`);
  }
  if (issue === 'outliers' && evidence.classOutlier) {
    const o = evidence.classOutlier;
    parts.push(
      `distance to its class ${o.distance.toFixed(3)} vs class median ${o.classMedian.toFixed(3)} (Q3 ${o.classQ3.toFixed(3)})`,
    );
  }
  if (issue === 'outliers' && evidence.datasetOutlier) {
    const o = evidence.datasetOutlier;
    parts.push(
      `mean distance to neighbours ${o.distance.toFixed(3)} vs dataset median ${o.datasetMedian.toFixed(3)} (Q3 ${o.datasetQ3.toFixed(3)})`,
    );
  }
  return parts.join('<br>');
}

function labelHealthHtml(health: ReportLabelHealth | null): string {
  if (!health) return '';
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const score = health.healthScore === null ? 'not checked' : health.healthScore.toFixed(3);
  const rows = health.classes
    .map(
      (c) =>
        `<tr><td>${escapeHtml(c.label)}</td><td>${c.size}</td><td>${pct(c.share)}</td><td>${c.flagged}</td><td>${pct(c.issueShare)}</td></tr>`,
    )
    .join('');
  const pairs = health.confusedPairs.length
    ? `<p>Most confused pairs: ${health.confusedPairs
        .map((p) => `${escapeHtml(p.a)} ↔ ${escapeHtml(p.b)} (${p.estimatedIssues.toFixed(1)})`)
        .join(', ')}</p>`
    : '';
  const singletons = health.singletons.length
    ? `<p class="muted">Labels used once (not judged): ${health.singletons.map(escapeHtml).join(', ')}</p>`
    : '';
  return `<h2>Label health</h2><p class="verdict">${escapeHtml(health.message)}</p><p>${health.labelled} labelled images, ${health.flagged} flagged, estimated label issues ${health.estimatedIssues.toFixed(1)}, label health score ${score}.</p>${table(`<tr><th>class</th><th>images</th><th>share</th><th>flagged</th><th>estimated issues</th></tr>${rows}`)}${pairs}${singletons}`;
}

function visual(summary: VisualClusterSummary | null, thumbnails: Thumbnails): string {
  if (!summary) return '';
  const rows = summary.clusters.map(
    (cluster) =>
      `<div class="group"><div><b>#${cluster.clusterId}</b><br>${cluster.size} images</div>${cluster.preview
        .map((item) => figure(item, thumbnails, ''))
        .join('')}</div>`,
  );
  return `<h2>What the data is made of (visual clusters, level ${summary.level})</h2>${rows.join('\n')}`;
}

function parameters(report: CurationReport): string {
  const rows = (record: Record<string, unknown>) =>
    Object.entries(record)
      .map(
        ([name, value]) =>
          `<tr><td>${escapeHtml(name)}</td><td class="value">${escapeHtml(JSON.stringify(value))}</td></tr>`,
      )
      .join('');
  return `<h2>Parameters</h2>${table(rows(report.run.parameters))}<h2>Timings (ms)</h2>${table(rows(report.run.timings))}`;
}
