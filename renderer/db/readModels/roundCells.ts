/**
 * The week planner's read model (`roundCells`, schema v12): one row per caregiver-day that has round visits,
 * equal to shared/rounds/grid.ts cellOf over that day's records as committed. The planner's grid reads a
 * week's rows (~1,000) instead of its round visits (~4,000 full records).
 *
 * How one mutation of roundVisits is followed (model.ts runs this inside the mutation's transaction): the
 * caregiver-days it touches are those of the rows it replaces or removes (read just before it) and of the
 * rows it writes, so a visit moved to another day updates both days; each is recomputed from its records,
 * read through the [caregiverId+date] index, and written, or removed when nothing live is left on it.
 */
import type { DBCore, DBCoreMutateRequest, DBCoreMutateResponse, DBCoreTransaction } from 'dexie';
import { cellKey, cellOf, type CellSource, type RoundCell } from '../../../shared/rounds/cells';
import { equalRange, writeRows } from './core';
import type { ReadModel } from './model';

export const ROUND_VISITS = 'roundVisits';
export const ROUND_CELLS = 'roundCells';

type Row = CellSource & { id: string };

function dayOf(row: unknown): [string, string] | undefined {
  const r = row as Partial<Row> | undefined;
  return typeof r?.caregiverId === 'string' && typeof r.date === 'string' ? [r.caregiverId, r.date] : undefined;
}

/** The caregiver-day's summary from its records in `trans` (null: nothing live on it). */
export function recomputeCell(core: DBCore, trans: DBCoreTransaction, caregiverId: string, date: string): Promise<RoundCell | null> {
  const table = core.table(ROUND_VISITS);
  const index = table.schema.getIndexByKeyPath(['caregiverId', 'date']);
  if (!index) throw new Error('roundVisits: no index on [caregiverId+date]');
  return table.query({ trans, values: true, query: { index, range: equalRange([caregiverId, date]) } }).then((r) => cellOf(r.result as Row[]));
}

/** Keeps roundCells in step with one mutation of roundVisits (see the header). */
export function followRoundCells(core: DBCore, _table: string, req: DBCoreMutateRequest, _res: DBCoreMutateResponse, before: readonly (unknown | undefined)[]): Promise<void> {
  const days = new Map<string, [string, string]>();
  const add = (row: unknown): void => {
    const d = dayOf(row);
    if (d) days.set(cellKey(d[0], d[1]), d);
  };
  before.forEach(add);
  if (req.type === 'add' || req.type === 'put') req.values.forEach(add);
  const keys = [...days.keys()];
  return Promise.all(keys.map((k) => recomputeCell(core, req.trans, ...(days.get(k) as [string, string])))).then((cells) => {
    const puts: RoundCell[] = [];
    const gone: string[] = [];
    cells.forEach((c, i) => {
      if (c === null) gone.push(keys[i] as string);
      else puts.push(c);
    });
    return writeRows(core, req.trans, ROUND_CELLS, puts, gone);
  });
}

export const roundCellsModel: ReadModel = {
  name: 'roundCells',
  store: ROUND_CELLS,
  sources: [ROUND_VISITS],
  reads: [ROUND_VISITS],
  needsRowsBefore: true,
  follow: followRoundCells,
};
