/**
 * A uniform grid over the unit square: hover asks for the nearest point under the cursor, which then costs the
 * few points of nearby cells instead of all of them. Building is O(n); a query is O(points in 3x3 cells).
 */
export interface SpatialIndex {
  nearest(x: number, y: number, radius: number): number;
  within(x0: number, y0: number, x1: number, y1: number): number[];
}

export function gridIndex(xs: Float32Array, ys: Float32Array): SpatialIndex {
  const n = xs.length;
  const side = Math.max(1, Math.ceil(Math.sqrt(n / 4)));
  const cellOf = (v: number) => Math.min(side - 1, Math.max(0, Math.floor(v * side)));
  const starts = new Uint32Array(side * side + 1);
  for (let i = 0; i < n; i++) starts[cellOf(ys[i]) * side + cellOf(xs[i]) + 1]++;
  for (let c = 0; c < side * side; c++) starts[c + 1] += starts[c];
  const fill = starts.slice(0, side * side);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[fill[cellOf(ys[i]) * side + cellOf(xs[i])]++] = i;

  const visit = (x0: number, y0: number, x1: number, y1: number, each: (i: number) => void) => {
    for (let cy = cellOf(y0); cy <= cellOf(y1); cy++)
      for (let cx = cellOf(x0); cx <= cellOf(x1); cx++) {
        const cell = cy * side + cx;
        for (let k = starts[cell]; k < starts[cell + 1]; k++) each(order[k]);
      }
  };
  return {
    nearest(x, y, radius) {
      let best = -1;
      let bestDistance = radius * radius;
      visit(x - radius, y - radius, x + radius, y + radius, (i) => {
        const d = (xs[i] - x) ** 2 + (ys[i] - y) ** 2;
        if (d <= bestDistance) {
          bestDistance = d;
          best = i;
        }
      });
      return best;
    },
    within(x0, y0, x1, y1) {
      const found: number[] = [];
      visit(x0, y0, x1, y1, (i) => {
        if (xs[i] >= x0 && xs[i] <= x1 && ys[i] >= y0 && ys[i] <= y1) found.push(i);
      });
      return found;
    },
  };
}
