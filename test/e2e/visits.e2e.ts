/**
 * The caregiver's home visit, offline (the browser context's network is cut after the app has
 * loaded): record a full visit with an abnormal blood pressure flagged as typed, have typos, a swapped
 * blood pressure and a future time refused without losing anything, close the page mid-visit and continue
 * the draft, save, correct it with an amendment and see the history; discard a draft (asked first), the
 * form in English, and the visit on the resident's timeline with its blood-pressure chart.
 *
 * Reopening a page needs the app's files, which this test serves over HTTP (the desktop app loads them from
 * disk): the network is restored only while the new page loads, then cut again.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { bangkokInstant } from '../../shared/dates/calendar';
import { todayBangkok } from '../../shared/dates/thaiDate';
import { buildResidentForm } from '../../shared/demo/builders';
import { openApp } from './support/app';
import { NetworkSwitch } from './support/network';
import { useBrowser } from './support/session';
import { AppShell, translator } from './pages/AppShell';
import { addResidentThroughForm, daysBefore } from './pages/flows';
import { ProfilePage } from './pages/ProfilePage';
import { VisitStartPanel } from './pages/VisitPage';

const t = translator('th');

/** Opens the resident's profile in a new page of the same context (network on to load the files), then cuts the network again. */
async function reopenOffline(context: BrowserContext, baseUrl: string, residentId: string) {
  await context.setOffline(false);
  const app = await openApp(context, baseUrl, { path: `#/residents/${encodeURIComponent(residentId)}` });
  const net = new NetworkSwitch(context, app.page, app.errors);
  await net.offline();
  const profile = new ProfilePage(app.page);
  await profile.waitReady(residentId);
  return { ...app, net, profile };
}

