/**
 * Builds a report Table (definitions.ts) row by row: each added id counts in its cell, a total is computed
 * like a row over all of them (never by adding rows), and distinct columns count people once.
 *
 * A cell's ids are sorted; ids added in order need no sorting. The total's ids are kept as they are added,
 * so a caller that adds in id order (definitions.ts does) gets every total without sorting the 45,000 ids of
 * a column again; the total is the same either way.
 */
import type { Cell, Table } from './definitions';

function isSorted(ids: readonly string[]): boolean {
  for (let i = 1; i < ids.length; i++) if ((ids[i - 1] as string) > (ids[i] as string)) return false;
  return true;
}

export class TableBuilder<C extends string> {
  private readonly rows = new Map<string, Record<C, string[]>>();
  private readonly sums = new Map<string, Record<C, number>>();
  /** Every id added per column, in the order added (the total's ids when every row is built). */
  private readonly all: Record<C, string[]>;
  private readonly allSums: Record<C, number>;
  constructor(private readonly columns: readonly C[]) {
    this.all = Object.fromEntries(columns.map((c) => [c, []])) as unknown as Record<C, string[]>;
    this.allSums = Object.fromEntries(columns.map((c) => [c, 0])) as unknown as Record<C, number>;
  }

  private row(key: string): { ids: Record<C, string[]>; sums: Record<C, number> } {
    let ids = this.rows.get(key);
    let sums = this.sums.get(key);
    if (!ids || !sums) {
      ids = Object.fromEntries(this.columns.map((c) => [c, []])) as unknown as Record<C, string[]>;
      sums = Object.fromEntries(this.columns.map((c) => [c, 0])) as unknown as Record<C, number>;
      this.rows.set(key, ids);
      this.sums.set(key, sums);
    }
    return { ids, sums };
  }

  /** Ensures a row exists (a community with nothing in it still shows). */
  touch(key: string): void {
    this.row(key);
  }

  /** Counts `id` under column `c` of row `key`, adding `value` (1 for a count). */
  add(key: string, c: C, id: string, value = 1): void {
    const r = this.row(key);
    r.ids[c].push(id);
    r.sums[c] += value;
    this.all[c].push(id);
    this.allSums[c] += value;
  }

  build(keys?: readonly string[], distinct: readonly C[] = []): Table<C> {
    const order = keys ?? [...this.rows.keys()].sort();
    // Ids are unique within a cell except in the distinct (people) columns; most arrive sorted already.
    const cellOf = (ids: string[], n: number, c: C): Cell => {
      const isDistinct = distinct.includes(c);
      const list = isDistinct ? [...new Set(ids)] : ids;
      if (!isSorted(list)) list.sort();
      return { n: isDistinct ? list.length : n, ids: list };
    };
    const rows = order.map((key) => {
      const r = this.row(key);
      return { key, cells: Object.fromEntries(this.columns.map((c) => [c, cellOf(r.ids[c], r.sums[c], c)])) as Record<C, Cell> };
    });
    const everyRow = order.length === this.rows.size && order.every((key) => this.rows.has(key));
    const total = Object.fromEntries(
      this.columns.map((c) => {
        if (everyRow) return [c, cellOf([...this.all[c]], this.allSums[c], c)];
        const ids: string[] = [];
        let n = 0;
        for (const key of order) {
          const r = this.row(key);
          for (const id of r.ids[c]) ids.push(id);
          n += r.sums[c];
        }
        return [c, cellOf(ids, n, c)];
      }),
    ) as Record<C, Cell>;
    return { columns: this.columns, rows, total };
  }
}
