import type { Bucket } from '../../store/index.ts';
import { renderReportHtml } from './html.ts';
import type { CurationReport } from './types.ts';

export interface ReportKeys {
  json: string;
  html: string;
}

export interface WrittenReport {
  /** reports/<YYYY-MM-DD>/<dataset>/report.{json,html} */
  dated: ReportKeys;
  /** reports/latest/<dataset>/report.{json,html}: the same bytes, overwritten by every report. */
  latest: ReportKeys;
  files: { json: Uint8Array; html: Uint8Array };
}

export function reportKeys(dataset: string, folder: string): ReportKeys {
  const base = `reports/${folder}/${dataset}`;
  return { json: `${base}/report.json`, html: `${base}/report.html` };
}

/** The report as JSON and as one self-contained HTML page (thumbnails inlined), under its date and as the latest. */
export async function writeReport(bucket: Bucket, report: CurationReport): Promise<WrittenReport> {
  const json = new TextEncoder().encode(`${JSON.stringify(report, null, 2)}\n`);
  const html = new TextEncoder().encode(renderReportHtml(report, await inlineThumbnails(bucket, report)));
  const dated = reportKeys(report.dataset, report.generatedAt.slice(0, 10));
  const latest = reportKeys(report.dataset, 'latest');
  // Dated first: "latest" never points at something the dated folder lacks.
  for (const keys of [dated, latest]) {
    await bucket.put(keys.json, json, 'application/json');
    await bucket.put(keys.html, html, 'text/html; charset=utf-8');
  }
  return { dated, latest, files: { json, html } };
}

export async function readLatestReport(
  bucket: Bucket,
  dataset: string,
): Promise<{ json: Uint8Array; html: Uint8Array } | undefined> {
  const keys = reportKeys(dataset, 'latest');
  const [json, html] = await Promise.all([bucket.get(keys.json), bucket.get(keys.html)]);
  return json && html ? { json, html } : undefined;
}

async function inlineThumbnails(bucket: Bucket, report: CurationReport): Promise<Map<string, string>> {
  const keys = new Set<string>();
  for (const group of report.duplicates)
    for (const item of [group.keeper, ...group.duplicates]) keys.add(item.thumbnailKey);
  for (const gallery of report.galleries) for (const item of gallery.items) keys.add(item.thumbnailKey);
  for (const cluster of report.leaks?.clusters ?? [])
    for (const item of [cluster.keep, ...cluster.move]) keys.add(item.thumbnailKey);
  for (const view of report.views ?? []) for (const item of view.items) keys.add(item.thumbnailKey);
  for (const cluster of report.visualClusters?.clusters ?? [])
    for (const item of cluster.preview) keys.add(item.thumbnailKey);
  const out = new Map<string, string>();
  for (const key of keys) {
    const bytes = await bucket.get(key);
    if (bytes) out.set(key, `data:${mimeOf(key)};base64,${Buffer.from(bytes).toString('base64')}`);
  }
  return out;
}

function mimeOf(key: string): string {
  if (key.endsWith('.jpg') || key.endsWith('.jpeg')) return 'image/jpeg';
  if (key.endsWith('.png')) return 'image/png';
  return 'image/webp';
}
