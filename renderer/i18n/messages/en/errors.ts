import { defineEnglish } from '../../define';
import type { errors } from '../errors';

/** The English of ../errors.ts (same keys, checked by the type). */
export const errorsEn = defineEnglish<typeof errors>({
  'v.record.immutable': 'A saved record cannot be changed or deleted; void it and record a new one',
  'v.db.upgradeFailed': 'Upgrading the local database failed. Nothing was deleted; tell your administrator',
  'error.unknown': 'Something unexpected went wrong. Please try again; if it keeps happening, tell your administrator',
  'error.invalid': 'Some data is not in a form the app accepts; please check it',
  'error.db.quota': 'The storage on this device is full, so nothing was saved. Free some disk space and try again',
  'error.db.closed': 'The local database was closed. Restart the app and try again; your data is all still here',
  'error.db.failed': 'Saving on this device failed. What you typed is still here; please try again',
  'error.sync.network': 'Cannot reach the server; check the connection and try again',
  'error.sync.protocol': 'The server gave an answer the app does not understand. Try again later; if it keeps happening, tell your administrator',
  'error.sync.signed_out': 'Sign in to the server again first',
  'error.sync.server_state_lost': 'The server was restored from a backup. Tell your administrator; the data on this device is all still here',
  'error.sync.invalid_argument': 'The server refused the data sent; check it and try again',
  'error.sync.auth_expired': 'Your sign-in expired; try again, or sign in again',
  'error.sync.invalid_credentials': 'Wrong username or password, or you need to sign in again',
  'error.sync.device_revoked': 'An administrator revoked this device. Sign in again; the data on this device is all still here',
  'error.sync.forbidden': 'This account is not allowed to do this',
  'error.sync.scope_denied': 'This record is outside the communities of this account, so the server does not accept it',
  'error.sync.not_found': 'The server does not have this record or service',
  'error.sync.schema_too_new': 'The server does not support this version of the app yet. Tell your administrator; the data on this device is all still here',
  'error.sync.mutation_gap': 'Part of the upload went missing; the app sends it again by itself. Try again in a moment',
  'error.sync.client_unknown': 'The server does not know this device (it may have been restored from a backup). Tell your administrator; the data on this device is all still here',
  'error.sync.cursor_expired': 'The data on this device is older than the server keeps; the app downloads everything again',
  'error.sync.batch_too_large': 'Too much data in one upload; the app splits it by itself. Try again',
  'error.sync.schema_too_old': 'This version of the app is too old for the server. Update the app; the data on this device is all still here',
  'error.sync.rate_limited': 'Too many requests; wait a moment and try again',
  'error.sync.export_limited': 'You have made as many exports of personal data as are allowed in an hour; try again later',
  'error.sync.internal': 'The server had a problem; try again later',
  'error.sync.server_busy': 'The server is busy; try again in a moment',
});
