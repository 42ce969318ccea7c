import type { ApiRequest, RouteAt } from '../../../shared/api/contract.ts';
import { readDownload } from '../api.ts';
import type { App } from '../context.ts';
import { download, h } from '../dom.ts';
import { completions } from '../query.ts';
import { filtersQuery } from '../state.ts';
import type { DatasetSummary } from '../types.ts';
import { visualClusterOf } from '../visual-clusters.ts';
import { countWords } from '../words/counts.ts';
import { scoresDiffer } from '../words/scores.ts';
import { card } from './card.ts';
import { clusterChip } from './cluster-chip.ts';
import { activeFilters, filterPanel } from './filters.ts';
import { queryHead } from './query-head.ts';
import { listingTotal, resultSource } from './results.ts';
import type { Rendered } from './view.ts';

const summaryCache = new Map<string, Promise<DatasetSummary>>();
/** Labels already known: the panel is then built at once, so a re-render keeps the focused slider in place. */
const knownLabels = new Map<string, string[]>();

/** The dataset's summary, once per page life: its labels fill the filter panel, its counts a listing's total. */
function summaryOf(app: App): Promise<DatasetSummary> {
  const dataset = app.state.dataset ?? '';
  let summary = summaryCache.get(dataset);
  if (!summary) {
    summary = app.client.get('/v1/datasets/{dataset}', { params: app.dataset() });
    summary.then(
      (answer) => knownLabels.set(dataset, Object.keys(answer.labels).sort()),
      () => summaryCache.delete(dataset),
    );
    summaryCache.set(dataset, summary);
  }
  return summary;
}

/** Forgets the summaries read (after an ingest or a run), so the next render counts afresh. */
export function forgetSummaries(): void {
  summaryCache.clear();
}

function labelsOf(app: App): Promise<string[]> {
  return summaryOf(app).then((summary) => Object.keys(summary.labels).sort());
}

/** Search, find similar (by image, region, object or upload), the filter sliders and the result grid. */
export function renderBrowse(app: App): Rendered {
  const filters = h('div', { class: 'filters-slot' });
  const grid = h('div', { class: 'grid', role: 'list', 'aria-label': 'Results' });
  const heading = h('h2', { id: 'results-title' });
  const notice = h('p', { class: 'notice', hidden: true });
  const more = h('button', { type: 'button', class: 'more', hidden: true }, 'Load more');
  const sentinel = h('div', { class: 'sentinel', 'aria-hidden': 'true' });
  const known = knownLabels.get(app.state.dataset ?? '');
  if (known) filters.append(filterPanel(app, known));
  const source = resultSource(app);
  heading.textContent = source.title;

  let loading: Promise<void> | null = null;
  let count = 0;
  const scores: number[] = [];
  const scoreNote = h('p', { class: 'hint score-note', hidden: true });
  const countLine = h('p', { class: 'result-count', 'aria-live': 'polite' });
  let total: number | null = null;
  const showCount = () => {
    countLine.textContent = countWords({ shown: count, done: source.done, total, noun: source.noun });
    countLine.dataset.shown = String(count);
  };
  if (source.listing && !app.state.visualCluster)
    summaryOf(app)
      .then((summary) => {
        total = listingTotal(app.state, summary);
        if (!loading) showCount();
      })
      .catch(() => undefined);
  // A visual cluster and no other filter: the listing is its members, as many as its size.
  const cluster = app.state.visualCluster;
  if (source.listing && cluster && activeFilters(app) === 1 && app.state.q === '')
    visualClusterOf(app, cluster)
      .then((found) => {
        total = found?.size ?? null;
        if (!loading) showCount();
      })
      .catch(() => undefined);
  const load = (): Promise<void> => {
    if (loading || source.done) return loading ?? Promise.resolve();
    grid.setAttribute('aria-busy', 'true');
    loading = source
      .more()
      .then((items) => {
        for (const item of items) {
          const element = card(app, item, source.scoreName);
          element.setAttribute('role', 'listitem');
          grid.append(element);
        }
        count += items.length;
        for (const item of items) if (item.score !== null) scores.push(item.score);
        showScores(grid, scoreNote, source.scoreName, scores);
        if (source.notice) {
          notice.textContent = source.notice;
          notice.hidden = false;
        }
      })
      .finally(() => {
        loading = null;
        grid.removeAttribute('aria-busy');
        more.hidden = source.done;
        heading.dataset.count = String(count);
        showCount();
        if (source.done && count === 0) grid.replaceChildren(h('p', { class: 'empty' }, 'Nothing matches.'));
        // The observer fires on changes only: while the end of the grid stays in sight, keep loading.
        if (!source.done && sentinel.isConnected && inSight(sentinel)) {
          setTimeout(() => load().catch((error: unknown) => app.fail(error)), 0);
        }
      });
    return loading;
  };
  more.addEventListener('click', () => load().catch((error: unknown) => app.fail(error)));
  const observer = new IntersectionObserver(
    (entries) => {
      if (!sentinel.isConnected) return observer.disconnect();
      if (entries.some((entry) => entry.isIntersecting)) load().catch((error: unknown) => app.fail(error));
    },
    { rootMargin: '200px' },
  );

  const element = h(
    'div',
    { class: 'browse' },
    searchBar(app),
    filters,
    h(
      'section',
      { class: 'results', 'aria-labelledby': 'results-title' },
      h('div', { class: 'results-head' }, heading, similarBanner(app), exportTools(app)),
      queryHead(app),
      clusterChip(app),
      countLine,
      notice,
      scoreNote,
      grid,
      more,
      sentinel,
    ),
  );
  const ready = Promise.all([
    known
      ? Promise.resolve()
      : labelsOf(app).then((labels) => filters.replaceChildren(filterPanel(app, labels))),
    load().then(() => observer.observe(sentinel)),
  ]).then(() => undefined);
  const grow = async (results: number) => {
    while (count < results && !source.done) await load();
  };
  return { element, ready, grow };
}

