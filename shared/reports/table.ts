/**
 * Builds a report Table (definitions.ts) row by row: each added id counts in its cell, a total is computed
 * like a row over all of them (never by adding rows), and distinct columns count people once.
 */
import type { Cell, Table } from './definitions';

function isSorted(ids: readonly string[]): boolean {
  for (let i = 1; i < ids.length; i++) if ((ids[i - 1] as string) > (ids[i] as string)) return false;
  return true;
}

export class TableBuilder<C extends string> {
  private readonly rows = new Map<string, Record<C, string[]>>();
  private readonly sums = new Map<string, Record<C, number>>();
  constructor(private readonly columns: readonly C[]) {}

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
    const total = Object.fromEntries(
      this.columns.map((c) => {
        const ids: string[] = [];
        let n = 0;
        for (const key of order) {
          const r = this.row(key);
          ids.push(...r.ids[c]);
          n += r.sums[c];
        }
        return [c, cellOf(ids, n, c)];
      }),
    ) as Record<C, Cell>;
    return { columns: this.columns, rows, total };
  }
}
