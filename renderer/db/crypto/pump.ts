/**
 * Keeping an IndexedDB transaction alive while WebCrypto works (docs/security.md §3 "Records at rest").
 *
 * A transaction commits as soon as control returns to the event loop with none of its requests pending, and
 * WebCrypto answers in promises that IndexedDB does not wait for. Chromium answers them within a microtask or
 * two, still in the transaction's active window: then `next` runs at once, with no extra request. Where the
 * crypto takes longer (other engines, Node in tests), after a few microtasks one cheap request (a read of a
 * key no store holds) is kept pending on the transaction until the crypto is done, and `next` runs from that
 * request's success event, where the transaction is active again. Either way `next`, and whatever its caller
 * chains on it in microtasks, may issue requests on the transaction.
 */

/** A key no row has: every store here is keyed by strings or positive integers. */
const PUMP_KEY = -Infinity;
/** Microtasks to wait for the crypto before pumping (Chromium needs one). */
const PATIENCE = 4;

export function afterCrypto<T, R>(trans: IDBTransaction, store: string, work: Promise<T>, next: (value: T) => R | PromiseLike<R>): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    const os = trans.objectStore(store);
    let outcome: { ok: true; value: T } | { ok: false; error: unknown } | null = null;
    let finished = false;
    let pumping = false;

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

    const fail = (error: unknown): void => {
      if (finished) return;
      finished = true;
      reject(error);
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
        fail(req.error ?? new Error('the transaction ended while its records were being sealed or opened'));
      };
    };

    const settled = (): void => {
      if (isActive(os)) finish();
      // Inactive: the pending pump's success finishes. Without one the transaction is gone (cannot happen: the
      // pump starts within the active window, before it closes).
      else if (!pumping) fail(new Error('the transaction ended while its records were being sealed or opened'));
    };

    let ticks = 0;
    const wait = (): void => {
      if (outcome !== null || finished) return;
      if (ticks++ < PATIENCE) {
        void Promise.resolve().then(wait);
        return;
      }
      pumping = true;
      pump();
    };
    void Promise.resolve().then(wait);

    work.then(
      (value) => {
        outcome = { ok: true, value };
        settled();
      },
      (error: unknown) => {
        outcome = { ok: false, error };
        settled();
      },
    );
  });
}

/**
 * Whether requests may be placed now, without placing one: a read without a key is refused, with
 * TransactionInactiveError while inactive and DataError (the missing key) while active.
 */
function isActive(os: IDBObjectStore): boolean {
  try {
    os.get(undefined as unknown as IDBValidKey);
    return true;
  } catch (err) {
    const name = err instanceof Error ? err.name : '';
    return name !== 'TransactionInactiveError' && name !== 'InvalidStateError';
  }
}
