import type { App } from '../context.ts';
import { conditionsOnly } from '../query.ts';
import { filtersBody, filtersQuery, passesSliders, type ViewState } from '../state.ts';
import type { DatasetSummary, ImageSummary, SearchResult } from '../types.ts';

/** One card of the grid: the image and, for searches, its relevance or similarity. */
export interface ResultItem {
  image: ImageSummary;
  score: number | null;
}

export interface ResultSource {
  /** What the grid shows, for its heading. */
  title: string;
  scoreName: string | null;
  /** What the results are, for their count: 'images', 'similar images', 'matching images'. */
  noun: string;
  /** A listing (cursor pages) rather than a search. */
  listing: boolean;
  notice: string | null;
  /** The next items; empty when `done`. */
  more(): Promise<ResultItem[]>;
  done: boolean;
}

const PAGE = 48;
const HIT_STEPS = [24, 48, 96, 144, 200];

/** Where the grid's items come from: a filtered listing (cursor pages) or a search (a growing hit limit). */
export function resultSource(app: App): ResultSource {
  const { state } = app;
  if (app.upload) {
    const file = app.upload;
    return searchSource(
      app,
      `Similar to the uploaded ${file.name}`,
      'similarity',
      'similar images',
      (limit) => {
        const form = new FormData();
        form.set('image', file);
        form.set('limit', String(limit));
        form.set('filters', JSON.stringify(filtersBody(state)));
        return app.client.similarToUpload(state.dataset ?? '', form);
      },
    );
  }
  if (state.similar || state.object) {
    // An object, or the image (with its box when a region was drawn); absent keys are left out of the JSON.
    const source = state.object
      ? { objectId: state.object }
      : { imageId: state.similar ?? undefined, box: state.box ?? undefined };
    const what = state.object
      ? 'the chosen object'
      : state.box
        ? 'a region of the chosen image'
        : 'the chosen image';
    return searchSource(app, `Similar to ${what}`, 'similarity', 'similar images', (limit) =>
      app.client.post('/v1/datasets/{dataset}/search/similar', {
        params: app.dataset(),
        body: { ...source, limit, filters: filtersBody(state) },
      }),
    );
  }
  if (state.similarCluster) {
    const { level, id } = state.similarCluster;
    return searchSource(
      app,
      'Similar to the chosen visual cluster',
      'similarity',
      'similar images',
      (limit) =>
        app.client.post('/v1/datasets/{dataset}/search/similar', {
          params: app.dataset(),
          body: { cluster: { kind: 'visual', level, id }, limit, filters: filtersBody(state) },
        }),
    );
  }
  if (state.q && !conditionsOnly(state.q)) {
    return searchSource(app, `Results for “${state.q}”`, 'relevance', 'matching images', (limit) =>
      app.client.post('/v1/datasets/{dataset}/search/text', {
        params: app.dataset(),
        body: { query: state.q, limit, filters: filtersBody(state) },
      }),
    );
  }
  return listingSource(app);
}

function searchSource(
  app: App,
  title: string,
  scoreName: string,
  noun: string,
  search: (limit: number) => Promise<SearchResult>,
): ResultSource {
  const seen = new Set<string>();
  let step = 0;
  const source: ResultSource = {
    title,
    scoreName,
    noun,
    listing: false,
    notice: null,
    done: false,
    async more() {
      const limit = HIT_STEPS[step++];
      const result = await search(limit);
      source.notice = result.notice;
      if (result.hits.length < limit || step >= HIT_STEPS.length) source.done = true;
      const items: ResultItem[] = [];
      for (const hit of result.hits) {
        if (!hit.image || seen.has(hit.id)) continue;
        seen.add(hit.id);
        if (!passesSliders(app.state, hit.image.issues)) continue;
        items.push({ image: hit.image, score: hit.score });
      }
      return items;
    },
  };
  return source;
}

function listingSource(app: App): ResultSource {
  const { state } = app;
  let cursor: string | null = null;
  const title = state.q
    ? `Images matching “${state.q}”`
    : state.issues.length > 0
      ? `Images with ${state.issues.join(' or ')}`
      : state.visualCluster
        ? 'Images of the visual cluster'
        : 'All images';
  const source: ResultSource = {
    title,
    scoreName: null,
    noun: 'images',
    listing: true,
    notice: null,
    done: false,
    async more() {
      const items: ResultItem[] = [];
      // A page may come back short (or refined away): follow the cursor a few times before showing it.
      for (let round = 0; round < 5 && items.length === 0 && !source.done; round++) {
        const page = await app.client.get('/v1/datasets/{dataset}/images', {
          params: app.dataset(),
          query: { ...filtersQuery(state), limit: PAGE, cursor: cursor ?? undefined },
        });
        cursor = page.nextCursor;
        source.done = cursor === null;
        for (const image of page.items) {
          if (passesSliders(state, image.issues)) items.push({ image, score: null });
        }
      }
      return items;
    },
  };
  return source;
}

/**
 * The size of a listing where the dataset's summary gives it: every image, or every image of one label. Other
 * filters have no count in the API, so their listings say only how many are shown so far.
 */
export function listingTotal(state: ViewState, summary: DatasetSummary): number | null {
  const filtered =
    state.q !== '' ||
    state.issues.length > 0 ||
    state.uniquenessMin > 0 ||
    state.tags.length > 0 ||
    state.visualCluster !== null;
  if (filtered) return null;
  return state.label === null ? summary.images : (summary.labels[state.label] ?? 0);
}
