import type { ApiRequest, RouteAt } from '../../shared/api/contract.ts';
import {
  ISSUES,
  type Issue,
  PROBLEM_ISSUES,
  type ProblemIssue,
  VISUAL_LEVEL_MAX,
} from '../../shared/vocabulary/index.ts';
import { conditionsOnly } from './query.ts';

/** The view as plain data, read from and written to the URL so that any view can be shared by its link. */

export { ISSUES, type Issue };
/** Issues with a confidence slider (the problems); uniques uses the run's select-uniques subset instead. */
export const SLIDER_ISSUES = PROBLEM_ISSUES;
export type SliderIssue = ProblemIssue;
export const DEFAULT_THRESHOLD = 0.5;

export type ViewName = 'overview' | 'browse' | 'map' | 'clusters' | 'visual';

/** Visual clusters are numbered within their level (0 coarse .. VISUAL_LEVEL_MAX fine). */
export interface VisualClusterRef {
  level: number;
  id: number;
}

export interface ViewState {
  view: ViewName;
  dataset: string | null;
  q: string;
  issues: Issue[];
  thresholds: Record<SliderIssue, number>;
  /** "Select uniques" slider: uniqueness at least this (0 = off). */
  uniquenessMin: number;
  label: string | null;
  tags: string[];
  similar: string | null;
  box: { x: number; y: number; width: number; height: number } | null;
  object: string | null;
  /** The image open in the detail view. */
  detail: string | null;
  /** The level the visual clusters view shows. */
  level: number;
  /** Browse: only the members of this visual cluster (a filter like the others). */
  visualCluster: VisualClusterRef | null;
  /** Browse: images similar to this visual cluster (its centroid). */
  similarCluster: VisualClusterRef | null;
}

export function defaultState(): ViewState {
  return {
    view: 'overview',
    dataset: null,
    q: '',
    issues: [],
    thresholds: Object.fromEntries(SLIDER_ISSUES.map((issue) => [issue, DEFAULT_THRESHOLD])) as Record<
      SliderIssue,
      number
    >,
    uniquenessMin: 0,
    label: null,
    tags: [],
    similar: null,
    box: null,
    object: null,
    detail: null,
    level: 0,
    visualCluster: null,
    similarCluster: null,
  };
}

const ID = /^[0-9a-f]{32}$/;
const CLUSTER_REF = /^([0-4]):(\d{1,10})$/;

/** "2:5" is cluster 5 of level 2. */
function clusterRef(text: string | null): VisualClusterRef | null {
  const match = CLUSTER_REF.exec(text ?? '');
  const id = match ? Number(match[2]) : Number.NaN;
  return match && id <= 2 ** 31 - 1 ? { level: Number(match[1]), id } : null;
}
const refText = (ref: VisualClusterRef) => `${ref.level}:${ref.id}`;
const unit = (text: string | null): number | undefined => {
  const value = text === null ? Number.NaN : Number(text);
  return Number.isFinite(value) && value >= 0 && value <= 1 ? value : undefined;
};

export function fromUrl(search: string): ViewState {
  const params = new URLSearchParams(search);
  const state = defaultState();
  const view = params.get('view');
  if (view === 'browse' || view === 'map' || view === 'clusters' || view === 'visual' || view === 'overview')
    state.view = view;
  state.dataset = params.get('dataset');
  state.q = params.get('q') ?? '';
  state.issues = params.getAll('issue').filter((issue): issue is Issue => ISSUES.includes(issue as Issue));
  for (const issue of SLIDER_ISSUES) state.thresholds[issue] = unit(params.get(issue)) ?? DEFAULT_THRESHOLD;
  state.uniquenessMin = unit(params.get('uniquenessMin')) ?? 0;
  state.label = params.get('label');
  state.tags = params.getAll('tag');
  const similar = params.get('similar');
  state.similar = similar && ID.test(similar) ? similar : null;
  const box = (params.get('box') ?? '').split(',').map((part) => unit(part));
  if (state.similar && box.length === 4 && box.every((part) => part !== undefined)) {
    const [x, y, width, height] = box as number[];
    state.box = { x, y, width, height };
  }
  const object = params.get('object');
  state.object = object && ID.test(object) ? object : null;
  const detail = params.get('detail');
  state.detail = detail && ID.test(detail) ? detail : null;
  const level = Number(params.get('level'));
  state.level = Number.isInteger(level) && level >= 0 && level <= VISUAL_LEVEL_MAX ? level : 0;
  state.visualCluster = clusterRef(params.get('visualCluster'));
  state.similarCluster = clusterRef(params.get('similarCluster'));
  return state;
}

