/**
 * Pure helpers for showing form errors: flattening react-hook-form's nested error tree into a list in field
 * order, and the DOM ids that tie an input to its hint and error text. No React, no DOM: unit-tested in node.
 */

export interface FlatError {
  /** Dotted field path as react-hook-form names it, e.g. 'address.postalCode', 'phones.1.number'. */
  path: string;
  /** The schema's code (an i18n key without the 'v.' prefix). */
  message: string;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}

/**
 * Every leaf error in `errors` (react-hook-form FieldErrors). A field-array error (e.g. "add at least one
 * allergy") sits under `root` and is reported at the array's own path. `ref` and `types` are metadata.
 */
export function flattenErrors(errors: unknown, prefix = ''): FlatError[] {
  if (!isRecord(errors)) return [];
  const out: FlatError[] = [];
  if (typeof errors.message === 'string' && typeof errors.type === 'string' && prefix !== '') {
    out.push({ path: prefix, message: errors.message });
    return out;
  }
  for (const [key, value] of Object.entries(errors)) {
    if (key === 'ref' || key === 'types' || value === undefined || value === null) continue;
    if (key === 'root') {
      if (isRecord(value) && typeof value.message === 'string') out.push({ path: prefix, message: value.message });
      continue;
    }
    out.push(...flattenErrors(value, prefix === '' ? key : `${prefix}.${key}`));
  }
  return out;
}

/** DOM id of a field's input: 'rf' + 'address.postalCode' → 'rf-address-postalCode'. */
export function fieldDomId(formPrefix: string, path: string): string {
  return `${formPrefix}-${path.replace(/\./g, '-')}`;
}

export const hintId = (id: string): string => `${id}-hint`;
export const errorId = (id: string): string => `${id}-error`;

/** aria-describedby for an input that may have a hint and an error (error last, so it is read last). */
export function describedBy(id: string, opts: { hint?: boolean; error?: boolean; extra?: string }): string | undefined {
  const ids = [opts.hint ? hintId(id) : null, opts.extra ?? null, opts.error ? errorId(id) : null].filter((x): x is string => x !== null);
  return ids.length ? ids.join(' ') : undefined;
}

/** "<label>: <message>": every error names its field (docs/architecture.md "Conventions" 12). */
export function labelledError(label: string, message: string): string {
  return `${label}: ${message}`;
}

function segmentRank(segment: string, order: readonly string[]): number {
  if (/^\d+$/.test(segment)) return Number(segment);
  const i = order.indexOf(segment);
  return i === -1 ? order.length : i;
}

/**
 * Orders dotted paths ('phones.1.number') by a form's layout, given its field names in screen order (row
 * indexes compare as numbers, unknown names go last); a parent sorts before its children.
 */
export function compareFieldPaths(a: string, b: string, order: readonly string[]): number {
  const as = a.split('.');
  const bs = b.split('.');
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    const d = segmentRank(as[i] ?? '', order) - segmentRank(bs[i] ?? '', order);
    if (d !== 0) return d;
  }
  return as.length - bs.length;
}

/** One line of an error summary: the control to focus and the full message naming its field. */
export interface SummaryItem {
  id: string;
  text: string;
}

export interface ShownErrors {
  /** The text under each field, by dotted path. */
  byPath: ReadonlyMap<string, string>;
  /** The summary above the form, in screen order. */
  summary: SummaryItem[];
  /** DOM id of the first field in screen order (focused after a failed submit), if any. */
  firstId: string | undefined;
}

/**
 * A form's errors ready to show, whatever form library produced them: sorted by screen order (`order`,
 * compareFieldPaths), each turned into its full text once (`text`, which names the field), and tied to its
 * control (`domId`). The first error of a path wins.
 */
export function showErrors<E extends { path: string }>(errors: readonly E[], opts: { order: readonly string[]; text(e: E): string; domId(path: string): string }): ShownErrors {
  const sorted = [...errors].sort((a, b) => compareFieldPaths(a.path, b.path, opts.order));
  const byPath = new Map<string, string>();
  const summary: SummaryItem[] = [];
  for (const e of sorted) {
    if (byPath.has(e.path)) continue;
    const text = opts.text(e);
    byPath.set(e.path, text);
    summary.push({ id: opts.domId(e.path), text });
  }
  return { byPath, summary, firstId: summary[0]?.id };
}

/** The DOM id of the first field in screen order that react-hook-form's `errors` tree names, if any. */
export function firstErrorId(errors: unknown, order: readonly string[], domId: (path: string) => string): string | undefined {
  return showErrors(flattenErrors(errors), { order, text: () => '', domId }).firstId;
}
