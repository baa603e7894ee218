/**
 * Which fields of a change this device sent were replaced by someone else's (docs/sync-protocol.md §9: the
 * later stamp wins per field, and the server opens a conflict for a care manager): the fields whose value
 * on the device now, after the pull, is not what was sent. A field still equal to what was sent won (or was
 * set back to it) and is not reported.
 */
import { jsonEqual } from '../json';

export interface ReplacedField {
  field: string;
  sent: unknown;
  now: unknown;
}

export function replacedFields(sent: Readonly<Record<string, unknown>>, current: Readonly<Record<string, unknown>> | undefined): ReplacedField[] {
  if (current === undefined) return [];
  const out: ReplacedField[] = [];
  for (const [field, value] of Object.entries(sent)) {
    if (!jsonEqual(value, current[field] ?? null)) out.push({ field, sent: value, now: current[field] ?? null });
  }
  return out;
}
