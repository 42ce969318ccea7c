/**
 * Generated scenes for eval (a): eight classes that differ in structure (not just colour), each image drawn
 * with its own random colours, counts, positions and tilt, as an SVG that sharp renders.
 */
export const SCENE_CLASSES = [
  'circles',
  'stripes',
  'columns',
  'checker',
  'rings',
  'triangles',
  'landscape',
  'dots',
] as const;

export type SceneClass = (typeof SCENE_CLASSES)[number];

export const SCENE_SIZE = 256;

type Rand = () => number;

const S = SCENE_SIZE;
const between = (rand: Rand, lo: number, hi: number) => lo + (hi - lo) * rand();
const int = (rand: Rand, lo: number, hi: number) => Math.floor(between(rand, lo, hi + 1));

/** Each class keeps its own palette (background, foreground hue and lightness); images jitter around it. */
const PALETTES: Record<SceneClass, [number, number, number, number]> = {
  circles: [40, 82, 210, 35],
  stripes: [120, 75, 300, 30],
  columns: [0, 80, 180, 30],
  checker: [60, 85, 260, 25],
  rings: [330, 80, 150, 25],
  triangles: [190, 85, 20, 40],
  landscape: [215, 60, 100, 30],
  dots: [280, 30, 50, 75],
};

function colour(rand: Rand, lightness?: [number, number]): string {
  const [lo, hi] = lightness ?? [25, 75];
  return `hsl(${int(rand, 0, 359)},${int(rand, 45, 95)}%,${int(rand, lo, hi)}%)`;
}

function jittered(rand: Rand, hue: number, lightness: number): string {
  return `hsl(${Math.round(hue + between(rand, -18, 18) + 360) % 360},${int(rand, 50, 80)}%,${int(rand, lightness - 8, lightness + 8)}%)`;
}

/** The class's background and foreground colours, jittered. */
function palette(rand: Rand, kind: SceneClass): [string, string] {
  const [bh, bl, fh, fl] = PALETTES[kind];
  return [jittered(rand, bh, bl), jittered(rand, fh, fl)];
}

const DRAW: Record<SceneClass, (rand: Rand) => string> = {
  circles: (rand) => {
    const [bg, fg] = palette(rand, 'circles');
    const shapes = Array.from({ length: int(rand, 4, 7) }, () => {
      const r = between(rand, 22, 45);
      return `<circle cx="${between(rand, r, S - r)}" cy="${between(rand, r, S - r)}" r="${r}" fill="${fg}"/>`;
    });
    return `<rect width="${S}" height="${S}" fill="${bg}"/>${shapes.join('')}`;
  },
  stripes: (rand) => bands(rand, 'stripes', between(rand, -12, 12)),
  columns: (rand) => bands(rand, 'columns', 90 + between(rand, -12, 12)),
  checker: (rand) => {
    const [a, b] = palette(rand, 'checker');
    const n = int(rand, 5, 8);
    const cell = (S * 1.5) / n;
    const cells: string[] = [];
    for (let y = 0; y < n; y++) {
      for (let x = 0; x < n; x++) {
        if ((x + y) % 2)
          cells.push(
            `<rect x="${x * cell - S / 4}" y="${y * cell - S / 4}" width="${cell}" height="${cell}"/>`,
          );
      }
    }
    return `<rect width="${S}" height="${S}" fill="${a}"/><g fill="${b}" transform="rotate(${between(rand, -30, 30)} 128 128)">${cells.join('')}</g>`;
  },
  rings: (rand) => {
    const [a, b] = palette(rand, 'rings');
    const cx = between(rand, 80, 176);
    const cy = between(rand, 80, 176);
    const step = between(rand, 12, 20);
    const rings = Array.from({ length: Math.ceil(200 / step) }, (_, i) => 200 - i * step)
      .map((r, i) => `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${i % 2 ? a : b}"/>`)
      .join('');
    return `<rect width="${S}" height="${S}" fill="${a}"/>${rings}`;
  },
  triangles: (rand) => {
    const [bg, fg] = palette(rand, 'triangles');
    const shapes = Array.from({ length: int(rand, 4, 6) }, () => {
      const cx = between(rand, 40, 216);
      const cy = between(rand, 40, 216);
      const r = between(rand, 35, 60);
      const turn = between(rand, 0, Math.PI * 2);
      const points = [0, 1, 2]
        .map(
          (k) =>
            `${cx + r * Math.cos(turn + (k * 2 * Math.PI) / 3)},${cy + r * Math.sin(turn + (k * 2 * Math.PI) / 3)}`,
        )
        .join(' ');
      return `<polygon points="${points}" fill="${fg}"/>`;
    });
    return `<rect width="${S}" height="${S}" fill="${bg}"/>${shapes.join('')}`;
  },
  landscape: (rand) => {
    const horizon = between(rand, 130, 180);
    const hue = int(rand, 195, 235);
    const [, ground] = palette(rand, 'landscape');
    const hills = Array.from({ length: 5 }, (_, i) => `${i * 64},${horizon - between(rand, 0, 40)}`).join(
      ' ',
    );
    return (
      `<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="hsl(${hue},70%,35%)"/>` +
      `<stop offset="1" stop-color="hsl(${hue},60%,85%)"/></linearGradient></defs>` +
      `<rect width="${S}" height="${S}" fill="url(#sky)"/>` +
      `<circle cx="${between(rand, 30, 226)}" cy="${between(rand, 25, horizon - 50)}" r="${between(rand, 12, 26)}" fill="hsl(${int(rand, 30, 60)},95%,70%)"/>` +
      `<polygon points="0,${S} ${hills} ${S},${horizon} ${S},${S}" fill="${ground}"/>`
    );
  },
  dots: (rand) => {
    const [a, b] = palette(rand, 'dots');
    const n = int(rand, 6, 9);
    const pitch = S / n;
    const r = pitch * between(rand, 0.18, 0.35);
    const dots: string[] = [];
    for (let y = -1; y <= n; y++) {
      for (let x = -1; x <= n; x++)
        dots.push(`<circle cx="${(x + 0.5) * pitch}" cy="${(y + 0.5) * pitch}" r="${r}"/>`);
    }
    const shift = `translate(${between(rand, -pitch / 2, pitch / 2)} ${between(rand, -pitch / 2, pitch / 2)})`;
    return `<rect width="${S}" height="${S}" fill="${a}"/><g fill="${b}" transform="rotate(${between(rand, -25, 25)} 128 128) ${shift}">${dots.join('')}</g>`;
  },
};

