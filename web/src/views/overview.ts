import { ISSUE_SPECS } from '../../../shared/vocabulary/index.ts';
import { readDownload } from '../api.ts';
import type { App } from '../context.ts';
import { download, h, pct } from '../dom.ts';
import type { Issue } from '../state.ts';
import type { LabelHealth } from '../types.ts';
import type { Rendered } from './view.ts';
import { workflowSection } from './workflows.ts';

const ISSUE_TITLES: Record<string, string> = Object.fromEntries(
  Object.entries(ISSUE_SPECS).map(([issue, spec]) => [issue, spec.words.count]),
);

/** Counts per issue type and per label, the last curation run, and the nightly report. */
export function renderOverview(app: App): Rendered {
  const element = h('section', { class: 'overview', 'aria-labelledby': 'overview-title' });
  const ready = Promise.all([
    app.client.get('/v1/datasets/{dataset}', { params: app.dataset() }),
    // No health before the first run (a 404): the section is then left out.
    app.client.get('/v1/datasets/{dataset}/labels/health', { params: app.dataset() }).catch(() => null),
    workflowSection(app),
  ]).then(([summary, health, workflows]) => {
    const browseIssue = (issue: Issue) => () =>
      app.update({ view: 'browse', issues: [issue], q: '' }, { push: true });
    const issueCounts: Record<string, number> = { ...summary.issues };
    for (const quality of ['blur', 'dark', 'bright']) {
      if (summary.quality[quality] !== undefined) issueCounts[quality] = summary.quality[quality];
    }
    const issueRows = Object.entries(ISSUE_TITLES)
      .filter(([issue]) => issueCounts[issue] !== undefined)
      .map(([issue, title]) =>
        h(
          'li',
          {},
          h(
            'button',
            { type: 'button', class: 'count', 'data-issue': issue, onclick: browseIssue(issue as Issue) },
            h('span', { class: 'count-value' }, String(issueCounts[issue])),
            h('span', {}, title),
          ),
        ),
      );
    const labels = Object.entries(summary.labels).sort((a, b) => b[1] - a[1]);
    const run = summary.lastRun;
    element.replaceChildren(
      h('h2', { id: 'overview-title' }, `Dataset ${summary.name}`),
      h(
        'dl',
        { class: 'facts' },
        h('dt', {}, 'Images'),
        h('dd', { 'data-fact': 'images' }, String(summary.images)),
        h('dt', {}, 'Objects'),
        h('dd', {}, String(summary.objects)),
        h('dt', {}, 'Failed files'),
        h('dd', {}, String(summary.failures)),
        h('dt', {}, 'Model'),
        h('dd', {}, summary.model ?? 'none'),
      ),
      h('h3', {}, 'Issues'),
      issueRows.length > 0
        ? h('ul', { class: 'counts', 'aria-label': 'Counts per issue type' }, ...issueRows)
        : h('p', { class: 'empty' }, 'No curation run yet: run `viscura curate`.'),
      h('h3', {}, 'Labels'),
      h(
        'ul',
        { class: 'counts', 'aria-label': 'Counts per label' },
        ...labels.map(([label, count]) =>
          h(
            'li',
            {},
            h(
              'button',
              {
                type: 'button',
                class: 'count',
                'data-label': label,
                onclick: () => app.update({ view: 'browse', label, issues: [], q: '' }, { push: true }),
              },
              h('span', { class: 'count-value' }, String(count)),
              h('span', {}, label),
            ),
          ),
        ),
        h(
          'li',
          {},
          h(
            'span',
            { class: 'count static' },
            h('span', { class: 'count-value' }, String(summary.unlabeled)),
            h('span', {}, 'unlabelled'),
          ),
        ),
      ),
      ...labelHealthSection(health),
      ...workflows,
      h('h3', {}, 'Last curation run'),
      run
        ? h(
            'dl',
            { class: 'facts', 'data-run': run.runId },
            h('dt', {}, 'Run'),
            h('dd', {}, `${run.kind} · ${run.status}`),
            h('dt', {}, 'Started'),
            h('dd', {}, new Date(run.startedAt).toLocaleString()),
            h('dt', {}, 'Finished'),
            h('dd', {}, run.finishedAt ? new Date(run.finishedAt).toLocaleString() : '—'),
            h('dt', {}, 'Model'),
            h('dd', {}, run.model),
          )
        : h('p', { class: 'empty' }, 'None yet.'),
      h(
        'p',
        { class: 'actions' },
        h('button', { type: 'button', onclick: () => openReport(app) }, 'Open the nightly report'),
        h('button', { type: 'button', onclick: () => saveReport(app) }, 'Download the report (JSON)'),
      ),
    );
  });
  element.append(h('p', { class: 'loading' }, 'Loading the overview…'));
  return { element, ready };
}

/** Whether this model can check the labels (in words), and the classes with the most estimated issues. */
function labelHealthSection(health: LabelHealth | null): HTMLElement[] {
  if (!health) return [];
  const worst = health.classes.filter((c) => c.flagged > 0).slice(0, 8);
  const nodes: (HTMLElement | null)[] = [
    h('h3', {}, 'Label health'),
    h(
      'p',
      { class: `label-check ${health.check.separability}`, 'data-check': health.check.separability },
      health.check.message,
    ),
    worst.length > 0
      ? h(
          'ul',
          { class: 'label-health', 'aria-label': 'Classes with flagged images' },
          ...worst.map((c) =>
            h(
              'li',
              {},
              `${c.label}: ${c.flagged} flagged of ${c.size} (estimated ${pct(c.issueShare)} issues)`,
            ),
          ),
        )
      : null,
    health.confusedPairs.length > 0
      ? h(
          'p',
          { class: 'why' },
          `Most confused: ${health.confusedPairs
            .slice(0, 3)
            .map((p) => `${p.a} ↔ ${p.b}`)
            .join(', ')}`,
        )
      : null,
  ];
  return nodes.filter((node): node is HTMLElement => node !== null);
}

const latestReport = async (app: App, format: 'html' | 'json') =>
  readDownload(
    await app.client.file('/v1/datasets/{dataset}/reports/latest', {
      params: app.dataset(),
      query: { format },
    }),
  );

/** The report needs the key too: fetched, then shown from an object URL in a new tab. */
async function openReport(app: App): Promise<void> {
  try {
    const { blob } = await latestReport(app, 'html');
    const url = URL.createObjectURL(new Blob([blob], { type: 'text/html' }));
    window.open(url, '_blank', 'noopener');
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (error) {
    app.fail(error);
  }
}

async function saveReport(app: App): Promise<void> {
  try {
    const { blob } = await latestReport(app, 'json');
    download(blob, `${app.state.dataset}-report.json`);
  } catch (error) {
    app.fail(error);
  }
}