describe('home visit (Thai, offline)', () => {
  const app = useBrowser();

  it('records a full visit: flags as typed, refuses typos and bad times keeping everything, survives a closed page, saves and amends', async () => {
    const { page, errors, context, baseUrl } = await app.open();
    const net = new NetworkSwitch(context, page, errors);
    await net.offline();
    const today = todayBangkok();
    const profile = await addResidentThroughForm(page, buildResidentForm());
    const residentId = await profile.residentId();

    const panel = new VisitStartPanel(page);
    await panel.waitReady();
    expect(await panel.continueButton.count()).toBe(0);
    const form = await panel.start();

    // Defaults: today, a start time, routine; never assessed, so ADL is due.
    expect(await form.field('visit-date').inputValue()).toBe(form.dateText(today));
    const startTime = await form.field('visit-time').inputValue();
    expect(startTime).toMatch(/^\d{2}:\d{2}$/);
    await page.getByTestId('adl-due').waitFor();

    // An abnormal blood pressure is flagged the moment it is typed (before leaving the field).
    await form.vital('systolic').fill('150');
    await form.flag('systolic').waitFor();
    expect(await form.flagLevel('systolic')).toBe('high');
    await form.vital('diastolic').fill('95');
    expect(await form.flagLevel('diastolic')).toBe('high');
    await form.vital('systolic').fill('185');
    await form.page.locator('[data-testid="vital-flag-systolic"][data-level="criticalHigh"]').waitFor();
    await page.getByTestId('vital-urgent').waitFor();
    await form.vital('systolic').fill('150');
    await page.getByTestId('vital-urgent').waitFor({ state: 'detached' });

    // Everything else of a routine visit.
    await form.fill({
      duration: '40',
      vitals: { pulse: '88', spo2: '97', respRate: '18', weight: '52.5', glucose: '110' },
      care: [{ code: 'bathing', minutes: '15' }, { code: 'medication' }],
      mood: '4',
      observations: 'ยิ้มแย้ม รับประทานอาหารได้',
      problems: ['ขาบวมเล็กน้อย', 'นอนไม่ค่อยหลับ'],
      escalation: 'health_centre',
      escalationReason: 'ความดันสูงต่อเนื่อง ขอให้ รพ.สต. ตรวจซ้ำ',
      nextVisitDate: daysBefore(today, -14),
    });
    // The duration was typed while the start was left as the form opened it: the visit is being recorded as it
    // ends, so the start moved back 40 minutes (give or take the minute that passed while typing).
    const shownDate = await form.field('visit-date').inputValue();
    const start = { date: shownDate === form.dateText(today) ? today : daysBefore(today, 1), time: await form.field('visit-time').inputValue() };
    expect(form.dateText(start.date)).toBe(shownDate);
    const movedBack = (Date.parse(bangkokInstant(today, startTime)) - Date.parse(bangkokInstant(start.date, start.time))) / 60_000;
    expect(movedBack).toBeGreaterThanOrEqual(37);
    expect(movedBack).toBeLessThanOrEqual(40);

    // Typos: systolic 1200 and temperature 3.7 name the field and the likely fix, as soon as the field is left.
    await form.typeVital('systolic', '1200');
    await form.typeVital('temperature', '3.7');
    expect(await form.error('vitals.systolic').innerText()).toBe(`${t('visits.vital.systolic')}: ${t('v.vitals.systolic.extraDigit', { max: 260, suggested: 120 })}`);
    expect(await form.error('vitals.temperature').innerText()).toContain(`${t('visits.vital.temperature')}: `);
    expect(await form.error('vitals.temperature').innerText()).toContain('ให้พิมพ์ 37');
    expect(await form.vital('systolic').getAttribute('aria-invalid')).toBe('true');

    // Saving is refused; nothing typed is lost.
    let paths = await form.saveExpectingErrors();
    expect(paths.sort()).toEqual(['vitals.systolic', 'vitals.temperature']);
    expect(await form.vital('systolic').inputValue()).toBe('1200');
    expect(await form.vital('temperature').inputValue()).toBe('3.7');
    expect(await form.vital('pulse').inputValue()).toBe('88');
    expect(await form.field('visit-observations').inputValue()).toBe('ยิ้มแย้ม รับประทานอาหารได้');
    expect(await form.field('visit-problems').inputValue()).toBe('ขาบวมเล็กน้อย\nนอนไม่ค่อยหลับ');
    expect(await form.care('bathing').isChecked()).toBe(true);
    expect(await form.careMinutes('bathing').inputValue()).toBe('15');
    expect(await form.field('visit-escalation-reason').inputValue()).toContain('รพ.สต.');

    // Fixed as the message says; the errors go away as typed. A swapped pressure is refused with the swap offered.
    await form.typeVital('systolic', '120');
    await form.typeVital('diastolic', '150');
    expect(await form.error('vitals.diastolic').innerText()).toContain(t('v.vitals.diastolic.notBelowSystolic'));
    expect(await form.error('vitals.diastolic').innerText()).toContain(t('visits.swapHint', { suggestedSystolic: 150, suggestedDiastolic: 120 }));
    await form.typeVital('systolic', '150');
    await form.typeVital('diastolic', '95');
    await form.typeVital('temperature', '37');
    expect(await form.errorPaths()).toEqual([]);

    // A start in the future is refused: tomorrow's date, and (when the day allows) a later time today.
    await form.fill({ date: daysBefore(today, -1) });
    paths = await form.saveExpectingErrors();
    expect(paths).toEqual(['date']);
    expect(await form.error('date').innerText()).toBe(`${t('visits.field.date')}: ${t('v.visit.date.future')}`);
    await form.fill({ date: today });
    if (start.date === today && startTime < '23:58') {
      await form.fill({ time: '23:59' });
      paths = await form.saveExpectingErrors();
      expect(paths).toEqual(['time']);
      expect(await form.error('time').innerText()).toBe(`${t('visits.field.time')}: ${t('v.visit.time.future')}`);
    }
    // Saves counted from here: an autosave that ran earlier (the 3 s timer, on a slow machine while the
    // refused 23:59 was in the form) must not stand in for the save of what the form now holds.
    const savesBefore = await form.draftSaves();
    await form.fill({ date: start.date, time: start.time });
    expect(await form.errorPaths()).toEqual([]);

    // The draft is saved (on blur); the page closes mid-visit.
    await form.waitForDraftSave(savesBefore);
    expect(net.unexpectedErrors()).toEqual([]);
    await page.close();

    // Reopen the resident: the draft is offered, with when it was saved; continuing brings everything back.
    const second = await reopenOffline(context, baseUrl, residentId);
    const panel2 = new VisitStartPanel(second.page);
    await panel2.draftNotice.waitFor();
    expect(await panel2.startButton.count()).toBe(0);
    expect(await second.page.getByTestId('visit-draft-saved-at').innerText()).toContain('บันทึกร่างล่าสุดเมื่อ');
    const form2 = await panel2.continueDraft();
    expect(await form2.field('visit-date').inputValue()).toBe(form2.dateText(start.date));
    expect(await form2.field('visit-time').inputValue()).toBe(start.time);
    expect(await form2.field('visit-duration').inputValue()).toBe('40');
    expect(await form2.vital('systolic').inputValue()).toBe('150');
    expect(await form2.vital('diastolic').inputValue()).toBe('95');
    expect(await form2.vital('temperature').inputValue()).toBe('37');
    expect(await form2.vital('weight').inputValue()).toBe('52.5');
    expect(await form2.flagLevel('systolic')).toBe('high');
    expect(await form2.care('bathing').isChecked()).toBe(true);
    expect(await form2.care('medication').isChecked()).toBe(true);
    expect(await form2.careMinutes('bathing').inputValue()).toBe('15');
    expect(await form2.field('visit-mood-4').isChecked()).toBe(true);
    expect(await form2.field('visit-observations').inputValue()).toBe('ยิ้มแย้ม รับประทานอาหารได้');
    expect(await form2.field('visit-problems').inputValue()).toBe('ขาบวมเล็กน้อย\nนอนไม่ค่อยหลับ');
    expect(await form2.field('visit-escalation').inputValue()).toBe('health_centre');
    expect(await form2.field('visit-next-date').inputValue()).toBe(form2.dateText(daysBefore(today, -14)));

    // Save: the visit page shows it with its flags; the draft is gone.
    const detail = await form2.saveAndOpenVisit();
    await detail.saved.waitFor();
    expect(await detail.flag('systolic').getAttribute('data-level')).toBe('high');
    expect(await detail.flag('diastolic').getAttribute('data-level')).toBe('high');
    expect(await detail.flag('pulse').count()).toBe(0);
    expect(await second.page.getByTestId('visit-escalation-text').getAttribute('data-escalation')).toBe('health_centre');
    expect(await second.page.getByTestId('visit-problems-text').innerText()).toContain('นอนไม่ค่อยหลับ');
    await detail.waitForHistoryCount(0);

    // Amend: the same form prefilled; a reason is required; the history shows who, why and what changed.
    let amend = await detail.amend();
    expect(await amend.vital('pulse').inputValue()).toBe('88');
    expect(await amend.field('visit-observations').inputValue()).toBe('ยิ้มแย้ม รับประทานอาหารได้');
    await amend.typeVital('pulse', '92');
    paths = await amend.saveExpectingErrors();
    expect(paths).toEqual(['reason']);
    expect(await amend.vital('pulse').inputValue()).toBe('92');
    await amend.field('amend-reason').fill('อ่านค่าชีพจรผิด วัดซ้ำได้ 92');
    await amend.saveButton.click();
    await second.page.getByTestId('amendment-saved').waitFor();
    await detail.waitForHistoryCount(1);
    const entry = detail.historyEntries.first();
    const text = await entry.innerText();
    expect(text).toContain('อ่านค่าชีพจรผิด วัดซ้ำได้ 92');
    expect(text).toContain(`${t('visits.vital.pulse')}: 88 → 92`);
    expect(await entry.getAttribute('data-status')).toBe('applied');

    // Saving an "amendment" that changes nothing is refused.
    amend = await detail.amend();
    await amend.field('amend-reason').fill('ไม่มีอะไรเปลี่ยน');
    paths = await amend.saveExpectingErrors();
    expect(paths).toEqual(['form']);
    await second.page.getByTestId('amend-cancel').click();
    await detail.waitForHistoryCount(1);

    // The profile no longer offers a draft.
    await second.page.goto(new URL(`#/residents/${residentId}`, baseUrl).href);
    const panel3 = new VisitStartPanel(second.page);
    await panel3.startButton.waitFor();
    expect(await panel3.continueButton.count()).toBe(0);
    await second.page.getByTestId('open-last-visit').waitFor();

    expect(second.net.unexpectedErrors()).toEqual([]);
  });

  it('discarding a draft asks first; a visit to a moved resident needs a reason; the form speaks English after switching', async () => {
    const { page, errors, context } = await app.open();
    const net = new NetworkSwitch(context, page, errors);
    await net.offline();
    const profile = await addResidentThroughForm(page, buildResidentForm());
    const residentId = await profile.residentId();
    const panel = new VisitStartPanel(page);
    let form = await panel.start();
    await form.vital('pulse').fill('120');
    await form.waitForDraftSave(0);
    await page.getByTestId('visit-cancel').click();
    await panel.draftNotice.waitFor();
    await panel.discardDraft(false);
    expect(await panel.draftNotice.count()).toBe(1);
    await panel.discardDraft(true);
    expect(await panel.draftNotice.count()).toBe(0);

    // A visit to a resident who has moved away needs a reason.
    await profile.archive({ status: 'moved', reason: 'ย้ายไปอยู่กับบุตรที่เชียงใหม่' });
    form = await panel.start();
    await form.fill({ duration: '20' });
    expect(await form.saveExpectingErrors()).toEqual(['archivedReason']);
    expect(await form.error('archivedReason').innerText()).toBe(`${t('visits.field.archivedReason')}: ${t('v.visit.archivedReason.required')}`);
    await form.fill({ archivedReason: 'เยี่ยมครั้งสุดท้ายก่อนย้าย ส่งต่อข้อมูลให้ญาติ' });
    const detail = await form.saveAndOpenVisit();
    await detail.saved.waitFor();
    await page.goto(new URL(`#/residents/${residentId}`, app.baseUrl).href);
    await profile.waitReady(residentId);

    // English once: labels, flags and messages follow the language.
    await new AppShell(page).switchLanguage();
    const en = translator('en');
    const panelEn = new VisitStartPanel(page, 'en');
    form = await panelEn.start();
    expect(await page.locator('label[for="vital-systolic"]').innerText()).toBe('Systolic BP');
    await form.vital('pulse').fill('');
    await form.vital('systolic').fill('145');
    expect(await form.flag('systolic').innerText()).toContain(en('visits.flag.high'));
    await form.typeVital('temperature', '3.7');
    expect(await form.error('vitals.temperature').innerText()).toBe(`Temperature: ${en('v.vitals.temperature.decimalSlip', { min: 30, max: 43, suggested: 37 })}`);
    expect(net.unexpectedErrors()).toEqual([]);
  });

  it('a saved visit shows on the resident timeline with its blood-pressure chart', async () => {
    const { page, errors, context } = await app.open();
    const net = new NetworkSwitch(context, page, errors);
    await net.offline();
    const profile = await addResidentThroughForm(page, buildResidentForm());
    const residentId = await profile.residentId();
    const form = await new VisitStartPanel(page).start();
    await form.fill({ duration: '30', vitals: { systolic: '142', diastolic: '88' }, care: [{ code: 'bathing' }] });
    const detail = await form.saveAndOpenVisit();
    const visitId = await detail.visitId();
    await page.goto(new URL(`#/residents/${residentId}`, app.baseUrl).href);
    await new ProfilePage(page).waitReady(residentId);
    // The timeline and charts are tested in timeline.e2e.ts (ResidentTimeline).
    await page.getByTestId('timeline').waitFor();
    await page.locator('[data-testid="timeline-item"][data-kind="visit"]').first().waitFor();
    expect(await page.locator('[data-testid="timeline-item"][data-kind="visit"]').count()).toBe(1);
    await page.getByTestId('chart-bp').waitFor();
    expect(visitId).not.toBe('');
    expect(net.unexpectedErrors()).toEqual([]);
  });

  it('a photo is made small on the device, needs consent, and shows on the saved visit', async () => {
    const { page, errors, context } = await app.open();
    const net = new NetworkSwitch(context, page, errors);
    await net.offline();
    await addResidentThroughForm(page, buildResidentForm());
    const form = await new VisitStartPanel(page).start();
    await form.fill({ duration: '20', vitals: { systolic: '128', diastolic: '80' }, care: [{ code: 'bathing' }] });
    // A camera-sized picture (3000 × 2000, noisy so it does not compress to nothing), drawn in the page.
    const png = await page.evaluate(() => {
      const c = document.createElement('canvas');
      c.width = 3000;
      c.height = 2000;
      const g = c.getContext('2d');
      if (!g) throw new Error('no canvas');
      const img = g.createImageData(3000, 2000);
      for (let i = 0; i < img.data.length; i++) img.data[i] = (i * 2654435761) % 251;
      g.putImageData(img, 0, 0);
      return c.toDataURL('image/png').split(',')[1] ?? '';
    });
    await page.getByTestId('add-photo').setInputFiles({ name: 'wound.png', mimeType: 'image/png', buffer: Buffer.from(png, 'base64') });
    await page.getByTestId('visit-photo').first().locator('img').waitFor();
    const stored = await page.evaluate(async () => {
      const open = indexedDB.open('carerounds');
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const rows = await new Promise<{ bytes: ArrayBuffer; mimeType: string }[]>((resolve) => {
        const req = db.transaction('attachments').objectStore('attachments').getAll();
        req.onsuccess = () => resolve(req.result as { bytes: ArrayBuffer; mimeType: string }[]);
      });
      const queued = await new Promise<number>((resolve) => {
        const req = db.transaction('attachmentUploads').objectStore('attachmentUploads').count();
        req.onsuccess = () => resolve(req.result);
      });
      db.close();
      return { sizes: rows.map((r) => r.bytes.byteLength), types: rows.map((r) => r.mimeType), queued };
    });
    expect(stored.types).toEqual(['image/jpeg']);
    expect(stored.sizes[0]).toBeLessThanOrEqual(200 * 1024);
    expect(stored.queued).toBe(1);
    // Without consent the save is refused, and the photo stays on the form.
    expect(await form.saveExpectingErrors()).toContain('photoConsent');
    expect(await page.getByTestId('visit-photo').count()).toBe(1);
    await page.getByTestId('visit-photo-consent').check();
    const detail = await form.saveAndOpenVisit();
    await detail.root.waitFor();
    await page.getByTestId('visit-photos-shown').locator('img').waitFor();
    const size = await page.getByTestId('visit-photos-shown').locator('img').evaluate((img: HTMLImageElement) => ({ w: img.naturalWidth, h: img.naturalHeight }));
    // At most 1600 px on the longer side (a noisy picture is made smaller still to fit 200 KB), aspect kept.
    expect(size.w).toBeLessThanOrEqual(1600);
    expect(size.w).toBeGreaterThanOrEqual(400);
    expect(Math.abs(size.w / size.h - 1.5)).toBeLessThan(0.01);
    expect(net.unexpectedErrors()).toEqual([]);
  });
});
