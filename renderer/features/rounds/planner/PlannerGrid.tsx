/**
 * The week planner's grid (docs/domain.md §9): one row per caregiver, one cell per day (visits, hours, km
 * and warnings, from shared/rounds/grid.ts), her week's total. A cell opens its day; while a visit row of
 * the open day is dragged, every cell is a drop target (highlighted under the pointer) and a drop asks the
 * page to move the visit there (move.tsx, the same path as the keyboard move).
 *
 * Virtualised: rows have a fixed height and only those in or near the scrolling container's view are in the
 * DOM, between two spacer rows that keep the scroll height; the table keeps its semantics, with
 * aria-rowcount for all the caregivers and each row's aria-rowindex. A row focused by Tab is scrolled into
 * view by the browser, which brings the next rows in.
 */
import { memo, useCallback, useRef, useState, type DragEvent } from 'react';
import type { CellWarning, GridRow } from '../../../../shared/rounds/grid';
import { useI18n } from '../../../i18n/I18nProvider';
import { useRowWindow } from '../../../ui/useRowWindow';

/** Row height, px (planner.css keeps the cells inside it). */
export const ROW_HEIGHT = 60;
/** Rows drawn beyond the view on each side: covers a wheel step and the header's height. */
const OVERSCAN = 4;

type Cell = { caregiverId: string; date: string };

interface Props {
  rows: readonly GridRow[];
  dates: readonly string[];
  /** Each date's column label. */
  dayLabels: readonly string[];
  holidays: ReadonlySet<string>;
  open: Cell | null;
  onOpen(cell: Cell): void;
  /** A visit is being dragged from this caregiver-day (cells accept drops), or null. */
  dragFrom: Cell | null;
  onDrop(cell: Cell): void;
}

function hours(minutes: number): string {
  return (Math.round((minutes / 60) * 10) / 10).toFixed(1);
}

export function PlannerGrid({ rows, dates, dayLabels, holidays, open, onOpen, dragFrom, onDrop }: Props) {
  const { t } = useI18n();
  const wrapRef = useRef<HTMLDivElement>(null);
  const [over, setOver] = useState<Cell | null>(null);
  const { rows: items, totalSize } = useRowWindow({
    count: rows.length,
    rowHeight: ROW_HEIGHT,
    overscan: OVERSCAN,
    scrollRef: wrapRef,
    // Before the container is measured: a screenful, so the first render already draws the first rows.
    initialHeight: Math.round(window.innerHeight * 0.6),
  });
  const top = items[0]?.start ?? 0;
  const bottom = totalSize - (items[items.length - 1]?.end ?? 0);
  const dragging = dragFrom !== null;
  const overCell = useCallback((cell: Cell | null) => setOver((o) => (o?.caregiverId === cell?.caregiverId && o?.date === cell?.date ? o : cell)), []);
  const drop = useCallback(
    (cell: Cell) => {
      setOver(null);
      onDrop(cell);
    },
    [onDrop],
  );
  const columns = dates.length + 2;

  return (
    <div className="planner-grid-wrap" ref={wrapRef} data-testid="planner-grid-wrap">
      <table className="planner-grid" data-testid="planner-grid" aria-label={t('planner.gridLabel')} aria-rowcount={rows.length + 1} data-dragging={dragging || undefined}>
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col">{t('planner.caregiver')}</th>
            {dates.map((d, i) => (
              <th scope="col" key={d} className={holidays.has(d) ? 'holiday' : undefined}>
                {dayLabels[i]}
              </th>
            ))}
            <th scope="col">{t('planner.hoursWeek')}</th>
          </tr>
        </thead>
        <tbody>
          {top > 0 ? (
            <tr className="planner-spacer" aria-hidden="true">
              <td colSpan={columns} style={{ height: top }} />
            </tr>
          ) : null}
          {items.map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            return (
              <Row
                key={row.caregiverId}
                row={row}
                index={item.index}
                dayLabels={dayLabels}
                openDate={open?.caregiverId === row.caregiverId ? open.date : null}
                overDate={over?.caregiverId === row.caregiverId ? over.date : null}
                dragging={dragging}
                onOpen={onOpen}
                onOver={overCell}
                onDrop={drop}
              />
            );
          })}
          {bottom > 0 ? (
            <tr className="planner-spacer" aria-hidden="true">
              <td colSpan={columns} style={{ height: bottom }} />
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}

interface RowProps {
  row: GridRow;
  index: number;
  dayLabels: readonly string[];
  openDate: string | null;
  overDate: string | null;
  dragging: boolean;
  onOpen(cell: Cell): void;
  onOver(cell: Cell | null): void;
  onDrop(cell: Cell): void;
}

/** One caregiver's week. Memoised: a drag over another row, or scrolling, does not render it again. */
const Row = memo(function Row({ row, index, dayLabels, openDate, overDate, dragging, onOpen, onOver, onDrop }: RowProps) {
  const { t } = useI18n();
  const warningText = (w: CellWarning): string => t(`planner.warn.${w}`);
  const target = (date: string) =>
    dragging
      ? {
          onDragOver: (e: DragEvent) => {
            e.preventDefault();
            e.dataTransfer.dropEffect = 'move';
            onOver({ caregiverId: row.caregiverId, date });
          },
          onDragLeave: (e: DragEvent) => {
            if (!(e.relatedTarget instanceof Node && e.currentTarget.contains(e.relatedTarget))) onOver(null);
          },
          onDrop: (e: DragEvent) => {
            e.preventDefault();
            onDrop({ caregiverId: row.caregiverId, date });
          },
        }
      : {};
  return (
    <tr data-testid="planner-row" data-caregiver={row.caregiverId} aria-rowindex={index + 2} style={{ height: ROW_HEIGHT }}>
      <th scope="row">{row.name}</th>
      {row.cells.map((c, i) => {
        const day = dayLabels[i] ?? c.date;
        const label =
          c.warnings.length > 0
            ? t('planner.cellLabelWarn', { name: row.name, day, n: c.visits, warnings: c.warnings.map(warningText).join(', ') })
            : t('planner.cellLabel', { name: row.name, day, n: c.visits });
        const classes = [c.warnings.length > 0 ? 'warn' : '', overDate === c.date ? 'drop-over' : ''].filter(Boolean).join(' ');
        return (
          <td key={c.date} className={classes || undefined} {...target(c.date)} data-over={overDate === c.date || undefined}>
            <button
              type="button"
              className="planner-cell"
              aria-label={label}
              aria-expanded={openDate === c.date}
              onClick={() => onOpen({ caregiverId: row.caregiverId, date: c.date })}
              data-testid="planner-cell"
              data-date={c.date}
              data-visits={c.visits}
              data-warnings={c.warnings.join(' ')}
            >
              {c.visits === 0 ? t('planner.cellEmpty') : t('planner.cell', { n: c.visits, hours: hours(c.minutes), km: c.km.toFixed(1) })}
              {c.warnings.map((w) => (
                <span key={w} className="planner-warn">
                  {warningText(w)}
                </span>
              ))}
            </button>
          </td>
        );
      })}
      <td className={row.overCap ? 'warn' : undefined} data-testid="planner-week-total">
        {hours(row.weekMinutes)} · {t('planner.visitsOfCap', { n: row.weekVisits, cap: row.weeklyVisitCap })}
        {row.overCap ? <span className="planner-warn">{t('planner.overCap')}</span> : null}
      </td>
    </tr>
  );
});
