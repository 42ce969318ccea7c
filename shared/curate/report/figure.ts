import type { ReportItem } from './types.ts';

/** Thumbnail bucket key -> data: URI; a missing thumbnail renders as an empty frame. */
export type Thumbnails = ReadonlyMap<string, string>;

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Keys, labels and parameters are user data: every string goes through here, in text and in attributes. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (char) => ESCAPES[char]);
}

export function figure(item: ReportItem, thumbnails: Thumbnails, note: string, keeper = false): string {
  const src = thumbnails.get(item.thumbnailKey);
  const picture = src
    ? `<img src="${escapeHtml(src)}" alt="${escapeHtml(item.key)}" loading="lazy">`
    : '<div class="none"></div>';
  const label = item.label === null ? '<span class="muted">(no label)</span>' : escapeHtml(item.label);
  return `<figure class="${keeper ? 'keeper' : ''}">${picture}<figcaption>${note}<br>${escapeHtml(
    item.key,
  )}<br>${label}</figcaption></figure>`;
}
