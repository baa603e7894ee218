import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ADL_ITEMS, adlGroup, adlTotal } from '../../shared/adl';
import { adlFormSchema } from '../../shared/assessment';
import { validateThaiId } from '../../shared/ids/thaiId';
import { validateThaiPhone } from '../../shared/phone';
import { SEED_COMMUNITIES } from '../../shared/reference/communities';
import { DISEASE_CODES } from '../../shared/reference/diseases';
import { archiveSchema, residentFormSchema, residentToForm, type ResidentData, type ResidentProfile } from '../../shared/resident';
import { isUuidV7, uuidv7Time } from '../../renderer/db/ids';
import { DEFAULT_TODAY, generateDemoData, thaiIdFrom } from '../../shared/demo/generate';
import { buildResidentForm, buildResidentProfile } from '../../shared/demo/builders';

const TODAY = '2025-06-15';
const big = generateDemoData({ residents: 10_000, seed: 42, today: TODAY });

function profileOf(r: ResidentData): ResidentProfile {
  const { status: _s, statusDate: _d, statusReason: _r, latestAdl: _l, ...profile } = r;
  return profile;
}

/** Age in whole years at `on`, for a partial date taking the latest possible birthday (youngest age). */
function ageAt(birth: ResidentData['birthDate'], on: string): number {
  const [y = 0, m = 12, d = 31] = birth.value.split('-').map(Number);
  const [ty = 0, tm = 0, td = 0] = on.split('-').map(Number);
  return ty - y - (tm < m || (tm === m && td < d) ? 1 : 0);
}

const bangkokDate = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10);

