/**
 * Whether the page the app opened on has painted its first data, for background work that shares the store
 * and the main thread with that page's first reads and should come after them: the read models' start-up
 * check (StoreProvider) counts every store and recomputes a dozen residents from their records, which on a
 * full device pushes back the Alerts page's read of 10,000 rows and the register's first rows.
 *
 * Pages that open on a big read say so (`firstScreenShown`, once their data or their "preparing" state is on
 * screen); on any other page the work starts after `fallbackMs`. Once per document.
 */
let shown = false;
const waiting: (() => void)[] = [];

/** The first page's data (or its "preparing" state) has been painted. */
export function firstScreenShown(): void {
  if (shown) return;
  shown = true;
  for (const run of waiting.splice(0)) run();
}

/** Runs `run` once the first page has shown its data, or after `fallbackMs`, whichever comes first. */
export function afterFirstScreen(run: () => void, fallbackMs: number): void {
  if (shown) {
    run();
    return;
  }
  let done = false;
  const once = (): void => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    run();
  };
  const timer = setTimeout(once, fallbackMs);
  waiting.push(once);
}
