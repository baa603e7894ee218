/**
 * The sync benchmarks, in the order they run (run.ts loads this list): the initial sync first (its device
 * is then device B of the incremental bench), the push bench last (it adds records to the server).
 * They share one seeded server (fixture.ts), closed by closeSyncFixture() at the end of the run.
 */
import type { BrowserBench } from '../support';
import initial from './initial.bench';
import incremental from './incremental.bench';
import push from './push.bench';

export { closeSyncFixture } from './fixture';

export const syncBenches: readonly BrowserBench[] = [initial, incremental, push];