export function toUrl(state: ViewState): string {
  const params = new URLSearchParams();
  params.set('view', state.view);
  if (state.dataset) params.set('dataset', state.dataset);
  if (state.view === 'browse') {
    if (state.q) params.set('q', state.q);
    for (const issue of state.issues) params.append('issue', issue);
    for (const issue of SLIDER_ISSUES) {
      if (state.thresholds[issue] !== DEFAULT_THRESHOLD) params.set(issue, String(state.thresholds[issue]));
    }
    if (state.uniquenessMin > 0) params.set('uniquenessMin', String(state.uniquenessMin));
    if (state.label) params.set('label', state.label);
    for (const tag of state.tags) params.append('tag', tag);
    if (state.similar) params.set('similar', state.similar);
    if (state.similar && state.box) {
      const { x, y, width, height } = state.box;
      params.set('box', [x, y, width, height].map((n) => n.toFixed(4)).join(','));
    }
    if (state.object) params.set('object', state.object);
    if (state.visualCluster) params.set('visualCluster', refText(state.visualCluster));
    if (state.similarCluster) params.set('similarCluster', refText(state.similarCluster));
  }
  if (state.view === 'visual' && state.level !== 0) params.set('level', String(state.level));
  if (state.detail) params.set('detail', state.detail);
  return `?${params}`;
}

/** The filters as the search routes' JSON body (the same for text and similar searches). */
type FiltersBody = NonNullable<
  ApiRequest<RouteAt<'post', '/v1/datasets/{dataset}/search/text'>>['body']['filters']
>;
/** The filter keys of the listing's query string, which the export routes share (filtersQueryShape). */
type ListingQuery = NonNullable<ApiRequest<RouteAt<'get', '/v1/datasets/{dataset}/images'>>['query']>;
export type FiltersQuery = Pick<
  ListingQuery,
  'issue' | 'threshold' | 'uniquenessMin' | 'label' | 'tag' | 'q' | 'visualCluster' | 'level'
>;

/** The filters of the view as the API's JSON body. Per-issue sliders ask for the lowest; the page refines. */
export function filtersBody(state: ViewState): FiltersBody {
  const body: FiltersBody = {};
  if (state.issues.length > 0) {
    body.issues = state.issues;
    const threshold = requestThreshold(state);
    if (threshold !== undefined) body.threshold = threshold;
  }
  if (state.uniquenessMin > 0) body.uniqueness = { min: state.uniquenessMin };
  if (state.label) body.labels = [state.label];
  if (state.tags.length > 0) body.tags = state.tags;
  if (state.visualCluster) body.visualCluster = { ...state.visualCluster };
  return body;
}

/** The same filters as the query object of the listing and the exports (the client writes the query string). */
export function filtersQuery(state: ViewState): FiltersQuery {
  const query: FiltersQuery = {};
  if (state.issues.length > 0) {
    query.issue = state.issues;
    query.threshold = requestThreshold(state);
  }
  if (state.uniquenessMin > 0) query.uniquenessMin = state.uniquenessMin;
  if (state.label) query.label = state.label;
  if (state.tags.length > 0) query.tag = state.tags;
  if (state.visualCluster) {
    query.visualCluster = state.visualCluster.id;
    query.level = state.visualCluster.level;
  }
  // Conditions typed in the search box (split:test dup:any) filter the listing and the exports.
  if (conditionsOnly(state.q)) query.q = state.q;
  return query;
}

function requestThreshold(state: ViewState): number | undefined {
  const sliders = state.issues.filter((issue): issue is SliderIssue => issue !== 'uniques');
  return sliders.length === 0 ? undefined : Math.min(...sliders.map((issue) => state.thresholds[issue]));
}

/**
 * The API has one threshold per request: with several issues it is asked at the lowest, and an image stays
 * when one of its issues reaches that issue's own slider.
 */
export function passesSliders(state: ViewState, issues: { type: string; confidence: number }[]): boolean {
  if (state.issues.length === 0) return true;
  return issues.some((hit) => {
    if (!state.issues.includes(hit.type as Issue)) return false;
    if (hit.type === 'uniques') return true;
    return hit.confidence >= state.thresholds[hit.type as SliderIssue];
  });
}
