import { countAtOrAbove } from '../bins.ts';
import { h } from '../dom.ts';

/** What a slider's histogram draws: the route's bins, or why there are none. */
export type HistogramData = { counts: readonly number[]; total: number } | { note: string };

export interface SliderHistogram {
  element: HTMLElement;
  /** The id of its text ("124 above 0.50", or why there is no histogram): the slider's description. */
  countId: string;
  show(data: HistogramData): void;
  /** Moves the threshold line and the count while the slider moves (from the bins: no request). */
  move(value: number): void;
}

const SVG = 'http://www.w3.org/2000/svg';
const HEIGHT = 24;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  return element;
}

/**
 * A small bar chart of a score under its slider, the slider's value as a line and "N above" as text. Bars are
 * drawn on a square-root scale: one crowded bin (most images are sharp) would otherwise flatten the rest.
 */
export function sliderHistogram(sliderId: string, name: string, value: number): SliderHistogram {
  const countId = `${sliderId}-count`;
  const element = h('figure', { class: 'histogram', 'data-for': sliderId, hidden: true });
  let counts: readonly number[] = [];
  let total = 0;
  let bars: SVGRectElement[] = [];
  let chart: SVGSVGElement | null = null;
  let line: SVGLineElement | null = null;
  const caption = h('figcaption', { class: 'histogram-count', id: countId, 'aria-live': 'polite' });

  const move = (next: number) => {
    value = next;
    if (!chart || !line) return;
    const { count, exact } = countAtOrAbove(counts, value);
    const text = `${exact ? '' : '≈ '}${count} above ${value.toFixed(2)}`;
    caption.textContent = text;
    caption.dataset.count = String(count);
    const x = value * counts.length;
    line.setAttribute('x1', String(x));
    line.setAttribute('x2', String(x));
    line.dataset.value = value.toFixed(2);
    for (const [i, bar] of bars.entries()) {
      bar.setAttribute('class', (i + 1) / counts.length > value ? 'above' : 'below');
    }
    chart.setAttribute(
      'aria-label',
      `Histogram of ${name} over ${total} images: ${exact ? '' : 'about '}${count} at or above ${value.toFixed(2)}`,
    );
  };

  const show = (data: HistogramData) => {
    element.hidden = false;
    if ('note' in data) {
      chart = null;
      line = null;
      element.replaceChildren(h('figcaption', { class: 'histogram-note', id: countId }, data.note));
      return;
    }
    ({ counts, total } = data);
    const max = Math.sqrt(Math.max(1, ...counts));
    chart = svg('svg', {
      viewBox: `0 0 ${counts.length} ${HEIGHT}`,
      preserveAspectRatio: 'none',
      role: 'img',
      focusable: 'false',
    });
    bars = counts.map((n, i) => {
      const height = n === 0 ? 0 : Math.max(1, (Math.sqrt(n) / max) * HEIGHT);
      const bar = svg('rect', { x: i + 0.1, width: 0.8, y: HEIGHT - height, height, 'data-count': n });
      bar.append(svg('title', {}));
      const last = i === counts.length - 1;
      (bar.firstChild as SVGTitleElement).textContent =
        `${n} in [${(i / counts.length).toFixed(2)}, ${((i + 1) / counts.length).toFixed(2)}${last ? ']' : ')'}`;
      return bar;
    });
    line = svg('line', { class: 'threshold', y1: 0, y2: HEIGHT, 'vector-effect': 'non-scaling-stroke' });
    chart.append(...bars, line);
    element.replaceChildren(chart, caption);
    move(value);
  };

  return { element, countId, show, move };
}