/** Scores that are all the same (full-text matches) rank nothing: hide them and say why. */
function showScores(grid: HTMLElement, note: HTMLElement, name: string | null, scores: number[]): void {
  // A lone hit's score (a similarity, say) still tells how close it is.
  const differ = scores.length === 1 || scoresDiffer(scores);
  for (const score of grid.querySelectorAll<HTMLElement>('.score')) score.hidden = !differ;
  note.hidden = differ || name === null || scores.length === 0;
  note.textContent = `Every result has the same ${name}, so none is shown: they match the search equally.`;
}

function inSight(element: HTMLElement): boolean {
  const { top } = element.getBoundingClientRect();
  return top < window.innerHeight + 200;
}

function searchBar(app: App): HTMLElement {
  const input = h('input', {
    type: 'search',
    id: 'query',
    name: 'q',
    value: app.state.q,
    list: 'query-completions',
    autocomplete: 'off',
    placeholder: 'Words to search for, and conditions: label:cat split:test blur>0.6 dup:near -label:dog',
    'aria-label': 'Search: words and conditions in the query syntax',
  });
  // The datalist offers the whole query with its last token completed: field names, their values, labels.
  const options = h('datalist', { id: 'query-completions' });
  input.addEventListener('input', () => {
    const labels = knownLabels.get(app.state.dataset ?? '') ?? [];
    options.replaceChildren(...completions(input.value, labels).map((value) => h('option', { value })));
  });
  const form = h(
    'form',
    { class: 'search', role: 'search' },
    input,
    options,
    h('button', { type: 'submit', class: 'primary' }, 'Search'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    app.upload = null;
    app.update(
      { view: 'browse', q: input.value.trim(), similar: null, box: null, object: null, similarCluster: null },
      { push: true },
    );
  });
  return h('div', { class: 'search-area' }, form, dropZone(app));
}

