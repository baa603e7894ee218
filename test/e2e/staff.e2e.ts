/**
 * Staff and holidays (#/staff) in Thai, in Chromium, against a REAL server (docs/domain.md §9,
 * docs/sync-protocol.md §8 "Weekly rounds" and §11): a care manager sets a caregiver's working days, hours
 * and a skill (after an end time before the start, explained by field in Thai with the rest of her input
 * kept), adds a leave, adds the default holidays of 2570, deletes one, edits one and adds a substitution day
 * (a date already taken is explained first), and syncs. The caregiver signs in on another device: it holds
 * her availability and leave (her work bucket) but no holiday (the municipality's bucket, which caregivers do
 * not read); she has no staff link and #/staff refuses her.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DEFAULT_HOLIDAYS } from '../../shared/rounds/holidays';
import type { User } from '../../server/users';
import { openApp, type OpenedApp } from './support/app';
import { launchChromium, newIsolatedContext } from './support/chromium';
import { rawGetAll } from './support/idb';
import { E2E_PASSWORD, startE2eServer, type E2eServer } from './support/server';
import { until } from './support/wait';
import { translator } from './pages/AppShell';
import { signIn } from './pages/AdminPage';
import { StaffPage } from './pages/StaffPage';
import { APP_DB, SyncBar } from './pages/SyncPage';

const t = translator('th');

describe('staff and holidays (Thai, real server)', () => {
  let server: E2eServer;
  let browser: Browser;
  let malee: User;

  beforeAll(async () => {
    server = await startE2eServer();
    await server.makeUser('manager', 'care_manager');
    malee = await server.makeUser('malee', 'caregiver', ['c-01']);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function device(): Promise<OpenedApp & { close(): Promise<void> }> {
    const context = await newIsolatedContext(browser);
    const app = await openApp(context, server.url);
    return { ...app, close: () => context.close() };
  }

  it("a care manager sets a caregiver's availability and leave and the year's holidays; the caregiver's device gets hers, not the holidays", async () => {
    const cm = await device();
    const cg = await device();
    try {
      // --- The care manager signs in; once the directory is in, บุคลากร lists the caregiver as not set.
      expect(await signIn(cm.page, 'manager', E2E_PASSWORD, 'โน้ตบุ๊กผู้จัดการ')).toBeNull();
      const cmSync = new SyncBar(cm.page);
      await cmSync.waitForFirstSync();
      const staffNav = new StaffPage(cm.page).navLink;
      expect(await staffNav.innerText()).toBe('บุคลากร');
      let staff = await StaffPage.fromNav(cm.page);
      await staff.row(malee.id).waitFor();
      expect(await staff.availabilityText(malee.id)).toBe('ยังไม่ได้กำหนด (ใช้ค่าเริ่มต้น: จ.–ศ. 08:30–16:30 น. · สูงสุด 30 ครั้ง/สัปดาห์)');
      expect(await staff.row(malee.id).getByTestId('staff-leave').innerText()).toBe('ไม่มี');

      // --- Her page: the form starts from the planner's default. Wrong input: the day ends before it starts.
      const cg1 = await staff.openCaregiver(malee.id);
      expect(await cg1.field('start').inputValue()).toBe('08:30');
      await cg1.fill({ workingDays: [1, 2, 3, 4, 6], start: '07:30', end: '07:00', cap: '25', skills: ['wound'] });
      await cg1.save();
      await cg1.errors.waitFor();
      expect(await cg1.errorOf('end').innerText()).toBe('เวลาเลิกงาน: ต้องหลังเวลาเริ่มงาน (07:30 น.) โปรดแก้เวลาเลิกงาน เช่น 16:30');
      expect(await cg1.errors.innerText()).toContain('ข้อมูลที่กรอกไว้ยังอยู่ครบ');
      expect(await cg1.field('end').getAttribute('aria-invalid')).toBe('true');
      await until('focus on the end time', () => cg1.field('end').evaluate((el) => el === document.activeElement), (v) => v);
      // Nothing else she typed is lost.
      expect(await cg1.field('start').inputValue()).toBe('07:30');
      expect(await cg1.field('cap').inputValue()).toBe('25');
      expect(await cg1.day(6).isChecked()).toBe(true);
      expect(await cg1.day(5).isChecked()).toBe(false);
      expect(await cg1.skill('wound').isChecked()).toBe(true);

      // --- Fixed and saved (created with her id).
      await cg1.field('end').fill('15:30');
      expect(await cg1.saveAndWait()).toBe('บันทึกวันและเวลาทำงานแล้ว');
      expect(await cg1.errorOf('end').count()).toBe(0);

      // --- A leave: 4–6 January 2570 (2027), training.
      await cg1.addLeave({ from: '4/1/2570', to: '6/1/2570', reason: 'training', note: 'อบรมผู้ดูแลผู้สูงอายุ' });
      const leaveRow = cg1.leaveRows().first();
      expect(await leaveRow.getAttribute('data-from')).toBe('2027-01-04');
      expect(await leaveRow.innerText()).toContain('4 มกราคม 2570 ถึง 6 มกราคม 2570 · อบรม/ประชุม · อบรมผู้ดูแลผู้สูงอายุ');

      // --- Back on the list: her availability, skill and leave.
      staff = await cg1.back();
      await until('her availability listed', () => staff.availabilityText(malee.id), (s) => s === 'จ.–พฤ. ส. 07:30–15:30 น. · สูงสุด 25 ครั้ง/สัปดาห์');
      expect(await staff.row(malee.id).getByTestId('staff-skills').innerText()).toBe('ทำแผล');
      expect(await staff.row(malee.id).getByTestId('staff-leave').innerText()).toBe('4 มกราคม 2570 ถึง 6 มกราคม 2570 (อบรม/ประชุม)');

      // --- Holidays of 2570: none yet; the defaults are added (only that year's), then one is deleted.
      await staff.showYear(2027);
      expect(await cm.page.locator('#staff-holidays-title').innerText()).toBe('วันหยุดราชการ ปี 2570');
      expect(await cm.page.getByTestId('holidays-lunar-note').innerText()).toContain('ประกาศคณะรัฐมนตรี');
      expect(await staff.holidayRows().count()).toBe(0);
      expect(await staff.addDefaultsButton.innerText()).toBe('เพิ่มวันหยุดราชการตามค่าเริ่มต้นของปี 2570');
      await staff.addDefaultsButton.click();
      const defaults2027 = DEFAULT_HOLIDAYS.filter((h) => h.date.startsWith('2027-'));
      await staff.waitForHolidayCount(defaults2027.length);
      expect(await staff.holidayDates()).toEqual(defaults2027.map((h) => h.date));
      expect(await staff.holiday('2027-01-01').getByTestId('holiday-date').innerText()).toBe('1 มกราคม 2570');
      expect(await staff.addDefaultsButton.isDisabled()).toBe(true);
      expect(await staff.deleteHoliday('2027-12-31')).toBe('ลบ วันสิ้นปี (31 ธันวาคม 2570) แล้ว');
      await staff.waitForHolidayCount(defaults2027.length - 1);
      // The deleted date is missing again, so the defaults button offers it back.
      expect(await staff.addDefaultsButton.isDisabled()).toBe(false);
      // Edited in place, and a substitution day added by hand (a date already taken is explained first).
      expect(await staff.editHoliday('2027-07-18', { nameTh: 'วันอาสาฬหบูชา (ตรวจกับประกาศแล้ว)' })).toBe('บันทึกวันหยุดแล้ว');
      expect(await staff.holiday('2027-07-18').getByTestId('holiday-name-th').innerText()).toBe('วันอาสาฬหบูชา (ตรวจกับประกาศแล้ว)');
      await staff.submitNewHoliday({ date: '19/7/2570', nameTh: 'วันหยุดชดเชย', nameEn: 'Substitution day' });
      await staff.newHolidayError('date').waitFor();
      expect(await staff.newHolidayError('date').innerText()).toBe('วันที่: วันนี้มีวันหยุดอยู่แล้ว แก้ไขรายการเดิมแทน');
      expect(await cm.page.getByTestId('holiday-new-nameTh').inputValue()).toBe('วันหยุดชดเชย');
      await cm.page.getByTestId('holiday-new-date').fill('20/7/2570');
      await cm.page.getByTestId('holiday-new-submit').click();
      await staff.holiday('2027-07-20').waitFor();
      await staff.waitForHolidayCount(defaults2027.length);
      expect(await cm.page.getByTestId('holiday-new-nameTh').inputValue()).toBe(''); // a success clears the form

      // --- Sync; the server now holds all of it.
      await cmSync.syncNow();

      // --- The caregiver's device: her availability and leave arrive, no holiday.
      expect(await signIn(cg.page, 'malee', E2E_PASSWORD, 'แล็ปท็อปมาลี')).toBeNull();
      const cgSync = new SyncBar(cg.page);
      await cgSync.waitForFirstSync();
      type Row = Record<string, unknown>;
      const availability = (await cgSync.syncUntil('her availability', () => rawGetAll(cg.page, APP_DB, 'availability'), (rows) => rows.length === 1)) as Row[];
      expect(availability[0]).toMatchObject({ id: malee.id, userId: malee.id, workingDays: [1, 2, 3, 4, 6], startMinute: 450, endMinute: 930, weeklyVisitCap: 25, skills: ['wound'], base: null, deletedAt: null });
      const leaves = (await rawGetAll(cg.page, APP_DB, 'leaves')) as Row[];
      expect(leaves).toHaveLength(1);
      expect(leaves[0]).toMatchObject({ userId: malee.id, from: '2027-01-04', to: '2027-01-06', reason: 'training', note: 'อบรมผู้ดูแลผู้สูงอายุ', deletedAt: null });
      expect(await rawGetAll(cg.page, APP_DB, 'holidays')).toEqual([]);

      // --- She has no staff link, and #/staff refuses her in Thai.
      expect(await new StaffPage(cg.page).navLink.count()).toBe(0);
      const refused = await StaffPage.open(cg.page);
      expect(await refused.notAllowed.innerText()).toBe(t('staff.notAllowed'));
      expect(await cg.page.getByTestId('staff-caregivers').count()).toBe(0);

      for (const app of [cm, cg]) expect(app.errors).toEqual([]);
    } finally {
      await Promise.all([cm.close(), cg.close()]);
    }
  });
});
