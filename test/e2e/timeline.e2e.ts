/**
 * The resident timeline and trend charts, and the configurable normal ranges that decide its flags.
 *
 * The records are written by the app's own store code (createResident, recordVisit, recordAdlAssessment,
 * the care-plan store, amendVisit) running in Node on fake-indexeddb AS THE BROWSER'S DEVICE (its meta rows
 * are copied in first), then copied verbatim into the browser's IndexedDB and read cold by the app after a
 * reload, as in large-register.e2e.ts. The expected order comes from the same rows through
 * timelineItems.buildTimeline and is also spelled out, so a wrong merge fails either way.
 */
import 'fake-indexeddb/auto'; // first: Dexie picks up the global indexedDB when it loads
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { emptyVisitForm, validateVisitForm, type VisitFormOutput, type VisitFormValues } from '../../shared/visitForm';
import { bangkokInstant } from '../../shared/dates/calendar';
import { DEFAULT_VITAL_SETTINGS } from '../../shared/vitals';
import { recordAdlAssessment, listAssessments } from '../../renderer/db/assessments';
import { approveCarePlan, createCarePlan, listCarePlans, submitCarePlan } from '../../renderer/db/carePlans';
import { openStore, type CareRoundsDb } from '../../renderer/db/db';
import { getLocalUser, type MetaRow } from '../../renderer/db/meta';
import { createResident } from '../../renderer/db/residents';
import { buildAdlForm, buildProfile } from '../../renderer/db/testing';
import { amendVisit, listAmendedVisits, recordVisit } from '../../renderer/db/visits';
import { buildTimeline } from '../../renderer/features/timeline/timelineItems';
import { copyRecordsToBrowser, rawGetAll } from './support/idb';
import { useBrowser } from './support/session';
import { until } from './support/wait';
import { translator } from './pages/AppShell';

const t = translator('th');
const DB = 'carerounds';
const STORES = ['residents', 'registerRows', 'visits', 'visitAmendments', 'assessments', 'carePlans', 'outbox'] as const;

const at = (date: string, time = '09:00') => bangkokInstant(date, time);
const clock = (iso: string) => () => Date.parse(iso);

function visitForm(date: string, vitals: Partial<VisitFormValues['vitals']>, o: Partial<VisitFormValues> = {}): VisitFormOutput {
  const base = emptyVisitForm(at(date));
  const form: VisitFormValues = { ...base, durationMinutes: '30', vitals: { ...base.vitals, ...vitals }, ...o };
  const r = validateVisitForm(form, { now: new Date().toISOString(), resident: { birthDate: { value: '1950-03-14', precision: 'day' }, status: 'active' } });
  if (!r.ok) throw new Error(`visit form ${date}: ${JSON.stringify(r.issues)}`);
  return r.data;
}

interface Prepared {
  db: CareRoundsDb;
  userId: string;
  residentId: string;
  visitIds: string[];
}

/** A resident with four visits (one abnormal BP with a weight loss and a referral), two ADL scores and an approved plan. */
async function prepare(browserMeta: MetaRow[]): Promise<Prepared> {
  const opened = await openStore(`e2e-timeline-${crypto.randomUUID()}`);
  if (!opened.ok) throw new Error(opened.detail);
  const db = opened.db;
  await db.meta.bulkPut(browserMeta);
  const { userId } = await getLocalUser(db);
  const ctx = (iso: string) => ({ userId, role: 'care_manager' as const, now: clock(iso) });
  const resident = await createResident(db, buildProfile({ firstName: 'ทดสอบ', lastName: 'ลำดับเหตุการณ์' }), ctx('2026-08-01T01:00:00.000Z'));
  const visitIds: string[] = [];
  const v = async (date: string, vitals: Partial<VisitFormValues['vitals']>, o: Partial<VisitFormValues> = {}) => {
    const saved = await recordVisit(db, resident.id, visitForm(date, vitals, o), ctx(at(date, '10:00')));
    visitIds.push(saved.id);
  };
  await v('2026-08-10', { systolic: '120', diastolic: '80', weight: '60.0', glucose: '110' });
  await v('2026-09-10', { systolic: '128', diastolic: '82', weight: '59.5' }, { observations: 'ทานข้าวได้ดี นอนหลับได้' });
  await v('2026-10-10', { systolic: '165', diastolic: '95', weight: '56.0' }, { escalation: 'health_centre', escalationReason: 'ความดันสูง ส่ง รพ.สต. วัดซ้ำ' });
  await v('2026-10-20', { systolic: '130', diastolic: '85' });
  await recordAdlAssessment(db, resident.id, buildAdlForm('2026-08-12', 12), ctx(at('2026-08-12', '11:00')));
  await recordAdlAssessment(db, resident.id, buildAdlForm('2026-10-12', 9), ctx(at('2026-10-12', '11:00')));
  const plan = await createCarePlan(
    db,
    {
      residentId: resident.id,
      version: 1,
      previousPlanId: null,
      adlTotal: 12,
      adlGroup: 'social',
      problems: [{ key: 'p1', text: 'ความดันโลหิตสูง' }],
      goals: [{ problemKey: 'p1', text: 'ความดันตัวบนต่ำกว่า 140', targetDate: '2027-02-01' }],
      activities: [{ code: 'bathing', timesPerWeek: 1, minutes: 30, performer: 'caregiver', assigneeId: userId, note: '' }],
      primaryCaregiverId: userId,
      backupCaregiverId: null,
      startDate: '2026-09-03',
      reviewDate: '2027-03-03',
      status: 'draft',
      submittedBy: null,
      submittedAt: null,
      approvedBy: null,
      approvedAt: null,
      subCommittee: null,
      closedReason: '',
    },
    ctx('2026-09-01T02:00:00.000Z'),
  );
  await submitCarePlan(db, plan.id, ctx('2026-09-02T02:00:00.000Z'));
  await approveCarePlan(db, plan.id, ctx('2026-09-03T02:00:00.000Z'));
  return { db, userId, residentId: resident.id, visitIds };
}


