/**
 * Windowing for a list of rows of one fixed height in a scrolling element: which rows are in or near its view,
 * so only those are drawn (the register's 10,000 residents, the planner's caregivers). The same rows as the
 * general virtualisers give for fixed sizes (first row whose bottom passes the top of the view, last row whose
 * top is above its bottom, `overscan` more on each side, none while the element has no height), in a few
 * lines instead of a library in the first chunk (docs/architecture.md, "What loads first").
 *
 * The view is read when the element is laid out, on each scroll (rendered at once, so a fast scroll shows no
 * blank rows) and when it is resized. The page renders again only when the range of rows changes.
 */
import { useLayoutEffect, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';

export interface WindowRow {
  index: number;
  /** Offset of the row's top from the top of the list, px. */
  start: number;
  /** Offset of the row's bottom, px. */
  end: number;
}

interface Options {
  count: number;
  /** Every row's height, px. */
  rowHeight: number;
  /** Rows drawn beyond the view on each side. */
  overscan: number;
  scrollRef: RefObject<HTMLElement | null>;
  /** The view's height before the element is measured, px (0: no rows until then). */
  initialHeight?: number;
}

/** The rows in view, unclamped: [first, last] by index, or null when the view has no height. */
export type Range = readonly [number, number] | null;

export function rangeOf(top: number, height: number, rowHeight: number): Range {
  if (height <= 0) return null;
  return [Math.floor(top / rowHeight), Math.ceil((top + height) / rowHeight) - 1];
}

export function useRowWindow({ count, rowHeight, overscan, scrollRef, initialHeight = 0 }: Options): { rows: WindowRow[]; totalSize: number } {
  const [range, setRange] = useState<Range>(() => rangeOf(0, initialHeight, rowHeight));

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const read = () => {
      const next = rangeOf(el.scrollTop, el.clientHeight, rowHeight);
      setRange((r) => (r?.[0] === next?.[0] && r?.[1] === next?.[1] ? r : next));
    };
    read();
    const onScroll = () => flushSync(read);
    el.addEventListener('scroll', onScroll, { passive: true });
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(read);
    observer?.observe(el);
    return () => {
      el.removeEventListener('scroll', onScroll);
      observer?.disconnect();
    };
  }, [scrollRef, rowHeight]);

  return { rows: windowRows(range, count, rowHeight, overscan), totalSize: count * rowHeight };
}

/** The rows to draw for a range in view: clamped to the list, `overscan` more on each side. */
export function windowRows(range: Range, count: number, rowHeight: number, overscan: number): WindowRow[] {
  const rows: WindowRow[] = [];
  if (!range || count <= 0) return rows;
  const first = Math.max(0, Math.min(range[0], count - 1));
  const last = Math.max(first, Math.min(range[1], count - 1));
  for (let i = Math.max(0, first - overscan); i <= Math.min(count - 1, last + overscan); i++) rows.push({ index: i, start: i * rowHeight, end: (i + 1) * rowHeight });
  return rows;
}
