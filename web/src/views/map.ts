import type { App } from '../context.ts';
import { h } from '../dom.ts';
import { COLOR_MODE_NAMES, COLOR_MODES, type ColorMode, colorPoints, ISSUE_COLORS } from '../map/colors.ts';
import { byColor, drawPoints, drawSplats, ring, type Splats, toData, type View } from '../map/draw.ts';
import { boxOf, withBox } from '../map/filter.ts';
import { loadMap, type MapPoints } from '../map/points.ts';
import { mapProbe, type Renderer } from '../map/probe.ts';
import { gridIndex } from '../map/spatial-index.ts';
import { splatColors } from '../map/splat.ts';
import { DEFAULT_THRESHOLD } from '../state.ts';
import type { Rendered } from './view.ts';

const HOVER_PX = 8;
/**
 * From here on points are pixel splats (web/src/map/splat.ts): their 1.5 px squares gain nothing from the path's
 * antialiasing, and at 100k points the path cost 10-20x their script time a frame in headless Chromium (bench/map,
 * docs/explorer-map.md).
 */
export const SPLAT_FROM = 20_000;
const choice = { mode: 'label' as ColorMode, level: 2 };

/** The embedding map of the last full run: coloured points, hover thumbnails, zoom, pan and a box filter. */
export function renderMap(app: App): Rendered {
  const heading = h('h2', {}, 'Embedding map');
  const note = h('p', { class: 'map-note' });
  const canvas = h('canvas', { class: 'map-canvas', 'aria-label': 'Embedding map', role: 'img' });
  const legend = h('ul', { class: 'map-legend', 'aria-label': 'Colours' });
  const tip = h('div', { class: 'map-tip', hidden: true, role: 'tooltip' });
  const element = h(
    'section',
    { class: 'map-view' },
    heading,
    note,
    h('div', { class: 'map-tools' }),
    h('div', { class: 'map-stage' }, canvas, tip),
    legend,
  );
  const ready = loadMap(app.client, app.dataset().dataset).then((points) => {
    performance.mark('viscura:map-loaded');
    if (points.count === 0) {
      note.textContent = 'No map yet: it is computed by a full curation run (`viscura curate`).';
      canvas.hidden = true;
      return;
    }
    note.textContent =
      points.count < points.total
        ? `A uniform sample of ${points.count} of ${points.total} images (run ${points.runId}).`
        : `${points.count} images (run ${points.runId}). Drag to pan, wheel to zoom, “Select box” to filter.`;
    mountMap(app, points, element, canvas, legend, tip);
  });
  return { element, ready };
}