async function expectedKinds(p: Prepared): Promise<string[]> {
  const [visits, assessments, plans] = await Promise.all([listAmendedVisits(p.db, p.residentId), listAssessments(p.db, p.residentId), listCarePlans(p.db, p.residentId)]);
  return buildTimeline({ visits, assessments, plans }, DEFAULT_VITAL_SETTINGS).map((i) => i.kind);
}

const kinds = (page: Page) => page.getByTestId('timeline-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind') ?? ''));
const points = (page: Page, id: string) => page.getByTestId(id).getAttribute('data-points');
/** "key:level" of each flag on a visit's row. */
function flagsOf(page: Page, visitId: string): Promise<string[]> {
  return page
    .getByTestId('timeline-item')
    .filter({ has: page.locator(`[data-visit-id="${visitId}"]`) })
    .getByTestId('timeline-flag')
    .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-key') ?? ''}:${e.getAttribute('data-level') ?? ''}`));
}

async function openProfile(page: Page, residentId: string): Promise<void> {
  await page.goto(new URL(`#/residents/${residentId}`, page.url()).href);
  await page.getByTestId('timeline-item').first().waitFor();
}

describe('resident timeline', () => {
  const app = useBrowser();

  it('lists visits, referrals, assessments and plan changes newest first, with charts, amendments and configurable flags', async () => {
    const { page, errors } = await app.open();
    await page.getByTestId('app-ready').waitFor({ state: 'attached' });
    const browserMeta = (await rawGetAll(page, DB, 'meta')) as MetaRow[];
    const p = await prepare(browserMeta);
    try {
      await copyRecordsToBrowser(page, DB, p.db, STORES);
      await page.reload();
      await page.getByTestId('app-ready').waitFor({ state: 'attached' });
      await openProfile(page, p.residentId);
      const [v1, v2, v3, v4] = p.visitIds;
      if (!v1 || !v2 || !v3 || !v4) throw new Error('visits not recorded');

      // Order and kinds: spelled out, and what buildTimeline computes from the same rows.
      const expected = ['visit', 'assessment', 'referral', 'visit', 'visit', 'plan', 'plan', 'plan', 'assessment', 'visit'];
      expect(await expectedKinds(p)).toEqual(expected);
      expect(await kinds(page)).toEqual(expected);
      const planEvents = await page.locator('[data-testid="timeline-item"][data-kind="plan"] [data-event]').evaluateAll((els) => els.map((e) => e.getAttribute('data-event')));
      expect(planEvents).toEqual(['approved', 'submitted', 'created']);
      // Thai dates carry the Buddhist Era year (2026 → 2569).
      expect(await page.getByTestId('timeline-item').first().locator('time').innerText()).toContain('2569');
      expect(await page.getByTestId('timeline').innerText()).toContain(t('timeline.plan.approved', { version: 1 }));

      // The abnormal visit: high BP, and a weight loss of ≥ 5 % within 30 days.
      expect(await flagsOf(page, v3)).toEqual(['systolic:high', 'diastolic:high', 'weight:low']);
      expect(await flagsOf(page, v2)).toEqual([]);
      expect(await flagsOf(page, v4)).toEqual([]);

      // Charts: one point per reading; a chart with one reading shows a short text instead.
      expect(await points(page, 'chart-bp')).toBe('4');
      expect(await points(page, 'chart-weight')).toBe('3');
      expect(await points(page, 'chart-adl')).toBe('2');
      expect(await points(page, 'chart-glucose')).toBe('1');
      expect(await page.getByTestId('chart-glucose').locator('svg').count()).toBe(0);
      expect(await page.getByTestId('chart-glucose').innerText()).toContain(t('timeline.chart.few', { n: 1 }));
      expect(await page.getByTestId('chart-bp').locator('g[data-series="systolic"]').getAttribute('data-points')).toBe('4');
      expect(await page.getByTestId('chart-bp').locator('rect.trend-band').count()).toBe(2); // systolic and diastolic normal ranges
      expect(await page.getByTestId('chart-bp').locator('svg').getAttribute('aria-label')).toContain('130/85');
      expect(await page.getByTestId('timeline-amended').count()).toBe(0);

      // An amendment (systolic 128 → 142): the visit is marked amended and flagged with its current value.
      await amendVisit(
        p.db,
        { visitId: v2, residentId: p.residentId, reason: 'พิมพ์ค่าผิด', changes: { 'vitals.systolic': 142 }, author: p.userId, at: '2026-09-11T02:00:00.000Z' },
        { userId: p.userId, now: clock('2026-09-11T02:00:00.000Z') },
      );
      await copyRecordsToBrowser(page, DB, p.db, STORES);
      await page.reload();
      await page.getByTestId('timeline-item').first().waitFor();
      const v2Row = page.getByTestId('timeline-item').filter({ has: page.locator(`[data-visit-id="${v2}"]`) });
      await v2Row.getByTestId('timeline-amended').waitFor();
      expect(await v2Row.getByTestId('timeline-amended').innerText()).toBe(t('timeline.amended'));
      expect(await page.getByTestId('timeline-amended').count()).toBe(1);
      expect(await flagsOf(page, v2)).toEqual(['systolic:high']);
      expect(await kinds(page)).toEqual(expected); // an amendment is not a new event

      // Settings: a refused range names the field and stores nothing; a valid one re-flags at once.
      await page.goto(new URL('#/settings', page.url()).href);
      await page.getByTestId('vital-ranges').waitFor();
      await page.getByTestId('range-systolic-high').fill('80');
      await page.getByTestId('vital-ranges-save').click();
      const error = await page.getByTestId('range-error-systolic').innerText();
      expect(error).toContain(t('timeline.vital.systolic'));
      expect(await page.getByTestId('range-systolic-high').getAttribute('aria-invalid')).toBe('true');
      await page.getByTestId('range-systolic-high').fill('17o');
      await page.getByTestId('vital-ranges-save').click();
      await until('the not-a-number message', () => page.getByTestId('range-error-systolic').innerText(), (s) => s.includes(t('timeline.ranges.error.notANumber', { field: t('timeline.ranges.field', { vital: t('timeline.vital.systolic'), threshold: t('timeline.ranges.high') }) })));
      await page.getByTestId('range-systolic-high').fill('170');
      await page.getByTestId('vital-ranges-save').click();
      await page.locator('[data-testid="vital-ranges-status"][data-status="saved"]').waitFor();
      expect(await page.getByTestId('range-error-systolic').count()).toBe(0);

      await openProfile(page, p.residentId);
      await until('flags with systolic ≥ 170', () => flagsOf(page, v3), (f) => f.join() === 'diastolic:high,weight:low');
      expect(await flagsOf(page, v2)).toEqual([]);
      // The settings survive a reload (stored on the device).
      await page.reload();
      await page.getByTestId('timeline-item').first().waitFor();
      await until('flags after reload', () => flagsOf(page, v3), (f) => f.join() === 'diastolic:high,weight:low');

      // Reset to the defaults: the flags come back.
      await page.goto(new URL('#/settings', page.url()).href);
      await page.getByTestId('vital-ranges-reset').click();
      await page.locator('[data-testid="vital-ranges-status"][data-status="reset"]').waitFor();
      expect(await page.getByTestId('range-systolic-high').inputValue()).toBe('140');
      await openProfile(page, p.residentId);
      await until('default flags again', () => flagsOf(page, v3), (f) => f.join() === 'systolic:high,diastolic:high,weight:low');

      expect(errors).toEqual([]);
    } finally {
      p.db.close();
    }
  });
});
