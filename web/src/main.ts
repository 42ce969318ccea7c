import './style.css';
import { ApiFailure, createClient, fileUrl, KeyRequired } from './api.ts';
import type { App } from './context.ts';
import { forgetDistributions } from './distributions.ts';
import { h } from './dom.ts';
import { currentKey, keyForm, storeKey, takeKeyFromFragment } from './key.ts';
import { startLive } from './live/index.ts';
import { fromUrl, toUrl, type ViewName, type ViewState } from './state.ts';
import { imageLoader } from './thumbs.ts';
import { forgetSummaries, renderBrowse } from './views/browse.ts';
import { renderClusters } from './views/clusters.ts';
import { openDetail } from './views/detail.ts';
import { renderMap } from './views/map.ts';
import { renderOverview } from './views/overview.ts';
import type { Rendered } from './views/view.ts';
import { renderVisualClusters } from './views/visual-clusters.ts';
import { forgetClusters } from './visual-clusters.ts';

takeKeyFromFragment();

const root = document.getElementById('app') as HTMLElement;
const client = createClient(currentKey);
const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
const main = h('main', { id: 'main', tabindex: -1 });
const datasetSelect = h('select', { id: 'dataset', 'aria-label': 'Dataset' });
const nav = h('nav', { 'aria-label': 'Views' });
const VIEWS: [ViewName, string][] = [
  ['overview', 'Overview'],
  ['browse', 'Search & filter'],
  ['map', 'Map'],
  ['clusters', 'Duplicate clusters'],
  ['visual', 'Visual clusters'],
];

const app: App = {
  client,
  images: imageLoader(client),
  state: fromUrl(location.search),
  upload: null,
  update(change, options = {}) {
    const viewChanged = change.view !== undefined && change.view !== app.state.view;
    app.state = { ...app.state, ...change };
    const url = toUrl(app.state);
    if (options.push || viewChanged) history.pushState(null, '', url);
    else history.replaceState(null, '', url);
    render();
  },
  fail(error) {
    if (error instanceof KeyRequired) return askForKey(error.message);
    status.textContent =
      error instanceof ApiFailure || error instanceof Error ? error.message : String(error);
    status.classList.add('error');
  },
  dataset: () => ({ dataset: app.state.dataset ?? '' }),
  thumbnailUrl: (id) => fileUrl('/v1/datasets/{dataset}/images/{id}/thumbnail', { ...app.dataset(), id }),
};

let rendered: string | null = null;
/** The view and dataset last drawn: opening another one reads the score histograms afresh. */
let place: string | null = null;

function shell(): void {
  for (const [view, title] of VIEWS) {
    nav.append(
      h(
        'button',
        {
          type: 'button',
          'data-view': view,
          onclick: () => app.update({ view, detail: null }, { push: true }),
        },
        title,
      ),
    );
  }
  datasetSelect.addEventListener('change', () =>
    app.update({
      dataset: datasetSelect.value,
      similar: null,
      box: null,
      object: null,
      detail: null,
      visualCluster: null,
      similarCluster: null,
    }),
  );
  root.replaceChildren(
    h('a', { class: 'skip', href: '#main' }, 'Skip to content'),
    h(
      'header',
      { class: 'top' },
      h('h1', {}, 'viscura'),
      nav,
      h(
        'div',
        { class: 'top-tools' },
        datasetSelect,
        h('button', { type: 'button', onclick: () => askForKey('Enter another API key.') }, 'Change key'),
      ),
    ),
    status,
    main,
  );
}

/** Renders the view of the state; the detail view opens over it when the URL names an image. */
function render(): void {
  status.textContent = '';
  status.classList.remove('error');
  for (const button of nav.querySelectorAll('button')) {
    button.setAttribute('aria-current', String(button.dataset.view === app.state.view));
  }
  // Browse keeps its grid while only the detail changes, so closing the detail returns to the same scroll.
  const file = app.upload;
  const signature =
    toUrl({ ...app.state, detail: null }) +
    (file ? `&upload=${file.name}:${file.size}:${file.lastModified}` : '');
  if (signature !== rendered) {
    rendered = signature;
    const here = `${app.state.view} ${app.state.dataset}`;
    if (here !== place) forgetDistributions();
    place = here;
    // Re-rendering replaces the controls: the one that had focus gets it back.
    const focused = document.activeElement?.id;
    const work = renderView();
    main.replaceChildren(work.element);
    work.ready
      .then(() => {
        if (focused) document.getElementById(focused)?.focus();
      })
      .catch((error: unknown) => app.fail(error));
    if (focused) document.getElementById(focused)?.focus();
  }
  openDetail(app, app.state.detail);
}

function renderView(): Rendered {
  const view = app.state.view;
  return view === 'overview'
    ? renderOverview(app)
    : view === 'clusters'
      ? renderClusters(app)
      : view === 'visual'
        ? renderVisualClusters(app)
        : view === 'map'
          ? renderMap(app)
          : renderBrowse(app);
}

/**
 * After the poll saw new images or a run: the open view is drawn afresh off screen (filters kept, as many results
 * as were shown), then swapped in at the same scroll; the detail dialog stays open over it.
 */
async function refresh(): Promise<void> {
  forgetDistributions();
  forgetSummaries();
  forgetClusters();
  const drawn = rendered;
  const shown = main.querySelectorAll('.grid .card').length;
  const scroll = window.scrollY;
  const focused = document.activeElement?.id;
  const work = renderView();
  await work.ready;
  await work.grow?.(shown);
  // The reader moved on meanwhile: that render already shows the latest.
  if (rendered !== drawn) return;
  main.replaceChildren(work.element);
  window.scrollTo(0, scroll);
  if (focused) document.getElementById(focused)?.focus({ preventScroll: true });
}

/** The poll starts once, with the first shown dataset; asking for another key does not start a second one. */
let polling = false;

function follow(): void {
  if (polling) return;
  polling = true;
  startLive(app, {
    refresh,
    datasets(list) {
      for (const option of datasetSelect.options) {
        const images = list.items.find((item) => item.name === option.value)?.images;
        if (images !== undefined) option.textContent = `${option.value} (${images})`;
      }
    },
  });
}

function askForKey(message: string): void {
  rendered = null;
  root.replaceChildren(
    h(
      'main',
      { class: 'center' },
      keyForm(message, (key) => {
        storeKey(key);
        start();
      }),
    ),
  );
}

async function start(): Promise<void> {
  if (!currentKey()) return askForKey('This page reads the API with a key.');
  try {
    const { items } = await client.get('/v1/datasets');
    shell();
    datasetSelect.replaceChildren(
      ...items.map((item) => h('option', { value: item.name }, `${item.name} (${item.images})`)),
    );
    if (items.length === 0) {
      main.replaceChildren(
        h('p', { class: 'empty' }, 'No dataset yet: ingest a folder with `viscura ingest`.'),
      );
      return;
    }
    const known = items.some((item) => item.name === app.state.dataset);
    const dataset = known ? (app.state.dataset as string) : items[0].name;
    datasetSelect.value = dataset;
    app.state = { ...app.state, dataset };
    history.replaceState(null, '', toUrl(app.state));
    render();
    follow();
  } catch (error) {
    if (error instanceof KeyRequired) askForKey(error.message);
    else
      root.replaceChildren(
        h('p', { class: 'status error', role: 'alert' }, String((error as Error).message)),
      );
  }
}

window.addEventListener('popstate', () => {
  app.state = fromUrl(location.search) as ViewState;
  if (app.state.dataset) datasetSelect.value = app.state.dataset;
  render();
});

void start();
