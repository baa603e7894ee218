/**
 * A one-shot status for the visit page after a save ("visit saved", "correction saved"): the form navigates
 * away, so the message travels in memory keyed by visit id and is shown once.
 */
export type VisitFlash = 'saved' | 'amended';

const flashes = new Map<string, VisitFlash>();

export function setVisitFlash(visitId: string, kind: VisitFlash): void {
  flashes.set(visitId, kind);
}

export function peekVisitFlash(visitId: string): VisitFlash | null {
  return flashes.get(visitId) ?? null;
}

export function clearVisitFlash(visitId: string): void {
  flashes.delete(visitId);
}
