import { ISSUE_SPECS } from '../../../shared/vocabulary/index.ts';
import type { App } from '../context.ts';
import { h } from '../dom.ts';
import { ISSUES, type Issue, SLIDER_ISSUES, type SliderIssue } from '../state.ts';
import { type SliderHistogram, sliderHistogram } from './histogram.ts';
import { fillHistograms, type Histograms } from './slider-histograms.ts';

const TITLES = Object.fromEntries(ISSUES.map((issue) => [issue, ISSUE_SPECS[issue].words.filter])) as Record<
  Issue,
  string
>;

/** Whether the folded panel (phone width) is open; kept across re-renders, which rebuild the panel. */
let unfolded = false;

/**
 * The filter panel. Sliders commit on release (`change`), so dragging does not fire a request per step; lower
 * thresholds find more (recall), higher ones fewer and surer (precision). At phone width (style.css) the panel
 * folds behind one button that counts the active filters, so the results come first; on a desktop the button
 * is hidden and the panel always shown.
 */
export function filterPanel(app: App, labels: string[]): HTMLElement {
  const form = panel(app, labels);
  form.id = 'filters-panel';
  const fold = h('div', { class: unfolded ? 'filters-fold open' : 'filters-fold' });
  const toggle = h(
    'button',
    {
      type: 'button',
      class: 'filters-toggle',
      'aria-controls': form.id,
      'aria-expanded': String(unfolded),
      onclick: () => {
        unfolded = !unfolded;
        fold.classList.toggle('open', unfolded);
        toggle.setAttribute('aria-expanded', String(unfolded));
      },
    },
    `Filters (${activeFilters(app)})`,
  );
  fold.append(toggle, form);
  return fold;
}

/** Each ticked issue counts, as do a uniqueness floor, a label, the tags and a visual cluster. */
export function activeFilters(app: App): number {
  const { state } = app;
  return (
    state.issues.length +
    (state.uniquenessMin > 0 ? 1 : 0) +
    (state.label !== null ? 1 : 0) +
    (state.tags.length > 0 ? 1 : 0) +
    (state.visualCluster !== null ? 1 : 0)
  );
}

function panel(app: App, labels: string[]): HTMLElement {
  const { state } = app;
  const histograms: Histograms = new Map();
  const toggle = (issue: Issue) => (event: Event) => {
    const on = (event.target as HTMLInputElement).checked;
    const issues = on ? [...state.issues, issue] : state.issues.filter((item) => item !== issue);
    app.update({ issues: ISSUES.filter((item) => issues.includes(item)) });
  };
  const rows = ISSUES.map((issue) => {
    const checkbox = h('input', {
      type: 'checkbox',
      id: `issue-${issue}`,
      checked: state.issues.includes(issue),
      onchange: toggle(issue),
    });
    const row = h(
      'div',
      { class: 'filter-row' },
      checkbox,
      h('label', { for: `issue-${issue}` }, TITLES[issue]),
    );
    if ((SLIDER_ISSUES as readonly string[]).includes(issue)) {
      const histogram = sliderHistogram(
        `threshold-${issue}`,
        `${TITLES[issue]} confidence`,
        state.thresholds[issue as SliderIssue],
      );
      histograms.set(issue as SliderIssue, histogram);
      row.append(slider(app, issue as SliderIssue, histogram));
    }
    return row;
  });
  const uniquenessHistogram = sliderHistogram('uniqueness-min', 'uniqueness', state.uniquenessMin);
  histograms.set('uniqueness', uniquenessHistogram);
  const uniqueness = rangeInput(
    'uniqueness-min',
    'Uniqueness at least',
    state.uniquenessMin,
    (value) => app.update({ uniquenessMin: value }),
    uniquenessHistogram,
  );
  fillHistograms(app, histograms);
  const labelSelect = h(
    'select',
    {
      id: 'label-filter',
      onchange: (event: Event) => app.update({ label: (event.target as HTMLSelectElement).value || null }),
    },
    h('option', { value: '' }, 'any label'),
    ...labels.map((label) => h('option', { value: label, selected: label === state.label }, label)),
  );
  const tags = h('input', {
    id: 'tags-filter',
    type: 'text',
    value: state.tags.join(', '),
    placeholder: 'tag, tag',
    onchange: (event: Event) =>
      app.update({
        tags: (event.target as HTMLInputElement).value
          .split(',')
          .map((tag) => tag.trim())
          .filter(Boolean),
      }),
  });
  return h(
    'form',
    { class: 'filters', 'aria-label': 'Filters', onsubmit: (event: Event) => event.preventDefault() },
    h('fieldset', {}, h('legend', {}, 'Issues (any of)'), ...rows),
    h('fieldset', {}, h('legend', {}, 'Uniqueness'), uniqueness),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Labels and tags'),
      h('label', { for: 'label-filter' }, 'Label'),
      labelSelect,
      h('label', { for: 'tags-filter' }, 'Tags (all of)'),
      tags,
    ),
    h(
      'button',
      {
        type: 'button',
        onclick: () =>
          app.update({
            issues: [],
            uniquenessMin: 0,
            label: null,
            tags: [],
            visualCluster: null,
            thresholds: Object.fromEntries(SLIDER_ISSUES.map((issue) => [issue, 0.5])) as Record<
              SliderIssue,
              number
            >,
          }),
      },
      'Reset filters',
    ),
  );
}

function slider(app: App, issue: SliderIssue, histogram: SliderHistogram): HTMLElement {
  return rangeInput(
    `threshold-${issue}`,
    'confidence at least',
    app.state.thresholds[issue],
    (value) =>
      app.update({
        thresholds: { ...app.state.thresholds, [issue]: value },
        issues: app.state.issues.includes(issue) ? app.state.issues : [...app.state.issues, issue],
      }),
    histogram,
  );
}

function rangeInput(
  id: string,
  title: string,
  value: number,
  commit: (value: number) => void,
  histogram: SliderHistogram,
): HTMLElement {
  const output = h('output', { for: id }, value.toFixed(2));
  const input = h('input', {
    type: 'range',
    id,
    min: 0,
    max: 1,
    step: 0.05,
    value: String(value),
    'aria-describedby': histogram.countId,
    oninput: (event: Event) => {
      const next = Number((event.target as HTMLInputElement).value);
      output.textContent = next.toFixed(2);
      histogram.move(next);
    },
    onchange: (event: Event) => commit(Number((event.target as HTMLInputElement).value)),
  });
  return h('div', { class: 'range' }, h('label', { for: id }, title), input, output, histogram.element);
}
