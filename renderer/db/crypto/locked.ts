/** Whether `err` is the keyring's `locked` error (docs/security.md §3), however Dexie wrapped it. */
export function isLocked(err: unknown): boolean {
  let cur: unknown = err;
  for (let i = 0; i < 4 && typeof cur === 'object' && cur !== null; i++) {
    if ((cur as { code?: unknown }).code === 'locked') return true;
    cur = (cur as { inner?: unknown; cause?: unknown }).inner ?? (cur as { cause?: unknown }).cause;
  }
  return false;
}
