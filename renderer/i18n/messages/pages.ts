/**
 * The Thai messages only parts loaded on demand use (the resident's profile with its timeline, alerts, plans
 * and visits; the resident form; settings; administration; staff and holidays; the list of changes not sent;
 * the conflicts inbox's words for rounds records; the funding reports; the audit log): a chunk fetched
 * with those parts (catalog.ts `loadPageMessages`, called by every lazy part before it renders), not
 * part of the first chunk. Their English is in the English chunk with the rest (en/index.ts).
 */
import { profile } from './profile';
import { residentForm } from './residentForm';
import { settings } from './settings';
import { admin } from './admin';
import { visits } from './visits';
import { carePlans } from './carePlans';
import { alerts } from './alerts';
import { timeline } from './timeline';
import { planner } from './planner';
import { sheet } from './sheet';
import { coverage } from './coverage';
import { today } from './today';
import { staff } from './staff';
import { conflicts } from './conflicts';
import { reports } from './reports';
import { audit } from './audit';
import { backup } from './backup';
import { updates } from './updates';
import { pdpa } from './pdpa';

/** Same order as en/index.ts `englishPageModules`. */
export const pageModules = [profile, residentForm, settings, admin, visits, carePlans, alerts, timeline, planner, sheet, coverage, today, staff, conflicts, reports, audit, backup, updates, pdpa] as const;
