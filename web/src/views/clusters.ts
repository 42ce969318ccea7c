import { readDownload } from '../api.ts';
import type { App } from '../context.ts';
import { download, fixed, h } from '../dom.ts';
import type { FiltersQuery } from '../state.ts';
import type { DuplicateCluster } from '../types.ts';
import { clusterTitle } from '../words/cluster-title.ts';
import { middleEllipsis } from '../words/file-name.ts';
import { keptWords, matchWords } from './duplicate-words.ts';
import type { Rendered } from './view.ts';

const LIMIT = 20;
/** Characters of a member's file name shown (an 8rem column at 0.75rem holds about 16): the full name is its title. */
const KEY_CHARS = 16;

/** Members the user unticked (kept although the run marked them duplicates), per dataset, for the page's life. */
const keptByUser = new Map<string, Set<string>>();

/** Duplicate clusters: the keeper marked, the other members ticked for dropping; export keep and drop lists. */
export function renderClusters(app: App): Rendered {
  const dataset = app.state.dataset ?? '';
  const kept = keptByUser.get(dataset) ?? new Set<string>();
  keptByUser.set(dataset, kept);
  const list = h('div', { class: 'clusters', 'aria-label': 'Duplicate clusters' });
  const more = h('button', { type: 'button', class: 'more', hidden: true }, 'More clusters');
  const heading = h('h2', { id: 'clusters-title' }, 'Duplicate clusters');
  let cursor: string | null = null;
  let total = 0;
  const load = async () => {
    const page = await app.client.get('/v1/datasets/{dataset}/clusters', {
      params: app.dataset(),
      query: { kind: 'duplicates', limit: LIMIT, cursor: cursor ?? undefined },
    });
    cursor = page.nextCursor;
    // A page shorter than asked for is the last one.
    more.hidden = cursor === null || page.items.length < LIMIT;
    // Asked for kind=duplicates: the page's items are duplicate clusters (visual ones have no members).
    for (const cluster of page.items) if ('members' in cluster) list.append(clusterCard(app, cluster, kept));
    total += page.items.length;
    heading.dataset.count = String(total);
    if (total === 0)
      list.replaceChildren(h('p', { class: 'empty' }, 'No duplicate clusters in the latest run.'));
  };
  more.addEventListener('click', () => load().catch((error: unknown) => app.fail(error)));
  const element = h(
    'section',
    { class: 'clusters-view', 'aria-labelledby': 'clusters-title' },
    h(
      'div',
      { class: 'results-head' },
      heading,
      h(
        'div',
        { class: 'export' },
        h(
          'button',
          { type: 'button', id: 'export-drop', onclick: () => exportList(app, 'drop', kept) },
          'Download drop list',
        ),
        h(
          'button',
          { type: 'button', id: 'export-keep', onclick: () => exportList(app, 'keep', kept) },
          'Download keep list',
        ),
      ),
    ),
    h(
      'p',
      { class: 'hint' },
      'The keeper of each cluster is marked; the ticked members are dropped. Untick a member to keep it too. ',
      'The lists come from the API’s export (JSON lines, every column) with your choices applied.',
    ),
    list,
    more,
  );
  return { element, ready: load() };
}

function clusterCard(app: App, cluster: DuplicateCluster, kept: Set<string>): HTMLElement {
  return h(
    'fieldset',
    { class: 'cluster', 'data-cluster': cluster.id },
    h(
      'legend',
      { title: `${cluster.representative.key} (cluster ${cluster.id})` },
      clusterTitle({
        labels: cluster.members.map((member) => member.label),
        keeperKey: cluster.representative.key,
        size: cluster.size,
      }),
    ),
    h(
      'ul',
      { class: 'members' },
      ...cluster.members.map((member) => {
        const thumb = h(
          'button',
          {
            type: 'button',
            class: 'thumb',
            'aria-label': `Open ${member.key}`,
            onclick: () => app.update({ detail: member.id }, { push: true }),
          },
          app.images.fill(
            h('img', { alt: member.key, width: 120, height: 120 }),
            app.thumbnailUrl(member.id),
          ),
        );
        if (member.representative) {
          return h(
            'li',
            { class: 'member keeper', 'data-id': member.id },
            thumb,
            h('span', { class: 'badge keep' }, 'Keeper'),
            h('span', { class: 'why' }, keptWords(member.keptBecause)),
            h('span', { class: 'key', title: member.key }, middleEllipsis(member.key, KEY_CHARS)),
          );
        }
        const id = `drop-${member.id}`;
        return h(
          'li',
          { class: 'member', 'data-id': member.id },
          thumb,
          h(
            'span',
            { class: 'choice' },
            h('input', {
              type: 'checkbox',
              id,
              checked: !kept.has(member.id),
              onchange: (event: Event) => {
                if ((event.target as HTMLInputElement).checked) kept.delete(member.id);
                else kept.add(member.id);
              },
            }),
            h(
              'label',
              { for: id },
              `Drop: ${matchWords(member.duplicateMatch, member.exactDuplicate)} · dup ${fixed(member.duplicateScore)}`,
            ),
          ),
          h('span', { class: 'key', title: member.key }, middleEllipsis(member.key, KEY_CHARS)),
        );
      }),
    ),
  );
}

/**
 * Drop list: the API's export of the duplicates to drop, less the members the user chose to keep. Keep list: the
 * export of every image, less that drop list.
 */
async function exportList(app: App, which: 'drop' | 'keep', kept: Set<string>): Promise<void> {
  try {
    const drops = await exportRows(app, { issue: 'duplicates', representative: 'false' });
    const dropIds = new Set(drops.filter((row) => !kept.has(row.id)).map((row) => row.id));
    const rows =
      which === 'drop'
        ? drops.filter((row) => dropIds.has(row.id))
        : (await exportRows(app, {})).filter((row) => !dropIds.has(row.id));
    const text = rows.map((row) => row.line).join('\n');
    download(
      new Blob([text ? `${text}\n` : ''], { type: 'application/x-ndjson' }),
      `${app.state.dataset}-${which}-list.jsonl`,
    );
  } catch (error) {
    app.fail(error);
  }
}

async function exportRows(
  app: App,
  filters: Pick<FiltersQuery, 'issue'> & { representative?: 'false' },
): Promise<{ id: string; line: string }[]> {
  const response = await app.client.file('/v1/datasets/{dataset}/export', {
    params: app.dataset(),
    query: { ...filters, format: 'jsonl' },
  });
  const { blob } = await readDownload(response);
  return (await blob.text())
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => ({ id: (JSON.parse(line) as { id: string }).id, line }));
}
