/**
 * Keeping an IndexedDB transaction alive while WebCrypto works (docs/security.md §3 "Records at rest").
 *
 * A transaction commits as soon as control returns to the event loop with none of its requests pending, and
 * WebCrypto answers in promises that IndexedDB does not wait for. So while the crypto runs, one cheap request
 * (a read of a key no store holds) is always pending on the transaction; when the crypto is done, `next`
 * runs at once if the transaction is still active (Chromium answers WebCrypto within the same task), else
 * from the next pump request's success event, where the transaction is active again. Either way `next`, and
 * whatever its caller chains on it in microtasks, may issue requests on the transaction.
 */

/** A key no row has: every store here is keyed by strings or positive integers. */
const PUMP_KEY = -Infinity;

export function afterCrypto<T, R>(trans: IDBTransaction, store: string, work: Promise<T>, next: (value: T) => R | PromiseLike<R>): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    const os = trans.objectStore(store);
    let outcome: { ok: true; value: T } | { ok: false; error: unknown } | null = null;
    let finished = false;

    const finish = (): void => {
      if (finished || outcome === null) return;
      finished = true;
      if (!outcome.ok) {
        reject(outcome.error);
        return;
      }
      try {
        resolve(next(outcome.value));
      } catch (err) {
        reject(err);
      }
    };

    const pump = (): void => {
      const req = os.get(PUMP_KEY);
      req.onsuccess = () => {
        if (outcome !== null) finish();
        else if (!finished) pump();
      };
      req.onerror = (ev) => {
        ev.preventDefault();
        ev.stopPropagation();
        if (finished) return;
        finished = true;
        reject(req.error ?? new Error('the transaction ended while its records were being sealed or opened'));
      };
    };

    pump();
    work.then(
      (value) => {
        outcome = { ok: true, value };
        if (isActive(os)) finish();
      },
      (error: unknown) => {
        outcome = { ok: false, error };
        if (isActive(os)) finish();
      },
    );
  });
}

/** Whether requests may be placed now (IndexedDB has no property for it: placing one is the test). */
function isActive(os: IDBObjectStore): boolean {
  try {
    os.count(PUMP_KEY);
    return true;
  } catch {
    return false;
  }
}
