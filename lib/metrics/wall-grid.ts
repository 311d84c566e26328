// The wall screen's grid: how many columns and rows so that `count` tiles fill the area, each as
// large as it can be at roughly the tile's preferred shape. Every column count is tried (rows
// follow); the winner gives the largest tile once fitted to `aspect` (width / height), ties
// going to the layout with fewer empty cells.
export interface WallGrid {
  columns: number;
  rows: number;
}

export interface WallGridOptions {
  /** Preferred tile shape, width / height. */
  aspect?: number;
  /** Space between tiles, in the same unit as width and height. */
  gap?: number;
}

export function wallGrid(count: number, width: number, height: number, { aspect = 1.6, gap = 0 }: WallGridOptions = {}): WallGrid {
  if (count <= 1 || width <= 0 || height <= 0) return { columns: 1, rows: Math.max(1, count) };
  let best: WallGrid & { size: number; empty: number } = { columns: 1, rows: count, size: -1, empty: 0 };
  for (let columns = 1; columns <= count; columns++) {
    const rows = Math.ceil(count / columns);
    // A column count that leaves a whole row empty is the same grid as a smaller one.
    if ((columns - 1) * rows >= count && columns > 1 && Math.ceil(count / (columns - 1)) === rows) continue;
    const w = (width - gap * (columns - 1)) / columns;
    const h = (height - gap * (rows - 1)) / rows;
    if (w <= 0 || h <= 0) continue;
    const size = Math.min(w, h * aspect);
    const empty = columns * rows - count;
    if (size > best.size + 1e-9 || (Math.abs(size - best.size) <= 1e-9 && empty < best.empty)) best = { columns, rows, size, empty };
  }
  return { columns: best.columns, rows: best.rows };
}