/** Drag an image here, or pick one: find images similar to it. */
function dropZone(app: App): HTMLElement {
  const fileInput = h('input', { type: 'file', id: 'upload', accept: 'image/*', class: 'visually-hidden' });
  const choose = (file: File | undefined) => {
    if (!file) return;
    app.upload = file;
    app.update(
      { view: 'browse', q: '', similar: null, box: null, object: null, similarCluster: null },
      { push: true },
    );
  };
  fileInput.addEventListener('change', () => choose(fileInput.files?.[0]));
  const zone = h(
    'div',
    { class: 'drop', 'data-drop': 'true' },
    h(
      'label',
      { for: 'upload' },
      'Drop an image here or ',
      h('span', { class: 'link' }, 'choose a file'),
      ' to find similar ones',
    ),
    fileInput,
  );
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('over');
    choose(event.dataTransfer?.files[0]);
  });
  return zone;
}

function similarBanner(app: App): HTMLElement | null {
  const { state } = app;
  if (!state.similar && !state.object && !state.similarCluster && !app.upload && !state.q) return null;
  return h(
    'button',
    {
      type: 'button',
      class: 'small',
      onclick: () => {
        app.upload = null;
        app.update({ q: '', similar: null, box: null, object: null, similarCluster: null }, { push: true });
      },
    },
    'Clear the search',
  );
}

type QueryOf<P extends '/v1/datasets/{dataset}/export' | '/v1/datasets/{dataset}/export/training'> =
  NonNullable<ApiRequest<RouteAt<'get', P>>['query']>;
/** The formats each export route takes (a wrong one does not compile), with the names the menus show. */
const EXPORT_FORMATS = {
  csv: 'CSV',
  jsonl: 'JSON lines',
  parquet: 'Parquet',
} as const satisfies Record<NonNullable<QueryOf<'/v1/datasets/{dataset}/export'>['format']>, string>;
const TRAINING_FORMATS = {
  coco: 'COCO',
  yolo: 'YOLO',
  list: 'File list',
} as const satisfies Record<QueryOf<'/v1/datasets/{dataset}/export/training'>['format'], string>;

const formatMenu = (id: string, label: string, formats: Record<string, string>) =>
  h(
    'select',
    { id, 'aria-label': label },
    ...Object.entries(formats).map(([value, name]) => h('option', { value }, name)),
  );

/** A menu's value is one of the options it was built from. */
const oneOf = <K extends string>(formats: Record<K, string>, value: string): K =>
  (value in formats ? value : Object.keys(formats)[0]) as K;

/** The current filters through the API's export, saved as a file. */
function exportTools(app: App): HTMLElement {
  const format = formatMenu('export-format', 'Export format', EXPORT_FORMATS);
  const button = h('button', { type: 'button', id: 'export-view' }, 'Export this view');
  button.addEventListener('click', async () => {
    try {
      const response = await app.client.file('/v1/datasets/{dataset}/export', {
        params: app.dataset(),
        query: { ...filtersQuery(app.state), format: oneOf(EXPORT_FORMATS, format.value) },
      });
      const { blob, filename } = await readDownload(response);
      download(blob, filename ?? `${app.state.dataset}.${format.value}`);
    } catch (error) {
      app.fail(error);
    }
  });
  return h(
    'div',
    { class: 'export', title: 'Exports the filtered listing (searches export their filters)' },
    format,
    button,
    trainingExport(app),
  );
}

/** The same view for training: COCO, YOLO or a file list, as one .tar.gz (annotations; no image bytes). */
function trainingExport(app: App): HTMLElement {
  const format = formatMenu('training-format', 'Training export format', TRAINING_FORMATS);
  const button = h('button', { type: 'button', id: 'export-training' }, 'Export for training');
  button.addEventListener('click', async () => {
    try {
      const response = await app.client.file('/v1/datasets/{dataset}/export/training', {
        params: app.dataset(),
        query: { ...filtersQuery(app.state), format: oneOf(TRAINING_FORMATS, format.value) },
      });
      const { blob, filename } = await readDownload(response);
      download(blob, filename ?? `${app.state.dataset}-${format.value}.tar.gz`);
    } catch (error) {
      app.fail(error);
    }
  });
  return h('span', { class: 'training-export' }, format, button);
}
