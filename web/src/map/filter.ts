import { tokens } from '../query.ts';

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const MAP_TOKEN = /^mapx|^mapy/i;
const round = (v: number) => Math.min(1, Math.max(0, v)).toFixed(4);

/**
 * A box on the map as conditions of the search box (mapx/mapy ranges): the grid, the listing and the export
 * all read them, and the link keeps the selection. A previous box is replaced, other conditions stay.
 */
export function withBox(query: string, box: Box): string {
  const kept = tokens(query).filter((token) => !MAP_TOKEN.test(token));
  const ranges = [
    `mapx>=${round(Math.min(box.x0, box.x1))}`,
    `mapx<=${round(Math.max(box.x0, box.x1))}`,
    `mapy>=${round(Math.min(box.y0, box.y1))}`,
    `mapy<=${round(Math.max(box.y0, box.y1))}`,
  ];
  return [...kept, ...ranges].join(' ');
}

/** The box a query selects, if it has one (so the map can draw the current selection). */
export function boxOf(query: string): Box | null {
  const box: Partial<Box> = {};
  for (const token of tokens(query)) {
    const match = /^map([xy])(>=|<=)([0-9.]+)$/i.exec(token);
    if (!match) continue;
    const axis = match[1].toLowerCase();
    const key = `${axis}${match[2] === '>=' ? 0 : 1}` as keyof Box;
    box[key] = Number(match[3]);
  }
  const complete = ['x0', 'y0', 'x1', 'y1'].every((key) => Number.isFinite(box[key as keyof Box]));
  return complete ? (box as Box) : null;
}