function mountMap(
  app: App,
  points: MapPoints,
  element: HTMLElement,
  canvas: HTMLCanvasElement,
  legendList: HTMLElement,
  tip: HTMLElement,
): void {
  const index = gridIndex(points.x, points.y);
  const context = canvas.getContext('2d') as CanvasRenderingContext2D;
  const probe = mapProbe();
  const renderer: Renderer = probe?.renderer ?? (points.count >= SPLAT_FROM ? 'splat' : 'path');
  canvas.dataset.renderer = renderer;
  let groups = new Map<string, Uint32Array>();
  const splats: Splats = { colors: new Uint32Array(0), image: null };
  let ratio = 1;
  let width = 0;
  let height = 0;
  let view: View = { scale: 1, offsetX: 0, offsetY: 0 };
  let hovered = -1;
  let selecting = false;
  let drag: { x: number; y: number; view: View; moved: boolean; box: boolean } | null = null;
  let dragBox: [number, number, number, number] | null = null;
  const selected = boxOf(app.state.q);

  const fitView = () => {
    width = canvas.clientWidth;
    height = canvas.clientHeight;
    ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    const side = Math.min(width, height) * 0.94;
    view = { scale: side, offsetX: (width - side) / 2, offsetY: (height - side) / 2 };
  };
  const recolor = () => {
    const { colors, legend } = colorPoints(points, choice.mode, choice.level, DEFAULT_THRESHOLD);
    if (renderer === 'splat') splats.colors = splatColors(colors);
    else groups = byColor(colors);
    legendList.replaceChildren(
      ...legend.map((entry) =>
        h('li', {}, h('span', { class: 'swatch', style: `background:${entry.color}` }), entry.name),
      ),
    );
    canvas.dataset.colorBy = choice.mode;
    frame();
  };
  let queued = false;
  const frame = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      const started = performance.now();
      if (renderer === 'splat') drawSplats(context, splats, points, view, width, height, ratio);
      else drawPoints(context, points, groups, view, width, height);
      overlay();
      probe?.draws?.push(performance.now() - started);
      const drawn = (Number(canvas.dataset.drawn) || 0) + 1;
      if (drawn === 1) performance.mark('viscura:map-painted');
      canvas.dataset.drawn = String(drawn);
    });
  };
  const overlay = () => {
    if (selected) strokeBox(selected.x0, selected.y0, selected.x1, selected.y1, '#1d1f24');
    if (dragBox) strokeBox(...dragBox, '#1f5fd1');
    if (hovered < 0) return;
    const cluster = points.duplicateCluster[hovered];
    if (cluster)
      for (let i = 0; i < points.count; i++)
        if (points.duplicateCluster[i] === cluster)
          ring(
            context,
            view,
            points.x[i],
            points.y[i],
            points.duplicate[i] === 1 ? ISSUE_COLORS.keeper : ISSUE_COLORS.drop,
          );
    ring(context, view, points.x[hovered], points.y[hovered], '#1d1f24', 8);
  };
  const strokeBox = (x0: number, y0: number, x1: number, y1: number, color: string) => {
    context.strokeStyle = color;
    context.setLineDash([5, 4]);
    context.lineWidth = 1.5;
    context.strokeRect(
      x0 * view.scale + view.offsetX,
      y0 * view.scale + view.offsetY,
      (x1 - x0) * view.scale,
      (y1 - y0) * view.scale,
    );
    context.setLineDash([]);
  };
  const local = (event: MouseEvent): [number, number] => {
    const rect = canvas.getBoundingClientRect();
    return [event.clientX - rect.left, event.clientY - rect.top];
  };
  const hover = (sx: number, sy: number) => {
    const [x, y] = toData(view, sx, sy);
    const found = index.nearest(x, y, HOVER_PX / view.scale);
    if (found === hovered) return;
    hovered = found;
    frame();
    if (found < 0) {
      tip.hidden = true;
      return;
    }
    const id = points.id[found];
    const label = points.label[found] < 0 ? 'unlabelled' : points.labels[points.label[found]];
    const img = h('img', { alt: points.key[found], width: 96, height: 96 });
    tip.replaceChildren(
      app.images.fill(img, app.thumbnailUrl(id)),
      h('span', {}, points.key[found]),
      h('span', {}, label),
    );
    tip.dataset.id = id;
    tip.style.left = `${Math.min(sx + 12, width - 130)}px`;
    tip.style.top = `${Math.min(sy + 12, height - 150)}px`;
    tip.hidden = false;
  };

  canvas.addEventListener('pointerdown', (event) => {
    const [sx, sy] = local(event);
    canvas.setPointerCapture(event.pointerId);
    drag = { x: sx, y: sy, view, moved: false, box: selecting || event.shiftKey };
  });
  canvas.addEventListener('pointermove', (event) => {
    const [sx, sy] = local(event);
    if (!drag) return hover(sx, sy);
    if (Math.abs(sx - drag.x) + Math.abs(sy - drag.y) > 3) drag.moved = true;
    if (drag.box) {
      const [x0, y0] = toData(view, drag.x, drag.y);
      const [x1, y1] = toData(view, sx, sy);
      dragBox = [Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1)];
    } else {
      view = {
        ...drag.view,
        offsetX: drag.view.offsetX + sx - drag.x,
        offsetY: drag.view.offsetY + sy - drag.y,
      };
    }
    frame();
  });
  canvas.addEventListener('pointerup', (event) => {
    const [sx, sy] = local(event);
    const done = drag;
    drag = null;
    if (done?.box && dragBox && done.moved) {
      const [x0, y0, x1, y1] = dragBox;
      dragBox = null;
      return app.update({ view: 'browse', q: withBox(app.state.q, { x0, y0, x1, y1 }) }, { push: true });
    }
    dragBox = null;
    if (done && !done.moved) {
      hover(sx, sy);
      if (hovered >= 0) app.update({ detail: points.id[hovered] }, { push: true });
    }
    frame();
  });
  canvas.addEventListener('pointerleave', () => {
    if (drag) return;
    hovered = -1;
    tip.hidden = true;
    frame();
  });
  canvas.addEventListener(
    'wheel',
    (event) => {
      event.preventDefault();
      const [sx, sy] = local(event);
      const factor = Math.exp(-event.deltaY * 0.0015);
      const scale = Math.min(Math.max(view.scale * factor, 50), 400_000);
      const k = scale / view.scale;
      view = { scale, offsetX: sx - (sx - view.offsetX) * k, offsetY: sy - (sy - view.offsetY) * k };
      frame();
    },
    { passive: false },
  );

  const modeSelect = h(
    'select',
    { id: 'map-color', 'aria-label': 'Colour by' },
    ...COLOR_MODES.map((mode) =>
      h('option', { value: mode, selected: mode === choice.mode }, COLOR_MODE_NAMES[mode]),
    ),
  );
  const levelSelect = h(
    'select',
    { id: 'map-level', 'aria-label': 'Cluster level', hidden: choice.mode !== 'cluster' },
    ...points.clusters.map((_, level) =>
      h(
        'option',
        { value: level, selected: level === choice.level },
        `Level ${level} (${level === 0 ? 'coarse' : level === points.clusters.length - 1 ? 'fine' : 'middle'})`,
      ),
    ),
  );
  modeSelect.addEventListener('change', () => {
    choice.mode = modeSelect.value as ColorMode;
    levelSelect.hidden = choice.mode !== 'cluster';
    recolor();
  });
  levelSelect.addEventListener('change', () => {
    choice.level = Number(levelSelect.value);
    recolor();
  });
  const selectButton = h(
    'button',
    { type: 'button', id: 'map-select', 'aria-pressed': 'false' },
    'Select box',
  );
  selectButton.addEventListener('click', () => {
    selecting = !selecting;
    selectButton.setAttribute('aria-pressed', String(selecting));
    canvas.classList.toggle('selecting', selecting);
  });
  const reset = h(
    'button',
    {
      type: 'button',
      onclick: () => {
        fitView();
        frame();
      },
    },
    'Reset view',
  );
  element
    .querySelector('.map-tools')
    ?.append(h('label', {}, 'Colour by ', modeSelect), levelSelect, selectButton, reset);
  requestAnimationFrame(() => {
    fitView();
    recolor();
  });
  new ResizeObserver(() => {
    if (canvas.clientWidth === width && canvas.clientHeight === height) return;
    fitView();
    frame();
  }).observe(canvas);
}