function bands(rand: Rand, kind: SceneClass, angle: number): string {
  const [a, b] = palette(rand, kind);
  const n = int(rand, 6, 10);
  const h = (S * 1.6) / n;
  const rects = Array.from({ length: n }, (_, i) =>
    i % 2 ? `<rect x="-80" y="${i * h - S * 0.3}" width="${S + 160}" height="${h}"/>` : '',
  ).join('');
  return `<rect width="${S}" height="${S}" fill="${a}"/><g fill="${b}" transform="rotate(${angle} 128 128)">${rects}</g>`;
}

/** A few unrelated objects on top, as real photos of one class still differ in what else is in them. */
function clutter(rand: Rand): string {
  return Array.from({ length: int(rand, 2, 4) }, () => {
    const x = between(rand, 0, S);
    const y = between(rand, 0, S);
    const w = between(rand, 15, 60);
    const h = between(rand, 15, 60);
    return rand() < 0.5
      ? `<ellipse cx="${x}" cy="${y}" rx="${w / 2}" ry="${h / 2}" fill="${colour(rand, [10, 90])}"/>`
      : `<rect x="${x - w / 2}" y="${y - h / 2}" width="${w}" height="${h}" fill="${colour(rand, [10, 90])}" transform="rotate(${between(rand, 0, 90)} ${x} ${y})"/>`;
  }).join('');
}

export function sceneSvg(kind: SceneClass, rand: Rand): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${S}" height="${S}">${DRAW[kind](rand)}${clutter(rand)}</svg>`;
}

/** Images unlike any scene class: each outlier kind is drawn once, so they have no look-alikes either. */
export const OUTLIER_KINDS = ['noise', 'text', 'spiral', 'scribble', 'radial', 'split'] as const;

export function outlierSvg(kind: (typeof OUTLIER_KINDS)[number], rand: Rand): string {
  const body = (() => {
    switch (kind) {
      case 'noise': {
        const cells: string[] = [];
        for (let y = 0; y < 32; y++) {
          for (let x = 0; x < 32; x++)
            cells.push(
              `<rect x="${x * 8}" y="${y * 8}" width="8" height="8" fill="${colour(rand, [5, 95])}"/>`,
            );
        }
        return cells.join('');
      }
      case 'text':
        return `<rect width="${S}" height="${S}" fill="white"/>${Array.from(
          { length: 8 },
          (_, i) =>
            `<text x="8" y="${28 + i * 30}" font-size="22" font-family="serif">${['lorem ipsum dolor', 'sit amet, consectetur', 'adipiscing elit sed', 'do eiusmod tempor'][i % 4]}</text>`,
        ).join('')}`;
      case 'spiral': {
        const pts = Array.from({ length: 400 }, (_, i) => {
          const t = i / 20;
          return `${128 + 4 * t * Math.cos(t)},${128 + 4 * t * Math.sin(t)}`;
        }).join(' ');
        return `<rect width="${S}" height="${S}" fill="${colour(rand, [80, 92])}"/><polyline points="${pts}" fill="none" stroke="${colour(rand, [10, 30])}" stroke-width="5"/>`;
      }
      case 'scribble': {
        let x = 128;
        let y = 128;
        const pts = Array.from({ length: 300 }, () => {
          x = Math.min(250, Math.max(6, x + between(rand, -18, 18)));
          y = Math.min(250, Math.max(6, y + between(rand, -18, 18)));
          return `${x},${y}`;
        }).join(' ');
        return `<rect width="${S}" height="${S}" fill="${colour(rand, [85, 95])}"/><polyline points="${pts}" fill="none" stroke="black" stroke-width="2"/>`;
      }
      case 'radial':
        return `<defs><radialGradient id="g"><stop offset="0" stop-color="${colour(rand, [85, 95])}"/><stop offset="1" stop-color="${colour(rand, [5, 20])}"/></radialGradient></defs><rect width="${S}" height="${S}" fill="url(#g)"/>`;
      case 'split':
        return `<rect width="${S}" height="${S}" fill="${colour(rand, [5, 20])}"/><polygon points="0,0 ${S},0 0,${S}" fill="${colour(rand, [80, 95])}"/>`;
    }
  })();
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${S}" height="${S}">${body}</svg>`;
}
