import type { MapPoints } from './points.ts';

export const COLOR_MODES = ['label', 'issue', 'cluster', 'mislabel', 'outlier', 'uniqueness'] as const;
export type ColorMode = (typeof COLOR_MODES)[number];
export const COLOR_MODE_NAMES: Record<ColorMode, string> = {
  label: 'Label',
  issue: 'Issue',
  cluster: 'Visual cluster',
  mislabel: 'Mislabel score',
  outlier: 'Outlier score',
  uniqueness: 'Uniqueness',
};

/** Tableau 10: distinct on white and for the common colour-vision deficiencies. */
const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];
const GREY = '#c4c8cf';
export const ISSUE_COLORS = { keeper: '#1f5fd1', drop: '#e15759', mislabel: '#b07aa1', outlier: '#f28e2b' };

export interface Legend {
  color: string;
  name: string;
}

/** A colour per point and the legend that explains them; scores use a ramp from grey (0) to red (1). */
export function colorPoints(
  points: MapPoints,
  mode: ColorMode,
  level: number,
  threshold: number,
): { colors: string[]; legend: Legend[] } {
  const colors: string[] = new Array(points.count);
  if (mode === 'label') {
    for (let i = 0; i < points.count; i++)
      colors[i] = points.label[i] < 0 ? GREY : PALETTE[points.label[i] % PALETTE.length];
    const legend = points.labels.map((name, i) => ({ color: PALETTE[i % PALETTE.length], name }));
    return { colors, legend: [...legend, { color: GREY, name: 'unlabelled' }] };
  }
  if (mode === 'cluster') {
    const members = points.clusters[level] ?? new Int32Array(points.count).fill(-1);
    for (let i = 0; i < points.count; i++)
      colors[i] = members[i] < 0 ? GREY : PALETTE[members[i] % PALETTE.length];
    return { colors, legend: [{ color: GREY, name: 'no cluster' }] };
  }
  if (mode === 'issue') {
    for (let i = 0; i < points.count; i++) colors[i] = issueColor(points, i, threshold);
    return {
      colors,
      legend: [
        { color: ISSUE_COLORS.keeper, name: 'duplicate keeper' },
        { color: ISSUE_COLORS.drop, name: 'duplicate to drop' },
        { color: ISSUE_COLORS.mislabel, name: `mislabel ≥ ${threshold}` },
        { color: ISSUE_COLORS.outlier, name: `outlier ≥ ${threshold}` },
        { color: GREY, name: 'no issue' },
      ],
    };
  }
  const scores = points[mode];
  for (let i = 0; i < points.count; i++) colors[i] = ramp(scores[i]);
  return { colors, legend: [0, 0.25, 0.5, 0.75, 1].map((v) => ({ color: ramp(v), name: v.toFixed(2) })) };
}

function issueColor(points: MapPoints, i: number, threshold: number): string {
  if (points.duplicate[i] === 1) return ISSUE_COLORS.keeper;
  if (points.duplicate[i] === 2) return ISSUE_COLORS.drop;
  if (points.mislabel[i] >= threshold) return ISSUE_COLORS.mislabel;
  if (points.outlier[i] >= threshold) return ISSUE_COLORS.outlier;
  return GREY;
}

/** Grey to red through orange; quantised to 1% so the canvas batches points by colour. */
export function ramp(value: number): string {
  const v = Math.round(Math.min(1, Math.max(0, value)) * 100) / 100;
  const r = Math.round(196 + (225 - 196) * v);
  const g = Math.round(200 + (50 - 200) * v);
  const b = Math.round(207 + (60 - 207) * v);
  return `rgb(${r},${g},${b})`;
}
