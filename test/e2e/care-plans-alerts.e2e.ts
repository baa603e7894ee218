/**
 * A care manager, offline, writes a care plan, submits and approves it, revises it (the new version is a
 * draft and version 1 stays in force), then sees the device's alerts, acknowledges one (it leaves the open
 * list and shows under "recently acknowledged" with who and when), and reads the alerts in English.
 *
 * The triggering records (an abnormal BP visit, an ADL drop into a more dependent group, a resident never
 * assessed) are written by the app's own store code in Node on fake-indexeddb AS THE BROWSER'S DEVICE (its
 * meta rows copied in first), then copied verbatim into the browser's IndexedDB and read cold after a reload,
 * as in timeline.e2e.ts. After that the browser context is offline: the rest runs without any network.
 */
import 'fake-indexeddb/auto'; // first: Dexie picks up the global indexedDB when it loads
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { computeAlerts } from '../../shared/alerts';
import { addDays, addMonths, bangkokInstant } from '../../shared/dates/calendar';
import { todayBangkok } from '../../shared/dates/thaiDate';
import { emptyVisitForm, validateVisitForm, type VisitFormOutput, type VisitFormValues } from '../../shared/visitForm';
import { loadAlertInput } from '../../renderer/db/alerts';
import { recordAdlAssessment } from '../../renderer/db/assessments';
import { openStore, type CareRoundsDb } from '../../renderer/db/db';
import { getLocalUser, type MetaRow } from '../../renderer/db/meta';
import { createResident } from '../../renderer/db/residents';
import { buildAdlForm, buildProfile } from '../../renderer/db/testing';
import { recordVisit } from '../../renderer/db/visits';
import { copyRecordsToBrowser, rawGetAll } from './support/idb';
import { NetworkSwitch } from './support/network';
import { useBrowser } from './support/session';
import { until } from './support/wait';
import { AlertsPage } from './pages/AlertsPage';
import { AppShell, translator } from './pages/AppShell';
import { CarePlansListPage } from './pages/CarePlanPage';

const th = translator('th');
const en = translator('en');
const DB = 'carerounds';
const STORES = ['residents', 'registerRows', 'visits', 'assessments', 'outbox'] as const;
const SHOTS = process.env.E2E_SCREENSHOT_DIR;

const today = todayBangkok();
const yesterday = addDays(today, -1);
const at = (date: string, time = '09:00') => bangkokInstant(date, time);
const clock = (iso: string) => () => Date.parse(iso);
const beYear = (iso: string) => String(Number(iso.slice(0, 4)) + 543);

function visitForm(date: string, vitals: Partial<VisitFormValues['vitals']>, o: Partial<VisitFormValues> = {}): VisitFormOutput {
  const base = emptyVisitForm(at(date));
  const form: VisitFormValues = { ...base, durationMinutes: '30', vitals: { ...base.vitals, ...vitals }, ...o };
  const r = validateVisitForm(form, { now: new Date().toISOString(), resident: { birthDate: { value: '1947-03-15', precision: 'day' }, status: 'active' } });
  if (!r.ok) throw new Error(`visit form ${date}: ${JSON.stringify(r.issues)}`);
  return r.data;
}

interface Prepared {
  db: CareRoundsDb;
  userId: string;
  maleeId: string;
  boonmeeId: string;
}

/**
 * มาลี: ADL 15 (social) two months ago, 10 (homebound) ten days ago, and yesterday a visit with BP 185/100
 * (urgent) referred to the health centre. บุญมี: registered, never assessed.
 */
