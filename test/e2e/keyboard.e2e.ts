/**
 * A keyboard-only pass: from the register, open the add form, fill every required field (title and sex
 * included, the area through the address picker), save with Enter and land on the profile, using only Tab,
 * Shift+Tab, typing, arrow keys and Enter. After every Tab the focus must be on a visible element (never
 * lost to <body>), and no element may have a positive tabindex (it would break the reading order).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { thaiIdFrom } from '../../shared/demo/generate';
import { useBrowser } from './support/session';
import { RegisterPage } from './pages/RegisterPage';
import { ResidentFormPage } from './pages/ResidentFormPage';

interface Focused {
  tag: string;
  id: string;
  testId: string;
  type: string;
  text: string;
  visible: boolean;
}

function describeFocus(f: Focused): string {
  return `${f.tag.toLowerCase()}${f.id ? `#${f.id}` : ''}${f.testId ? `[${f.testId}]` : ''}${f.type ? `(${f.type})` : ''} "${f.text}"`;
}

async function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!(el instanceof HTMLElement)) return { tag: 'NONE', id: '', testId: '', type: '', text: '', visible: false };
    const rect = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    // Visible: has a box, is not hidden, and lies (at least partly) inside the viewport after focus scrolled it.
    const visible =
      rect.width > 0 &&
      rect.height > 0 &&
      style.visibility !== 'hidden' &&
      style.display !== 'none' &&
      rect.bottom > 0 &&
      rect.right > 0 &&
      rect.top < window.innerHeight &&
      rect.left < window.innerWidth;
    return {
      tag: el.tagName,
      id: el.id,
      testId: el.dataset.testid ?? '',
      type: el instanceof HTMLInputElement ? el.type : '',
      text: (el.innerText || el.getAttribute('aria-label') || '').trim().slice(0, 40),
      visible,
    };
  });
}

/** Elements with tabindex > 0 (they jump the tab order). */
function positiveTabIndexes(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('[tabindex]'))
      .filter((el) => el.tabIndex > 0)
      .map((el) => el.outerHTML.slice(0, 80)),
  );
}