describe('generateDemoData: determinism and scaling', () => {
  it('same seed and options give deep-equal output; another seed differs', () => {
    const a = generateDemoData({ residents: 300, seed: 7, today: TODAY });
    const b = generateDemoData({ residents: 300, seed: 7, today: TODAY });
    expect(b).toEqual(a);
    const c = generateDemoData({ residents: 300, seed: 8, today: TODAY });
    expect(c.residents.map((r) => r.id)).not.toEqual(a.residents.map((r) => r.id));
    expect(c.residents.map((r) => r.data.firstName)).not.toEqual(a.residents.map((r) => r.data.firstName));
  });

  it('does not depend on the clock when today is omitted', () => {
    const a = generateDemoData({ residents: 50 });
    expect(generateDemoData({ residents: 50 })).toEqual(a);
    expect(generateDemoData({ residents: 50, today: DEFAULT_TODAY })).toEqual(a);
  });

  it('is prefix-stable: a small set is the start of a bigger one with the same seed', () => {
    const small = generateDemoData({ residents: 200, seed: 42, today: TODAY });
    expect(small.residents).toEqual(big.residents.slice(0, 200));
    expect(small.assessments).toEqual(big.assessments.slice(0, small.assessments.length));
  });

  it('scales: resident and assessment counts follow the options', () => {
    for (const n of [0, 1, 10, 1000]) {
      const d = generateDemoData({ residents: n, seed: 3, today: TODAY });
      expect(d.residents).toHaveLength(n);
      expect(d.assessments.length).toBeGreaterThanOrEqual(n);
      expect(d.assessments.length).toBeLessThanOrEqual(4 * n);
    }
    const none = generateDemoData({ residents: 100, seed: 3, today: TODAY, assessmentsPerResident: [0, 0] });
    expect(none.assessments).toEqual([]);
    expect(none.residents.every((r) => r.data.latestAdl === null)).toBe(true);
    const two = generateDemoData({ residents: 100, seed: 3, today: TODAY, assessmentsPerResident: [2, 2] });
    expect(two.assessments).toHaveLength(200);
    expect(() => generateDemoData({ residents: -1 })).toThrow(RangeError);
    expect(() => generateDemoData({ residents: 10, assessmentsPerResident: [3, 1] })).toThrow(RangeError);
  });

  it('generates 10,000 residents with another seed: all there, distinct ids, every assessment of one of them', () => {
    const d = generateDemoData({ residents: 10_000, seed: 99, today: TODAY });
    expect(d.residents).toHaveLength(10_000);
    const ids = new Set(d.residents.map((r) => r.id));
    expect(ids.size).toBe(10_000);
    expect(d.assessments.length).toBeGreaterThanOrEqual(10_000);
    expect(d.assessments.every((a) => ids.has(a.data.residentId))).toBe(true);
    expect(d.residents.map((r) => r.id)).not.toEqual(big.residents.map((r) => r.id));
  });

  it('stays importable by the renderer: no node:* imports in the demo modules', () => {
    for (const file of ['generate.ts', 'thaiData.ts', 'builders.ts']) {
      const src = readFileSync(new URL(`../../shared/demo/${file}`, import.meta.url), 'utf8');
      expect(src).not.toMatch(/from\s+['"]node:|require\(|Math\.random\s*\(/);
    }
  });
});

describe('generateDemoData: validity of every record', () => {
  it('ids are unique UUIDv7 strings whose time is the record date', () => {
    const ids = [...big.residents.map((r) => r.id), ...big.assessments.map((a) => a.id)];
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every(isUuidV7)).toBe(true);
    for (const a of big.assessments) expect(bangkokDate(uuidv7Time(a.id))).toBe(a.data.assessedOn);
  });

  it('national IDs pass the checksum and are unique; about 3% have none, with a reason', () => {
    const ids: string[] = [];
    let without = 0;
    for (const { data } of big.residents) {
      if (data.nationalId === null) {
        without++;
        expect(data.noIdReason).toMatch(/\S/);
      } else {
        expect(validateThaiId(data.nationalId)).toEqual({ ok: true, id: data.nationalId });
        expect(data.noIdReason).toBeNull();
        ids.push(data.nationalId);
      }
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(without / big.residents.length).toBeGreaterThan(0.015);
    expect(without / big.residents.length).toBeLessThan(0.045);
  });

  it('every resident round-trips through the profile form schema unchanged (BE era)', () => {
    const schema = residentFormSchema({ era: 'BE', today: TODAY });
    for (const { data } of big.residents) {
      const profile = profileOf(data);
      const parsed = schema.safeParse(residentToForm(profile, 'BE'));
      if (!parsed.success) throw new Error(`${data.firstName} ${data.lastName}: ${JSON.stringify(parsed.error.issues)}`);
      expect(parsed.data).toEqual(profile);
    }
  });

  it('phones are valid normalised Thai numbers; contacts have a valid phone or none', () => {
    for (const { data } of big.residents) {
      for (const p of data.phones) expect(validateThaiPhone(p.number)).toMatchObject({ ok: true, phone: p.number });
      for (const c of data.contacts) {
        if (c.phone !== '') expect(validateThaiPhone(c.phone)).toMatchObject({ ok: true, phone: c.phone });
      }
    }
  });

  it('prefix matches sex, ages are 60–100, community and address agree, diseases are coded', () => {
    const communities = new Map(SEED_COMMUNITIES.map((c) => [c.id, c]));
    for (const { data } of big.residents) {
      if (data.prefix === 'นาย') expect(data.sex).toBe('male');
      else if (data.prefix === 'นาง' || data.prefix === 'นางสาว') expect(data.sex).toBe('female');
      else expect(data.sex).toBe('male'); // monks and ranks
      const age = ageAt(data.birthDate, TODAY);
      expect(age).toBeGreaterThanOrEqual(data.birthDate.precision === 'day' ? 60 : 59);
      expect(age).toBeLessThanOrEqual(100);
      const c = communities.get(data.communityId);
      expect(c).toBeDefined();
      expect(data.address).toMatchObject({ subDistrict: c?.subDistrict, district: c?.district, province: c?.province, postalCode: c?.postalCode });
      expect(data.address.houseNo).toMatch(/^\d+(\/\d+)?$/);
      for (const code of data.diseases) expect(DISEASE_CODES.has(code)).toBe(true);
      if (data.allergyStatus === 'known') expect(data.allergies.length).toBeGreaterThan(0);
      else expect(data.allergies).toEqual([]);
    }
  });

  it('status dates and reasons: none for active, valid archive input for moved/died', () => {
    const archive = archiveSchema({ today: TODAY });
    for (const { data } of big.residents) {
      if (data.status === 'active') {
        expect(data.statusDate).toBeNull();
        expect(data.statusReason).toBe('');
      } else {
        expect(data.statusDate).not.toBeNull();
        expect(data.statusDate ?? '9999').toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect((data.statusDate ?? '9999') <= TODAY).toBe(true);
        expect(data.statusReason).toMatch(/\S/);
        if (data.status === 'moved' || data.status === 'died') {
          expect(archive.safeParse({ status: data.status, statusDate: data.statusDate, statusReason: data.statusReason }).success).toBe(true);
        }
      }
    }
  });

  it('assessments: answers within item maxima, total and group consistent, dates in the past two years', () => {
    const keys = ADL_ITEMS.map((i) => i.key).sort();
    const form = adlFormSchema({ today: TODAY });
    const residents = new Map(big.residents.map((r) => [r.id, r.data]));
    // Collected rather than asserted one by one: 25,000 assessments × a dozen expects is slow.
    const problems: string[] = [];
    for (const { id, data } of big.assessments) {
      if (Object.keys(data.answers).sort().join() !== keys.join()) problems.push(`${id}: keys ${Object.keys(data.answers).join()}`);
      for (const item of ADL_ITEMS) {
        const v = data.answers[item.key];
        if (!Number.isInteger(v) || v < 0 || v > item.max) problems.push(`${id}: ${item.key}=${v}`);
      }
      if (data.total !== adlTotal(data.answers)) problems.push(`${id}: total ${data.total}`);
      if (data.group !== adlGroup(data.total)) problems.push(`${id}: group ${data.group} for ${data.total}`);
      if (data.assessedOn > TODAY || data.assessedOn < '2023-06-15') problems.push(`${id}: assessedOn ${data.assessedOn}`);
      const r = residents.get(data.residentId);
      if (!r) problems.push(`${id}: unknown resident ${data.residentId}`);
      else if (r.statusDate !== null && data.assessedOn >= r.statusDate) problems.push(`${id}: assessed ${data.assessedOn}, status since ${r.statusDate}`);
    }
    expect(problems).toEqual([]);
    // The shared form schema accepts a sample as input (it recomputes total and group).
    for (const { data } of big.assessments.slice(0, 500)) {
      const parsed = form.safeParse({ assessedOn: data.assessedOn, answers: data.answers, reason: data.reason, notes: data.notes });
      expect(parsed.success).toBe(true);
      if (parsed.success) expect([parsed.data.total, parsed.data.group]).toEqual([data.total, data.group]);
    }
  });

  it("latestAdl is the resident's newest assessment; dates per resident are distinct", () => {
    const byResident = new Map<string, { id: string; assessedOn: string; total: number; group: string }[]>();
    for (const a of big.assessments) {
      const list = byResident.get(a.data.residentId) ?? [];
      list.push({ id: a.id, assessedOn: a.data.assessedOn, total: a.data.total, group: a.data.group });
      byResident.set(a.data.residentId, list);
    }
    for (const { id, data } of big.residents) {
      const list = byResident.get(id) ?? [];
      expect(list.length).toBeGreaterThanOrEqual(1);
      expect(list.length).toBeLessThanOrEqual(4);
      expect(new Set(list.map((a) => a.assessedOn)).size).toBe(list.length);
      const newest = [...list].sort((a, b) => (a.assessedOn < b.assessedOn ? 1 : -1))[0];
      expect(data.latestAdl).toEqual({ assessmentId: newest?.id, total: newest?.total, group: newest?.group, assessedOn: newest?.assessedOn });
    }
  });
});

describe('generateDemoData: realistic mix', () => {
  const n = big.residents.length;
  const share = (pred: (r: ResidentData) => boolean) => big.residents.filter((r) => pred(r.data)).length / n;

  it('mostly ติดสังคม, with some ติดบ้าน and ติดเตียง, and some declining histories', () => {
    expect(share((r) => r.latestAdl?.group === 'social')).toBeGreaterThan(0.6);
    expect(share((r) => r.latestAdl?.group === 'homebound')).toBeGreaterThan(0.05);
    expect(share((r) => r.latestAdl?.group === 'bedbound')).toBeGreaterThan(0.02);
    const firstTotal = new Map<string, number>();
    for (const a of big.assessments) if (!firstTotal.has(a.data.residentId)) firstTotal.set(a.data.residentId, a.data.total);
    const declinedIntoDependence = big.residents.filter(
      (r) => (firstTotal.get(r.id) ?? 0) >= 12 && r.data.latestAdl !== null && r.data.latestAdl.total <= 11,
    ).length;
    expect(declinedIntoDependence).toBeGreaterThan(50);
  });

  it('statuses: mostly active, some in hospital, about 2% moved and 2% died', () => {
    expect(share((r) => r.status === 'active')).toBeGreaterThan(0.85);
    expect(share((r) => r.status === 'in_hospital')).toBeGreaterThan(0.01);
    for (const s of ['moved', 'died'] as const) {
      expect(share((r) => r.status === s)).toBeGreaterThan(0.01);
      expect(share((r) => r.status === s)).toBeLessThan(0.035);
    }
  });

  it('names exercise Thai collation and search: leading vowels, tone marks, free-text prefixes', () => {
    expect(share((r) => /^[เแโใไ]/.test(r.firstName))).toBeGreaterThan(0.1);
    expect(share((r) => /^[เแโใไ]/.test(r.lastName))).toBeGreaterThan(0.1);
    expect(share((r) => /[\u0E48-\u0E4B]/.test(r.firstName + r.lastName))).toBeGreaterThan(0.1);
    expect(share((r) => r.prefix.startsWith('พระ'))).toBeGreaterThan(0.005);
    expect(share((r) => r.prefix === 'นางสาว')).toBeGreaterThan(0.03);
    const names = new Set(big.residents.map((r) => `${r.data.firstName} ${r.data.lastName}`));
    expect(names.size).toBeGreaterThan(2000);
  });

  it('birth date precision is mostly day, some month or year only; coverage mostly UCS; common diseases', () => {
    expect(share((r) => r.birthDate.precision === 'day')).toBeGreaterThan(0.75);
    expect(share((r) => r.birthDate.precision === 'month')).toBeGreaterThan(0.02);
    expect(share((r) => r.birthDate.precision === 'year')).toBeGreaterThan(0.02);
    expect(share((r) => r.coverage === 'ucs')).toBeGreaterThan(0.6);
    expect(share((r) => r.diseases.includes('I10'))).toBeGreaterThan(0.4);
    expect(share((r) => r.diseases.includes('E11'))).toBeGreaterThan(0.15);
    expect(share((r) => r.address.moo === '')).toBeGreaterThan(0.8);
    for (const s of ['unknown', 'none', 'known'] as const) expect(share((r) => r.allergyStatus === s)).toBeGreaterThan(0.05);
  });
});

describe('builders', () => {
  it('buildResidentForm() parses (BE era) to exactly buildResidentProfile()', () => {
    const parsed = residentFormSchema({ era: 'BE', today: TODAY }).safeParse(buildResidentForm());
    expect(parsed.success ? parsed.data : parsed.error.issues).toEqual(buildResidentProfile());
  });

  it('overrides replace fields, and an invalid override is caught by the schema', () => {
    const id = thaiIdFrom('112345678901');
    const form = buildResidentForm({ firstName: 'ไพโรจน์', prefix: 'นาย', sex: 'male', nationalId: id });
    expect(form.firstName).toBe('ไพโรจน์');
    const parsed = residentFormSchema({ era: 'BE', today: TODAY }).safeParse(form);
    expect(parsed.success ? parsed.data : null).toEqual(buildResidentProfile({ firstName: 'ไพโรจน์', prefix: 'นาย', sex: 'male', nationalId: id }));
    const bad = residentFormSchema({ era: 'BE', today: TODAY }).safeParse(buildResidentForm({ birthYear: '1947' }));
    expect(bad.success).toBe(false);
  });
});
