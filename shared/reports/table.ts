/**
 * Builds a report Table (definitions.ts) row by row: each added id counts in its cell, a total is computed
 * like a row over all of them (never by adding rows), and distinct columns count people once.
 *
 * A cell's ids are sorted; ids added in order need no sorting. The total's ids are kept as they are added,
 * so a caller that adds in id order (definitions.ts does) gets every total without sorting the 45,000 ids of
 * a column again; the total is the same either way. Distinct columns keep a set as they go. A builder is
 * built once (build sorts its lists in place).
 */
import type { Cell, Table } from './definitions';

function isSorted(ids: readonly string[]): boolean {
  for (let i = 1; i < ids.length; i++) if ((ids[i - 1] as string) > (ids[i] as string)) return false;
  return true;
}

/** A row's cells by column position (arrays, not objects keyed by column: this is the hot path). */
interface RowState {
  ids: string[][];
  /** The distinct columns' ids, each once (their `ids` stay empty). */
  people: Set<string>[];
  sums: number[];
}

function rowState(n: number): RowState {
  return { ids: Array.from({ length: n }, () => []), people: Array.from({ length: n }, () => new Set<string>()), sums: new Array<number>(n).fill(0) };
}

export class TableBuilder<C extends string> {
  private readonly rows = new Map<string, RowState>();
  /** Every id added per column, in the order added (the total's ids when every row is built). */
  private readonly all: RowState;
  private readonly position = new Map<C, number>();
  private readonly distinct: boolean[];

  /** `distinct`: the columns that count people (each id once per cell), not events. */
  constructor(
    private readonly columns: readonly C[],
    distinct: readonly C[] = [],
  ) {
    columns.forEach((c, i) => this.position.set(c, i));
    this.all = rowState(columns.length);
    this.distinct = columns.map((c) => distinct.includes(c));
  }

  private row(key: string): RowState {
    let r = this.rows.get(key);
    if (r === undefined) {
      r = rowState(this.columns.length);
      this.rows.set(key, r);
    }
    return r;
  }

  /** Ensures a row exists (a community with nothing in it still shows). */
  touch(key: string): void {
    this.row(key);
  }

  /** Counts `id` under column `c` of row `key`, adding `value` (1 for a count; a distinct column counts ids). */
  add(key: string, c: C, id: string, value = 1): void {
    const r = this.row(key);
    const i = this.position.get(c) as number;
    if (this.distinct[i] === true) {
      (r.people[i] as Set<string>).add(id);
      (this.all.people[i] as Set<string>).add(id);
      return;
    }
    (r.ids[i] as string[]).push(id);
    (this.all.ids[i] as string[]).push(id);
    r.sums[i] = (r.sums[i] as number) + value;
    this.all.sums[i] = (this.all.sums[i] as number) + value;
  }

  private cellOf(r: RowState, i: number): Cell {
    if (this.distinct[i] === true) {
      const list = [...(r.people[i] as Set<string>)];
      if (!isSorted(list)) list.sort();
      return { n: list.length, ids: list };
    }
    const list = r.ids[i] as string[];
    if (!isSorted(list)) list.sort();
    return { n: r.sums[i] as number, ids: list };
  }

  private cells(r: RowState): Record<C, Cell> {
    return Object.fromEntries(this.columns.map((c, i) => [c, this.cellOf(r, i)])) as Record<C, Cell>;
  }

  build(keys?: readonly string[]): Table<C> {
    const order = keys ?? [...this.rows.keys()].sort();
    const rows = order.map((key) => ({ key, cells: this.cells(this.row(key)) }));
    // The total over the rows shown: what was added to all of them, or (some rows left out) their union.
    let total = this.all;
    if (!(order.length === this.rows.size && order.every((key) => this.rows.has(key)))) {
      total = rowState(this.columns.length);
      for (const key of order) {
        const r = this.row(key);
        this.columns.forEach((_, i) => {
          for (const id of r.ids[i] as string[]) (total.ids[i] as string[]).push(id);
          for (const id of r.people[i] as Set<string>) (total.people[i] as Set<string>).add(id);
          total.sums[i] = (total.sums[i] as number) + (r.sums[i] as number);
        });
      }
    }
    return { columns: this.columns, rows, total: this.cells(total) };
  }
}