describe('keyboard-only resident entry', () => {
  const app = useBrowser();

  it('adds a resident with the keyboard alone, focus always visible, no positive tabindex', async () => {
    const { page, errors } = await app.open();
    const register = new RegisterPage(page);
    await register.waitReady();
    expect(await positiveTabIndexes(page)).toEqual([]);

    const trail: string[] = [];
    const press = async (key: 'Tab' | 'Shift+Tab'): Promise<Focused> => {
      await page.keyboard.press(key);
      const f = await focused(page);
      trail.push(`${key} → ${describeFocus(f)}`);
      if (f.tag === 'BODY' || f.tag === 'NONE' || !f.visible) {
        throw new Error(`focus lost or invisible after ${key}:\n${trail.slice(-8).join('\n')}`);
      }
      return f;
    };

    // Register: the skip link comes first, then Tab reaches the add button; Enter opens the form.
    const first = await press('Tab');
    expect(first.text).toBe('ข้ามไปยังเนื้อหา');
    let f = first;
    for (let i = 0; i < 15 && f.testId !== 'add-resident'; i++) f = await press('Tab');
    expect(f.testId).toBe('add-resident');
    await page.keyboard.press('Enter');
    const form = new ResidentFormPage(page);
    await form.waitReady();
    expect(await positiveTabIndexes(page)).toEqual([]);

    // Walk the form with Tab; act on each field as it receives focus.
    const done = new Set<string>();
    let picked = '';
    for (let i = 0; i < 150; i++) {
      f = await press('Tab');
      if (f.testId === 'save-resident') break;
      if (done.has(f.id)) continue;
      switch (f.id) {
        case 'rf-prefix':
          // Options: "choose", นาย, นาง, นางสาว, other.
          await page.keyboard.press('ArrowDown');
          await page.keyboard.press('ArrowDown');
          expect(await form.field('rf.prefix').inputValue()).toBe('นาง');
          break;
        case 'rf-firstName':
          await page.keyboard.type('มาลี');
          break;
        case 'rf-lastName':
          await page.keyboard.type('ทองดี');
          // Shift+Tab goes back to the first name, Tab returns here.
          expect((await press('Shift+Tab')).id).toBe('rf-firstName');
          expect((await press('Tab')).id).toBe('rf-lastName');
          break;
        case 'rf-nickname':
          await page.keyboard.type('ลี');
          break;
        case 'rf-sex': {
          // Tab enters the radio group on its first option (ชาย); the arrow moves to and selects หญิง.
          await page.keyboard.press('ArrowRight');
          const now = await focused(page);
          expect(now.id).toBe('rf-sex-female');
          done.add(now.id);
          expect(await form.group('rf.sex').getByLabel('หญิง', { exact: true }).isChecked()).toBe(true);
          break;
        }
        case 'rf-nationalId':
          await page.keyboard.type(thaiIdFrom('310050012345'));
          break;
        case 'rf-birthDay':
          await page.keyboard.type('2');
          break;
        case 'rf-birthMonth':
          for (let k = 0; k < 5; k++) await page.keyboard.press('ArrowDown'); // "unknown", then มกราคม … พฤษภาคม
          expect(await form.field('rf.birthMonth').inputValue()).toBe('5');
          break;
        case 'rf-birthYear':
          await page.keyboard.type('2495');
          break;
        case 'rf-communityId':
          await page.keyboard.press('ArrowDown');
          expect(await form.field('rf.community').inputValue()).not.toBe('');
          break;
        case 'rf-address-houseNo':
          await page.keyboard.type('12/3');
          break;
        case 'rf-address-search': {
          await page.keyboard.type('คลองหนึ่ง');
          // Debounced search: wait for the list of the whole word, not of a prefix typed on the way.
          await form.addressOptions.first().filter({ hasText: /^คลองหนึ่ง › / }).waitFor();
          const options = await form.addressOptions.count();
          await page.keyboard.press('ArrowDown');
          if (options > 1) await page.keyboard.press('ArrowUp'); // back to the first option
          picked = await form.addressOptions.first().innerText();
          await page.keyboard.press('Enter'); // picks; never submits the form
          await form.page.getByTestId('address-search-status').filter({ hasText: 'คลองหนึ่ง' }).waitFor();
          break;
        }
        default:
          continue;
      }
      done.add(f.id);
    }
    expect(f.testId).toBe('save-resident');
    for (const id of ['rf-prefix', 'rf-firstName', 'rf-lastName', 'rf-sex', 'rf-nationalId', 'rf-birthYear', 'rf-communityId', 'rf-address-houseNo', 'rf-address-search']) {
      expect(done, `never reached ${id}:\n${trail.join('\n')}`).toContain(id);
    }
    // The picker filled the four area fields from the chosen option ("ตำบล › อำเภอ › จังหวัด รหัส").
    const [subDistrict, district, rest] = picked.split(' › ');
    const [province, postalCode] = (rest ?? '').split(' ');
    expect(subDistrict).toBe('คลองหนึ่ง');
    expect(await form.addressField('subDistrict').inputValue()).toBe(subDistrict);
    expect(await form.addressField('district').inputValue()).toBe(district);
    expect(await form.addressField('province').inputValue()).toBe(province);
    expect(await form.addressField('postalCode').inputValue()).toBe(postalCode);

    await page.keyboard.press('Enter');
    const profile = await form.landOnProfile();
    expect(await profile.nameText()).toBe('นางมาลี ทองดี (ลี)');
    expect(await profile.birthDate.innerText()).toBe('2 พฤษภาคม 2495');
    expect(await page.getByTestId('profile-address').innerText()).toContain(`12/3 คลองหนึ่ง ${district} ${province} ${postalCode}`);
    expect(await positiveTabIndexes(page)).toEqual([]);

    expect(errors).toEqual([]);
  });
});
