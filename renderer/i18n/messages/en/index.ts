/**
 * The English catalog: its own chunk, loaded by catalog.ts `loadLocale('en')` when English is chosen (or was
 * chosen last time), never in the first chunk of a Thai device. Same module order as catalog.ts `modules` and
 * ../pages.ts `pageModules`.
 */
import { adlEn } from './adl';
import { adminEn } from './admin';
import { auditEn } from './audit';
import { alertsEn } from './alerts';
import { carePlansEn } from './carePlans';
import { commonEn } from './common';
import { conflictsEn } from './conflicts';
import { errorsEn } from './errors';
import { lockEn } from './lock';
import { profileEn } from './profile';
import { registerEn } from './register';
import { residentFormEn } from './residentForm';
import { settingsEn } from './settings';
import { staffEn } from './staff';
import { syncEn } from './sync';
import { timelineEn } from './timeline';
import { plannerEn } from './planner';
import { sheetEn } from './sheet';
import { coverageEn } from './coverage';
import { todayEn } from './today';
import { validationEn } from './validation';
import { visitsEn } from './visits';
import { reportsEn } from './reports';
import { backupEn } from './backup';
import { updatesEn } from './updates';
import { pdpaEn } from './pdpa';

export const englishModules = [commonEn, validationEn, registerEn, adlEn, syncEn, errorsEn, lockEn] as const;
/** The English of ../pages.ts `pageModules`, in its order (the English chunk holds every message). */
export const englishPageModules = [profileEn, residentFormEn, settingsEn, adminEn, visitsEn, carePlansEn, alertsEn, timelineEn, plannerEn, sheetEn, coverageEn, todayEn, staffEn, conflictsEn, reportsEn, auditEn, backupEn, updatesEn, pdpaEn] as const;
