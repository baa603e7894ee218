/**
 * The sync benchmarks, in the order they run (run.ts loads this list): the initial sync first (its device
 * is then device B of the incremental bench; the sealing overhead compares another first sync with it), the push bench last (it adds records to the server).
 * They share one seeded server (fixture.ts), closed by closeSyncFixture() at the end of the run. The
 * report bench (report.bench.ts) and the audit viewer's (audit.bench.ts) need no browser and seed their own
 * schemas: run.ts runs them first.
 */
import type { BrowserBench, NodeBench } from '../support';
import initial from './initial.bench';
import cryptoInitial from './crypto.bench';
import incremental from './incremental.bench';
import push from './push.bench';
import report from './report.bench';
import audit from './audit.bench';

export { closeSyncFixture } from './fixture';

export const syncBenches: readonly BrowserBench[] = [initial, cryptoInitial, incremental, push];

/** Server benchmarks that need no browser (run.ts runs them with the Node-only ones). */
export const syncNodeBenches: readonly NodeBench[] = [report, audit];
