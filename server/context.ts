/** What every route needs: the database, configuration, the clock (injectable for tests) and change events. */
import { EventEmitter } from 'node:events';
import type { ServerConfig } from './config';
import type { Db } from './db/db';
import type { ReportProjector } from './reports/projector';

/**
 * In-process notification that pushes committed: `changed` carries the latest seq. One process only; a
 * multi-instance deployment would fan this out with PostgreSQL LISTEN/NOTIFY (NOTIFY inside the push
 * transaction is delivered at commit) and feed each instance's emitter from its LISTEN connection.
 */
export class SyncEvents extends EventEmitter<{ changed: [seq: number] }> {
  constructor() {
    super();
    this.setMaxListeners(0); // one listener per open SSE stream
  }
}

export interface AppContext {
  db: Db;
  config: ServerConfig;
  now: () => number;
  events: SyncEvents;
  /** The report projections' upkeep: triggered after every committed push, awaited by every report read. */
  reportFacts: ReportProjector;
}
