/**
 * The register's main scenario, in Thai, through the real UI in Chromium: add a resident with mistakes and fix them,
 * find the resident again after a reload, edit, assess ADL twice, archive, switch language, and refuse a
 * duplicate national ID. Every test starts from an empty database (a fresh browser context) and ends with no
 * console or page errors.
 */
import { describe, expect, it } from 'vitest';
import { todayBangkok } from '../../shared/dates/thaiDate';
import { adlAnswersFor } from '../../renderer/db/testing';
import { BUILDER_NATIONAL_ID, buildResidentForm } from '../../shared/demo/builders';
import { openApp } from './support/app';
import { rawGetAll } from './support/idb';
import { useBrowser } from './support/session';
import { AppShell, translator } from './pages/AppShell';
import { addResidentThroughForm, daysBefore } from './pages/flows';
import { ProfilePage } from './pages/ProfilePage';
import { RegisterPage } from './pages/RegisterPage';
import { ResidentFormPage } from './pages/ResidentFormPage';

const t = translator('th');
const en = translator('en');

describe('resident register (Thai)', () => {
  const app = useBrowser();

  it('explains wrong input by field in Thai, keeps what was typed, cleans a pasted name, and saves once fixed; the resident is found after a reload', async () => {
    const { page, errors } = await app.open();
    const register = await RegisterPage.open(page);
    const form = await register.addResident();

    // 1. Wrong: check digit, a Gregorian year in the BE field, an 11-digit mobile, required fields empty.
    await form.fill({
      nickname: 'เรือน',
      nationalId: '1130300123459',
      birthDay: '15',
      birthMonth: '3',
      birthYear: '1947',
      address: { houseNo: '99/12', soi: 'ซอยรังสิต-นครนายก 46' },
      phones: [{ number: '08123456789', label: 'มือถือ' }],
    });
    const items = await form.saveExpectingErrors();
    const item = (labelKey: Parameters<typeof t>[0], params?: Record<string, number>) => {
      const found = items.find((i) => i.startsWith(`${t(labelKey, params)}: `));
      if (!found) throw new Error(`no summary entry for "${t(labelKey, params)}" in ${JSON.stringify(items)}`);
      return found;
    };

    expect(await form.errorSummary.innerText()).toContain('ข้อมูลที่กรอกไว้ยังอยู่ครบ');
    // Each entry starts with the field's visible label, then says what is wrong and how to fix it.
    expect(item('rf.nationalId')).toBe('เลขประจำตัวประชาชน: หลักสุดท้ายไม่ตรงกับเลขตรวจสอบ อาจพิมพ์ตัวเลขผิดหนึ่งหลัก โปรดตรวจกับบัตรประชาชนอีกครั้ง');
    const year = item('rf.birthYear');
    expect(year.startsWith('ปีเกิด (พ.ศ.): ')).toBe(true);
    expect(year).toContain('1947');
    expect(year).toContain('ค.ศ.');
    expect(year).toContain('ให้พิมพ์ 2490');
    const phone = item('rf.phone.number', { n: 1 });
    expect(phone.startsWith('หมายเลขโทรศัพท์ 1: ')).toBe(true);
    expect(phone).toContain('มือถือ 10 หลัก');
    expect(phone).toContain('081-234-5678');
    for (const key of ['rf.prefix', 'rf.firstName', 'rf.lastName', 'rf.sex', 'rf.community', 'rf.address.subDistrict', 'rf.address.district', 'rf.address.province'] as const) {
      expect(item(key)).toBe(`${t(key)}: ต้องกรอกช่องนี้`);
    }
    expect(item('rf.address.postalCode')).toContain('5 หลัก');
    // Nothing else is flagged: the house number, soi and nickname were fine.
    expect(items).toHaveLength(12);

    // The same message sits under the field, tied to it for screen readers, and focus went to the first error.
    const yearInput = form.field('rf.birthYear');
    expect(await form.errorOf(yearInput)).toBe(year);
    expect(await yearInput.getAttribute('aria-invalid')).toBe('true');
    expect(await yearInput.getAttribute('aria-describedby')).toContain(`${await yearInput.getAttribute('id')}-error`);
    await form.waitForFocusOn(form.field('rf.prefix'));

    // Nothing typed was lost (the ID is re-grouped on blur, its digits unchanged).
    expect((await form.field('rf.nationalId').inputValue()).replace(/\D/g, '')).toBe('1130300123459');
    expect(await yearInput.inputValue()).toBe('1947');
    expect(await form.field('rf.birthDay').inputValue()).toBe('15');
    expect(await form.field('rf.birthMonth').inputValue()).toBe('3');
    expect(await form.field('rf.nickname').inputValue()).toBe('เรือน');
    expect(await form.addressField('houseNo').inputValue()).toBe('99/12');
    expect(await form.addressField('soi').inputValue()).toBe('ซอยรังสิต-นครนายก 46');
    expect(await form.phoneNumber(1).inputValue()).toBe('08123456789');

    // 2. Fix. The first name is pasted with a zero-width space and trailing spaces.
    await form.field('rf.firstName').focus();
    await page.keyboard.insertText('บุญ\u200Bเรือน   ');
    await form.fill({ prefix: 'นาง', lastName: 'แก้วมณี  ', sex: 'female', nationalId: '1130300123458', birthYear: '2490' });
    await form.phoneNumber(1).fill('081-234-5678');
    await form.fill({ communityId: 'c-06' });
    // Leaving a text field cleans it visibly.
    expect(await form.field('rf.firstName').inputValue()).toBe('บุญเรือน');
    expect(await form.field('rf.lastName').inputValue()).toBe('แก้วมณี');
    // Choosing the community filled the empty area fields.
    expect(await form.addressField('postalCode').inputValue()).toBe('12130');
    expect(await form.addressField('province').inputValue()).toBe('ปทุมธานี');
    // The fixed year no longer shows its error (re-checked as typed).
    await (await form.errorElement(yearInput)).waitFor({ state: 'detached' });

    const profile = await form.saveAndOpenProfile();
    const id = await profile.residentId();
    expect(await profile.nameText()).toBe('นางบุญเรือน แก้วมณี (เรือน)');
    expect(await profile.birthDate.innerText()).toBe('15 มีนาคม 2490');
    expect(await profile.nationalId.innerText()).toBe('1-1303-00123-45-8');

    // 3. Reload on the register; the resident is found by partial name, partial ID with dashes, house number,
    // and the name exactly as the list shows it (title joined to the first name, a space, the last name).
    await RegisterPage.open(page);
    await page.reload();
    await page.getByTestId('app-ready').waitFor({ state: 'attached' });
    const reloaded = new RegisterPage(page);
    await reloaded.waitReady();
    await reloaded.waitForCount({ shown: 1, total: 1 });

    for (const query of ['ญเรือ', '1-1303-00', '99/12', 'นางบุญเรือน แก้วมณี']) {
      await reloaded.searchFor('ไม่มีใครชื่อนี้');
      await reloaded.waitForCount({ shown: 0, total: 1 });
      await reloaded.searchFor(query);
      await reloaded.waitForCount({ shown: 1, total: 1 });
      await reloaded.waitForRow(id);
    }
    const opened = await reloaded.openResident(id);
    expect(await opened.nameText()).toBe('นางบุญเรือน แก้วมณี (เรือน)');

    expect(errors).toEqual([]);
  });

  it('edits the nickname, records two ADL assessments (decline shown), then archives as died without deleting anything', async () => {
    const { page, errors } = await app.open();
    let profile = await addResidentThroughForm(page, buildResidentForm({ firstName: 'ประยูร', lastName: 'ศรีสุข', nickname: 'ยูร', sex: 'male', prefix: 'นาย' }));
    const id = await profile.residentId();

    // Edit: the form opens with the saved values; the change shows on the profile.
    const edit = await profile.edit();
    expect(await edit.field('rf.birthYear').inputValue()).toBe('2490');
    expect(await edit.field('rf.firstName').inputValue()).toBe('ประยูร');
    await edit.field('rf.nickname').fill('ลุงยูร');
    profile = await edit.saveAndOpenProfile();
    await profile.waitForName('(ลุงยูร)');
    expect(await profile.nameText()).toBe('นายประยูร ศรีสุข (ลุงยูร)');
    expect(await profile.groupBadge.getAttribute('data-group')).toBe('none');

    // ADL 1: earlier date, full score.
    const today = todayBangkok();
    const earlier = daysBefore(today, 90);
    const later = daysBefore(today, 10);
    let adl = await profile.recordAdl();
    expect(await adl.reasonSelect.inputValue()).toBe('enrolment'); // the first assessment is the enrolment one
    await adl.setDate(earlier);
    await adl.answer(adlAnswersFor(20));
    expect(await adl.shown()).toEqual({ total: 20, group: 'social' });
    profile = await adl.saveAndReturn();
    await profile.groupBadge.and(page.locator('[data-group="social"]')).waitFor();
    expect(await profile.latestAdl.innerText()).toContain('20/20');
    await profile.waitForHistoryCount(1);
    expect(await profile.trendData()).toBeNull(); // one assessment: no trend yet

    // ADL 2: later date, low score, reason required this time.
    adl = await profile.recordAdl();
    expect(await adl.reasonSelect.inputValue()).toBe('');
    await adl.setReason('decline');
    await adl.setDate(later);
    await adl.answer(adlAnswersFor(3));
    expect(await adl.shown()).toEqual({ total: 3, group: 'bedbound' });
    expect(await adl.taiSelect.inputValue()).toBe(''); // optional: not recorded unless chosen
    await adl.setTaiGroup('B4');
    profile = await adl.saveAndReturn();
    await profile.groupBadge.and(page.locator('[data-group="bedbound"]')).waitFor();
    expect(await profile.groupBadge.innerText()).toBe('ติดเตียง');
    expect(await profile.latestAdl.innerText()).toContain('3/20');
    expect(await profile.latestAdl.innerText()).toContain(t('pf.ltcEligible'));
    await profile.waitForHistoryCount(2);
    expect(await profile.historyRows.count()).toBe(2);
    expect(await profile.trendData()).toEqual({ direction: 'declined', delta: -17, significant: true });
    expect(await profile.trend.innerText()).toContain('คะแนนลดลง 17 คะแนน');
    // Newest first in the history table, with the TAI group where one was recorded.
    expect(await profile.historyRows.first().innerText()).toContain('3/20');
    expect(await profile.historyRows.first().getByTestId('adl-history-tai').innerText()).toBe('B4');
    expect(await profile.historyRows.nth(1).getByTestId('adl-history-tai').innerText()).toBe('–');

    let register = await RegisterPage.open(page);
    expect(await register.rowGroup(id)).toBe('bedbound');

    // Archive: died, with a reason.
    profile = await register.openResident(id);
    await profile.archive({ status: 'died', reason: 'เสียชีวิตอย่างสงบที่บ้าน' });
    const status = await profile.status.innerText();
    expect(status).toContain('เสียชีวิต');
    expect(status).toContain('เสียชีวิตอย่างสงบที่บ้าน');
    expect(status).toContain(String(Number(today.slice(0, 4)) + 543)); // the date in BE
    await profile.unarchiveButton.waitFor();
    expect(await profile.recordAdlButton.count()).toBe(0);

    register = await RegisterPage.open(page);
    await register.waitForCount({ shown: 0, total: 1 }); // hidden by the default filter, still counted
    expect(await register.row(id).count()).toBe(0);
    await register.setArchiveFilter('archived');
    await register.waitForCount({ shown: 1, total: 1 });
    expect(await (await register.waitForRow(id)).innerText()).toContain(t('status.died'));

    // Nothing deleted: the record and both assessments are still stored, none tombstoned.
    const residents = (await rawGetAll(page, 'carerounds', 'residents')) as { id: string; status: string; deletedAt: unknown }[];
    expect(residents.map((r) => ({ id: r.id, status: r.status, deletedAt: r.deletedAt }))).toEqual([{ id, status: 'died', deletedAt: null }]);
    const assessments = (await rawGetAll(page, 'carerounds', 'assessments')) as { residentId: string; total: number; deletedAt: unknown }[];
    expect(assessments.map((a) => [a.residentId, a.total, a.deletedAt]).sort()).toEqual([
      [id, 20, null],
      [id, 3, null],
    ]);

    expect(errors).toEqual([]);
  });

  it('switches to English and back: labels change, dates show the Gregorian year in English and BE in Thai', async () => {
    const { page, errors } = await app.open();
    const shell = new AppShell(page);
    const profile = await addResidentThroughForm(page, buildResidentForm());
    const id = await profile.residentId();

    expect(await shell.registerLink.innerText()).toBe('ทะเบียนผู้สูงอายุ');
    expect(await profile.editButton.innerText()).toBe('แก้ไขข้อมูล');
    expect(await profile.birthDate.innerText()).toBe('15 มีนาคม 2490');

    expect(await shell.switchLanguage()).toBe('en');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await shell.registerLink.innerText()).toBe('Resident register');
    expect(await shell.switchLanguageButton.innerText()).toBe('ภาษาไทย');
    await profile.editButton.filter({ hasText: 'Edit profile' }).waitFor();
    await profile.birthDate.filter({ hasText: '1947' }).waitFor();
    expect(await profile.birthDate.innerText()).toBe('15 March 1947');

    // The register and the form speak English too; the birth year is typed in CE.
    const registerEn = await RegisterPage.open(page, 'en');
    expect(await registerEn.addButton.innerText()).toBe(en('reg.add'));
    expect(await registerEn.count.innerText()).toBe('1 of 1 residents');
    const profileEn = await registerEn.openResident(id);
    const formEn = await profileEn.edit();
    expect(await formEn.field('rf.birthYear').inputValue()).toBe('1947');
    expect(await formEn.field('rf.prefix').count()).toBe(1); // labels found by their English text
    await formEn.cancelButton.click();
    await profileEn.waitReady(id);

    // A year typed in English follows the switch back to Thai, keeping its meaning.
    const addEn = await (await RegisterPage.open(page, 'en')).addResident();
    await addEn.field('rf.birthYear').fill('1950');
    expect(await shell.switchLanguage()).toBe('th');
    const addTh = new ResidentFormPage(page, 'th');
    await addTh.field('rf.birthYear').waitFor();
    expect(await addTh.field('rf.birthYear').inputValue()).toBe('2493');
    await addTh.field('rf.birthYear').fill('');

    const registerTh = await RegisterPage.open(page, 'th');
    expect(await shell.registerLink.innerText()).toBe('ทะเบียนผู้สูงอายุ');
    const back = await registerTh.openResident(id);
    expect(await back.birthDate.innerText()).toBe('15 มีนาคม 2490');
    expect(await back.editButton.innerText()).toBe('แก้ไขข้อมูล');

    expect(errors).toEqual([]);
  });

  it('switches to English once its messages are fetched: neither the switch nor a reload in English shows raw keys or a flash of Thai', async () => {
    const context = await app.newContext();
    // Every text the register link shows, and every text node that looks like a message key, from the first paint.
    await context.addInitScript(() => {
      const w = window as unknown as { __navTexts: string[]; __rawKeys: string[] };
      w.__navTexts = [];
      w.__rawKeys = [];
      const keyLike = /^[a-z][a-zA-Z]*(\.[a-zA-Z]+)+$/;
      new MutationObserver(() => {
        const link = document.querySelector('header.app-header nav a');
        const text = link?.textContent ?? null;
        if (text !== null && w.__navTexts.at(-1) !== text) w.__navTexts.push(text);
        if (!document.body) return;
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const v = n.textContent?.trim() ?? '';
          if (keyLike.test(v)) w.__rawKeys.push(v);
        }
      }).observe(document, { childList: true, subtree: true, characterData: true });
    });
    const { page, errors } = await openApp(context, app.baseUrl);
    const shell = new AppShell(page);
    const seen = () =>
      page.evaluate(() => {
        const w = window as unknown as { __navTexts: string[]; __rawKeys: string[] };
        return { nav: w.__navTexts, raw: w.__rawKeys };
      });
    const fetchedEnglish = () => page.evaluate(() => performance.getEntriesByType('resource').some((e) => /\/assets\/en-[\w-]+\.js$/.test(e.name)));
    // (Whether English was fetched before the register painted is what bundle.renderer.initial.gzip measures.)

    await shell.registerLink.filter({ hasText: 'ทะเบียนผู้สูงอายุ' }).waitFor();
    expect(await shell.switchLanguage()).toBe('en');
    expect(await fetchedEnglish()).toBe(true);
    expect(await seen()).toEqual({ nav: ['ทะเบียนผู้สูงอายุ', 'Resident register'], raw: [] });

    // English is remembered: the reloaded app's first screen is English, with nothing Thai or raw before it.
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
    await page.getByTestId('register-search').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await seen()).toEqual({ nav: ['Resident register'], raw: [] });

    expect(await shell.switchLanguage()).toBe('th');
    expect(await seen()).toEqual({ nav: ['Resident register', 'ทะเบียนผู้สูงอายุ'], raw: [] });
    expect(errors).toEqual([]);
  });

  it('keeps the search and filters when the register is left at once, and across a reload right after typing', async () => {
    const { page, errors } = await app.open();
    const added = await addResidentThroughForm(page, buildResidentForm());
    const id = await added.residentId();
    const register = await RegisterPage.open(page);
    await register.waitForCount({ shown: 1, total: 1 });

    // Typed, then the register is left in the same task: nothing had time to be saved in idle time.
    await register.setArchiveFilter('all');
    await page.evaluate((residentId) => {
      const input = document.querySelector<HTMLInputElement>('[data-testid="register-search"]');
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
      if (!input || !setValue) throw new Error('no search box');
      setValue.call(input, 'สมศ');
      input.dispatchEvent(new Event('input', { bubbles: true }));
      window.location.hash = `#/residents/${residentId}`;
    }, id);
    await new ProfilePage(page).waitReady(id);
    const back = await RegisterPage.open(page);
    expect(await back.search.inputValue()).toBe('สมศ');
    expect(await back.archiveFilter.inputValue()).toBe('all');

    // Typed, then the page is reloaded at once.
    await page.evaluate(() => {
      const input = document.querySelector<HTMLInputElement>('[data-testid="register-search"]');
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
      if (!input || !setValue) throw new Error('no search box');
      setValue.call(input, 'ไม่มีใคร');
      input.dispatchEvent(new Event('input', { bubbles: true }));
      window.location.reload();
    });
    const reloaded = new RegisterPage(page);
    await reloaded.waitReady();
    expect(await reloaded.search.inputValue()).toBe('ไม่มีใคร');
    await reloaded.waitForCount({ shown: 0, total: 1 });
    expect(errors).toEqual([]);
  });

  it('refuses a second resident with the same national ID and links to the existing record', async () => {
    const { page, errors } = await app.open();
    const first = await addResidentThroughForm(page, buildResidentForm());
    const firstId = await first.residentId();
    const firstName = await first.nameText();

    const register = await RegisterPage.open(page);
    const form = await register.addResident();
    await form.fill(
      buildResidentForm({ prefix: 'นาย', firstName: 'สมชาย', lastName: 'มั่นคง', nickname: 'ชาย', sex: 'male', nationalId: BUILDER_NATIONAL_ID, contacts: [], medications: [] }),
    );
    // Warned as soon as the ID field is left, before saving.
    await form.duplicateIdLink.waitFor();
    expect(await form.duplicateIdLink.innerText()).toBe(t('rf.dupId.open', { name: 'นางสมศรี ใจดี' }));

    const items = await form.saveExpectingErrors();
    expect(items).toEqual([`${t('rf.nationalId')}: เลขนี้เป็นของ นางสมศรี ใจดี ซึ่งมีอยู่ในทะเบียนแล้ว บันทึกซ้ำไม่ได้ โปรดตรวจเลขอีกครั้ง หรือเปิดข้อมูลเดิมเพื่อแก้ไข`]);
    expect(await page.evaluate(() => window.location.hash)).toBe('#/residents/new'); // not saved

    await form.duplicateIdLink.click();
    const existing = new ProfilePage(page);
    await existing.waitReady(firstId);
    expect(await existing.nameText()).toBe(firstName);

    const after = await RegisterPage.open(page);
    await after.waitForCount({ shown: 1, total: 1 });
    expect(errors).toEqual([]);
  });
});
