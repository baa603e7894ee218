/**
 * One table of report figures: a row per community, caregiver or month, the totals row computed by the
 * definitions (never by adding rounded rows), and every non-zero number a button that opens the records
 * behind it (DrillDown.tsx). Derived columns (e.g. visits per person per month) are text, not buttons.
 */
import type { Cell, Table } from '../../../shared/reports/definitions';
import { idKindOf, type IdKind, type TableName } from '../../../shared/reports/present';
import { useI18n } from '../../i18n/I18nProvider';

export interface Drill {
  kind: IdKind;
  ids: readonly string[];
  column: string;
  row: string;
}

export interface Derived<C extends string> {
  key: string;
  label: string;
  value(cells: Record<C, Cell>): string;
}

export interface FigureTableProps<C extends string> {
  name: TableName;
  title: string;
  rowHead: string;
  table: Table<C>;
  rowLabel(key: string): string;
  columnLabel(c: C): string;
  /** The cell's text (default: the count). */
  display?: (c: C, cell: Cell) => string;
  derived?: readonly Derived<C>[];
  onDrill(d: Drill): void;
}

export const TOTAL_KEY = '__total';

export function FigureTable<C extends string>({ name, title, rowHead, table, rowLabel, columnLabel, display, derived = [], onDrill }: FigureTableProps<C>) {
  const { t } = useI18n();
  const headingId = `report-${name}-title`;
  const text = (c: C, cell: Cell): string => (display ? display(c, cell) : String(cell.n));
  const cellOf = (rowKey: string, row: string, c: C, cell: Cell) => (
    <td key={c} className="num" data-n={cell.n}>
      {cell.ids.length === 0 ? (
        text(c, cell)
      ) : (
        <button
          type="button"
          className="link-button"
          onClick={() => onDrill({ kind: idKindOf(name, c), ids: cell.ids, column: columnLabel(c), row })}
          data-testid={`cell-${name}-${rowKey}-${c}`}
          data-value={text(c, cell)}
        >
          {text(c, cell)}
          <span className="sr-only"> {t('reports.drill.open', { column: columnLabel(c), row })}</span>
        </button>
      )}
    </td>
  );
  return (
    <section className="report-block" aria-labelledby={headingId} data-testid={`report-${name}`}>
      <h2 id={headingId}>{title}</h2>
      <div className="report-table-wrap">
        <table className="report-table">
          <thead>
            <tr>
              <th scope="col">{rowHead}</th>
              {table.columns.map((c) => (
                <th scope="col" key={c} className="num">
                  {columnLabel(c)}
                </th>
              ))}
              {derived.map((d) => (
                <th scope="col" key={d.key} className="num">
                  {d.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((r) => {
              const label = rowLabel(r.key);
              return (
                <tr key={r.key} data-testid="report-row" data-key={r.key}>
                  <th scope="row">{label}</th>
                  {table.columns.map((c) => cellOf(r.key, label, c, r.cells[c]))}
                  {derived.map((d) => (
                    <td key={d.key} className="num">
                      {d.value(r.cells)}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr data-testid="report-total">
              <th scope="row">{t('reports.total')}</th>
              {table.columns.map((c) => cellOf(TOTAL_KEY, t('reports.total'), c, table.total[c]))}
              {derived.map((d) => (
                <td key={d.key} className="num">
                  {d.value(table.total)}
                </td>
              ))}
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}