async function prepare(browserMeta: MetaRow[]): Promise<Prepared> {
  const opened = await openStore(`e2e-plans-${crypto.randomUUID()}`);
  if (!opened.ok) throw new Error(opened.detail);
  const db = opened.db;
  await db.meta.bulkPut(browserMeta);
  const { userId } = await getLocalUser(db);
  const ctx = (iso: string) => ({ userId, role: 'care_manager', now: clock(iso) });
  const early = at(addDays(today, -70));
  const malee = await createResident(db, buildProfile({ firstName: 'มาลี', lastName: 'แผนดูแล', nationalId: null, noIdReason: 'ไม่มีบัตร' }), ctx(early));
  const boonmee = await createResident(db, buildProfile({ firstName: 'บุญมี', lastName: 'ยังไม่ประเมิน', nationalId: null, noIdReason: 'ไม่มีบัตร' }), ctx(early));
  const d1 = addDays(today, -60);
  const d2 = addDays(today, -10);
  await recordAdlAssessment(db, malee.id, buildAdlForm(d1, 15), ctx(at(d1, '11:00')));
  await recordAdlAssessment(db, malee.id, buildAdlForm(d2, 10, { reason: 'decline' }), ctx(at(d2, '11:00')));
  await recordVisit(
    db,
    malee.id,
    visitForm(yesterday, { systolic: '185', diastolic: '100', pulse: '88' }, { escalation: 'health_centre', escalationReason: 'ความดันสูงมาก ส่ง รพ.สต.' }),
    ctx(at(yesterday, '10:00')),
  );
  return { db, userId, maleeId: malee.id, boonmeeId: boonmee.id };
}


/** In-app navigation (same document: works offline). */
async function go(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => {
    window.location.hash = h;
  }, hash);
}

