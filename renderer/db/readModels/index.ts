/**
 * The read models (docs/architecture.md "Read models"): small stores derived from the records and kept in
 * step with them in the same transaction as every write, so whole-device screens read 10,000 small rows
 * instead of every record, and the week planner a week's ~1,000 caregiver-day rows instead of its round visits, and the funding reports a period's facts instead of every visit. Each is listed here once; the middleware, the rebuild and the start-up check
 * cover them all.
 */
import { digestsModel } from './digests';
import { readModelsMiddleware, type ReadModel } from './model';
import { registerRowsModel } from './registerRowsModel';
import { reportResidentsModel, reportVisitsModel } from './reportRows';
import { roundCellsModel } from './roundCells';

export const READ_MODELS: readonly ReadModel[] = [registerRowsModel, digestsModel, roundCellsModel, reportResidentsModel, reportVisitsModel];

/** Installed by CareRoundsDb. */
export const readModels = readModelsMiddleware(READ_MODELS);

export { suspendReadModels, type ReadModel } from './model';
export { checkReadModels, ensureReadModels, installDigests, rebuildReadModels, type CheckResult, type RebuildOptions, type RebuildProgress } from './rebuild';
export { READ_MODELS_VERSION } from './marker';
export { DIGESTS, DIGEST_SOURCES } from './core';
export { checkAndRepair, getReadModelStatus, rebuildWithStatus, subscribeReadModelStatus, type ReadModelStatus } from './status';
export { isCurrentBuild, READ_MODELS_KEY } from './marker';