describe('care plans and alerts', () => {
  const app = useBrowser();

  it('a care manager writes, submits, approves and revises a plan, then sees and acknowledges alerts, offline', async () => {
    const { page, errors, context } = await app.open();
    const browserMeta = (await rawGetAll(page, DB, 'meta')) as MetaRow[];
    const p = await prepare(browserMeta);
    try {
      await copyRecordsToBrowser(page, DB, p.db, STORES);
      await page.reload();
      await page.getByTestId('app-ready').waitFor({ state: 'attached' });
      const network = new NetworkSwitch(context, page, errors);
      await network.offline();

      // --- The profile: no plan yet, the resident's open alerts. ---------------------------------------
      await go(page, `#/residents/${p.maleeId}`);
      const summary = page.getByTestId('care-plan-summary');
      await summary.getByTestId('no-current-plan').waitFor();
      expect(await summary.getByTestId('no-current-plan').innerText()).toBe(th('plans.none'));
      await summary.getByTestId('write-care-plan').waitFor();
      await summary.getByTestId('resident-alerts').waitFor();
      const profileRules = await summary.getByTestId('alert-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-rule')));
      expect(profileRules).toEqual(['abnormal_vitals', 'adl_group_worse']);

      // --- A new plan. -------------------------------------------------------------------------------
      await summary.getByTestId('open-care-plans').click();
      const list = new CarePlansListPage(page);
      await list.waitReady();
      expect(await list.rows.count()).toBe(0);
      const plan = await list.newPlan();
      expect(await plan.field('startDate').inputValue()).toBe(today);
      expect(await plan.field('reviewDate').inputValue()).toBe(addMonths(today, 6)); // default: start + 6 months
      await plan.addProblem('ADL ลดลง เดินไม่มั่นคง เสี่ยงหกล้ม');
      await plan.addProblem('ความดันโลหิตสูง');
      await plan.addGoal({ text: 'เดินในบ้านได้เองอย่างปลอดภัย 10 เมตร', problemText: 'ADL ลดลง เดินไม่มั่นคง เสี่ยงหกล้ม', targetDate: addMonths(today, 3) });
      // Local mode: the device knows one user, the one working (the local care manager), preselected.
      await plan.addActivity({ code: 'exercise', timesPerWeek: '0.3', minutes: '30' });
      const assignee = plan.field('activities.0.assigneeId');
      expect(await assignee.inputValue()).toBe(p.userId);
      expect(await assignee.locator('option').allInnerTexts()).toEqual([th('plans.chooseUser'), th('plans.you')]);
      await plan.addActivity({ code: 'family_teaching', timesPerWeek: '1', performer: 'family' });
      expect(await plan.field('activities.1.assigneeId').count()).toBe(0); // only a CG's activity names a caregiver

      // A typo is refused with a message naming the field; nothing typed is lost.
      await plan.saveButton.click();
      await plan.errorSummary.waitFor();
      const summaryText = await plan.errorSummary.innerText();
      expect(summaryText).toContain(th('plans.activity', { n: 1 }));
      expect(summaryText).toContain(th('v.carePlan.activity.timesPerWeek', { max: 21 }));
      expect(await plan.field('activities.0.timesPerWeek').getAttribute('aria-invalid')).toBe('true');
      expect(await plan.field('problems.1.text').inputValue()).toBe('ความดันโลหิตสูง');
      expect(plan.planIdFromUrl()).toBeNull();
      await plan.field('activities.0.timesPerWeek').fill('3');

      // Approval names what is missing (no primary caregiver yet) and stores nothing.
      await plan.approveButton.click();
      await plan.gaps.waitFor();
      expect(await plan.gapTexts()).toEqual([th('plans.gap.primaryCaregiverId')]);
      expect(plan.planIdFromUrl()).toBeNull();
      await plan.field('primaryCaregiverId').selectOption(p.userId);

      await plan.saveButton.click();
      await until('the saved plan in the URL', async () => plan.planIdFromUrl(), (id) => id !== null);
      const v1Id = plan.planIdFromUrl() ?? '';
      await plan.editor.waitFor();
      await plan.waitForStatus('draft');
      await page.getByTestId('plan-saved').waitFor();
      expect(await plan.field('problems.0.text').inputValue()).toBe('ADL ลดลง เดินไม่มั่นคง เสี่ยงหกล้ม');
      expect(await plan.field('activities.0.timesPerWeek').inputValue()).toBe('3');
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/plan-editor-th.png`, fullPage: true });

      await plan.submitButton.click();
      await plan.waitForStatus('submitted');
      await page.getByTestId('plan-submitted-by').waitFor();
      await plan.approveButton.click();
      await plan.view.waitFor();
      await plan.waitForStatus('approved');
      const approvedBy = await plan.approvedBy.innerText();
      expect(approvedBy).toContain(th('plans.you'));
      expect(approvedBy).toContain(beYear(today)); // Thai: Buddhist Era year
      expect(await plan.approvedBy.getAttribute('data-user-id')).toBe(p.userId);
      expect(await page.getByTestId('plan-view-activities').innerText()).toContain('ฟื้นฟูสภาพ ออกกำลังกาย');

      // --- Revise: a new draft version; version 1 stays in force until it is approved. ----------------------
      await plan.reviseButton.click();
      await plan.editor.waitFor();
      await plan.waitForStatus('draft');
      const v2Id = plan.planIdFromUrl() ?? '';
      expect(v2Id).not.toBe(v1Id);
      expect(await page.locator('h1').innerText()).toBe(th('plans.editorTitle', { version: 2 }));
      expect(await plan.field('activities.0.timesPerWeek').inputValue()).toBe('3'); // starts from v1's content
      await go(page, `#/residents/${p.maleeId}/plans`);
      await list.waitReady();
      await until('both versions listed', () => list.statuses(), (s) => s.length === 2);
      expect(await list.statuses()).toEqual([
        { version: 2, status: 'draft', current: false },
        { version: 1, status: 'approved', current: true },
      ]);
      expect(await list.newButton.count()).toBe(0); // the waiting draft is continued, not duplicated
      await go(page, `#/residents/${p.maleeId}`);
      await summary.getByTestId('current-plan').waitFor();
      expect(await summary.getByTestId('current-plan').getAttribute('data-version')).toBe('1');
      expect(await summary.getByTestId('plan-status').getAttribute('data-status')).toBe('approved');
      expect(await summary.getByTestId('plan-pending').innerText()).toBe(th('plans.pendingDraft', { version: 2, status: th('plans.status.draft') }));
      expect(await summary.getByTestId('plan-review-overdue').count()).toBe(0);

      // --- Alerts: the whole device, urgent first. ------------------------------------------------------
      const alerts = await AlertsPage.open(page);
      await until('three alerts', () => alerts.items.count(), (n) => n === 3);
      const listed = await alerts.list();
      expect(listed.map((a) => [a.rule, a.residentId, a.severity])).toEqual([
        ['abnormal_vitals', p.maleeId, 'urgent'],
        ['adl_group_worse', p.maleeId, 'warning'],
        ['reassessment_overdue', p.boonmeeId, 'warning'],
      ]);
      // The page shows exactly what shared/alerts.ts computes from the same records.
      const expected = computeAlerts(await loadAlertInput(p.db, today));
      expect(listed.map((a) => a.alertId)).toEqual(expected.map((a) => a.id));
      const vitals = alerts.item('abnormal_vitals', p.maleeId);
      expect(await vitals.getByTestId('alert-resident').innerText()).toBe('นางมาลี แผนดูแล');
      expect(await vitals.getByTestId('alert-detail').innerText()).toContain('185');
      expect(await vitals.getByTestId('alert-detail').innerText()).toContain(th('alerts.level.criticalHigh'));
      expect(await alerts.item('adl_group_worse', p.maleeId).getByTestId('alert-detail').innerText()).toContain(`${th('adl.group.social')} → ${th('adl.group.homebound')}`);
      expect(await alerts.item('reassessment_overdue', p.boonmeeId).getByTestId('alert-detail').innerText()).toBe(th('alerts.detail.reassessment_overdue.enrolment'));
      await page.getByTestId('alerts-group-urgent').waitFor();
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/alerts-th.png`, fullPage: true });

      // Filter by rule.
      await alerts.ruleFilter.selectOption('reassessment_overdue');
      await until('one filtered alert', () => alerts.items.count(), (n) => n === 1);
      await alerts.ruleFilter.selectOption('');
      await until('all alerts again', () => alerts.items.count(), (n) => n === 3);

      // Acknowledge: it leaves the open list; the acknowledgement names who and when, and is a synced record.
      const ackedId = await alerts.acknowledge('adl_group_worse', p.maleeId);
      expect((await alerts.list()).map((a) => a.rule)).toEqual(['abnormal_vitals', 'reassessment_overdue']);
      const acks = (await rawGetAll(page, DB, 'alertAcks')) as { alertId: string; by: string; at: string; residentId: string }[];
      expect(acks.map((a) => [a.alertId, a.by, a.residentId])).toEqual([[ackedId, p.userId, p.maleeId]]);
      const outbox = (await rawGetAll(page, DB, 'outbox')) as { table: string; op: string; fields: Record<string, unknown> }[];
      expect(outbox.filter((o) => o.table === 'alertAcks').map((o) => [o.op, o.fields.alertId, o.fields.by])).toEqual([['create', ackedId, p.userId]]);
      await alerts.showAcknowledged();
      expect(await alerts.acked.count()).toBe(1);
      expect(await alerts.acked.first().getAttribute('data-alert-id')).toBe(ackedId);
      const ackedText = await alerts.acked.first().getByTestId('alert-acked-by').innerText();
      expect(ackedText).toContain(th('plans.you'));
      expect(ackedText).toContain(beYear(today));
      await alerts.showOpen();
      await until('two open alerts', () => alerts.items.count(), (n) => n === 2);

      // The resident link opens the profile, whose alert block also lost the acknowledged one.
      await alerts.item('abnormal_vitals', p.maleeId).getByTestId('alert-resident').click();
      await summary.getByTestId('resident-alerts').waitFor();
      await until('the profile alerts', () => summary.getByTestId('alert-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-rule'))), (r) => r.join() === 'abnormal_vitals');

      // --- English. ----------------------------------------------------------------------------------
      const shell = new AppShell(page);
      await shell.switchLanguage();
      const alertsEn = await AlertsPage.open(page, 'en');
      await until('two open alerts', () => alertsEn.items.count(), (n) => n === 2);
      const vitalsEn = alertsEn.item('abnormal_vitals', p.maleeId);
      expect(await vitalsEn.getByTestId('alert-rule').innerText()).toBe(en('alerts.rule.abnormal_vitals'));
      const detailEn = await vitalsEn.getByTestId('alert-detail').innerText();
      expect(detailEn).toContain('Home visit on');
      expect(detailEn).toContain(`${en('alerts.vital.systolic')} 185 (${en('alerts.level.criticalHigh')})`);
      expect(detailEn).toContain(yesterday.slice(0, 4)); // Gregorian year in English
      expect(await page.getByTestId('ack-alert').first().innerText()).toBe(en('alerts.ack'));
      await alertsEn.ackedTab.click();
      await alertsEn.acked.first().waitFor();
      expect(await alertsEn.acked.first().getByTestId('alert-acked-by').innerText()).toContain('Acknowledged by you');

      expect(network.unexpectedErrors()).toEqual([]);
    } finally {
      p.db.close();
    }
  });
});
