import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  buildRegisterEntry,
  compareEntries,
  EMPTY_FILTER,
  filterRegister,
  lazyRegisterEntry,
  RegisterSearch,
  sortRegisterEntries,
  type ArchiveFilter,
  type RegisterFilter,
  type RegisterResident,
} from './register';
import { searchKey } from './text/normalise';

function resident(over: Partial<RegisterResident> & { id: string }): RegisterResident {
  return {
    prefix: 'นาง',
    firstName: 'สมศรี',
    lastName: 'ใจดี',
    nickname: '',
    nationalId: null,
    phones: [],
    contacts: [],
    address: { houseNo: '1', moo: '', village: '', soi: '', road: '', subDistrict: 'ประชาธิปัตย์', district: 'ธัญบุรี', province: 'ปทุมธานี', postalCode: '12130' },
    communityId: 'c-01',
    status: 'active',
    latestAdl: null,
    birthDate: { value: '1950', precision: 'year' },
    sex: 'female',
    deletedAt: null,
    ...over,
  };
}

const people = [
  resident({ id: 'a', firstName: 'สมศรี', lastName: 'ใจดี', nickname: 'ศรี', nationalId: '1130300123458', address: { ...resident({ id: 'x' }).address, houseNo: '99/12', moo: '3' } }),
  resident({ id: 'b', firstName: 'เกษม', lastName: 'ทองคำ', phones: [{ number: '0812345678', label: '' }], latestAdl: { assessmentId: 'z', total: 3, group: 'bedbound', assessedOn: '2025-01-01' } }),
  resident({ id: 'c', firstName: 'ขวัญใจ', lastName: 'ไก่แก้ว', status: 'died', communityId: 'c-02' }),
  resident({ id: 'd', firstName: 'บุญมี', lastName: 'มีสุข', deletedAt: '2025-01-01T00:00:00.000Z-0000-0000000000000000' }),
];
const entries = people.map((p) => buildRegisterEntry(p, p.communityId === 'c-01' ? 'ชุมชนรังสิตพัฒนา' : 'ชุมชนคลองหนึ่ง')).sort(compareEntries);
const ids = (f: Partial<typeof EMPTY_FILTER>) => filterRegister(entries, { ...EMPTY_FILTER, ...f }).map((e) => e.resident.id);

describe('register search', () => {
  it('sorts with Thai collation: เกษม (ก) before ขวัญใจ (ข) before สมศรี (ส)', () => {
    expect(entries.map((e) => e.resident.id)).toEqual(['b', 'c', 'd', 'a']);
  });
  it('finds partial Thai names, across first and last name, ignoring zero-width characters and spaces', () => {
    expect(ids({ query: 'ศรีใจ' })).toEqual(['a']);
    expect(ids({ query: 'สม\u200bศรี' })).toEqual(['a']);
    expect(ids({ query: 'สมศรี  ใจดี' })).toEqual(['a']);
    expect(ids({ query: 'กษ' })).toEqual(['b']);
  });
  it('finds by national ID typed with dashes, phone, house number, moo and community', () => {
    expect(ids({ query: '1-1303-00123' })).toEqual(['a']);
    expect(ids({ query: '081-234' })).toEqual(['b']);
    expect(ids({ query: '99/12' })).toEqual(['a']);
    expect(ids({ query: 'หมู่ 3' })).toEqual(['a']);
    expect(ids({ query: 'รังสิตพัฒนา' })).toEqual(['b', 'a']);
  });
  it('finds the name as the list shows it: title joined to the first name, a space, the last name', () => {
    expect(ids({ query: 'นางสมศรี ใจดี' })).toEqual(['a']);
    expect(ids({ query: 'นาง สมศรี' })).toEqual(['a']);
    expect(ids({ query: 'นางสาวสมศรี' })).toEqual(['a']);
    expect(ids({ query: 'น.ส.สมศรี ใจดี' })).toEqual(['a']);
    expect(ids({ query: 'นายเกษม ทองคำ' })).toEqual(['b']);
    expect(ids({ query: 'ด.ช. เกษม' })).toEqual(['b']);
    // A title alone names no one: it is searched as typed (นาง occurs in no key here).
    expect(ids({ query: 'นาง' })).toEqual([]);
    // The title is only stripped from the start, and the rest must still match.
    expect(ids({ query: 'นางสมศรี ทองคำ' })).toEqual([]);
    expect(ids({ query: 'สมศรีนาง' })).toEqual([]);
  });
  it('still finds a name that begins with a title\'s letters, typed as is', () => {
    const nayika = [buildRegisterEntry(resident({ id: 'n', firstName: 'นายิกา', lastName: 'นางแล' }))];
    expect(filterRegister(nayika, { ...EMPTY_FILTER, query: 'นายิกา' }).map((e) => e.resident.id)).toEqual(['n']);
    expect(filterRegister(nayika, { ...EMPTY_FILTER, query: 'นางนายิกา นางแล' }).map((e) => e.resident.id)).toEqual(['n']);
  });
  it('loose mode ignores tone marks', () => {
    expect(ids({ query: 'ไกแกว', archive: 'all' })).toEqual(['c']);
  });
  it('does not match across fields', () => {
    expect(ids({ query: 'ศรี1130' })).toEqual([]);
  });
  it('filters archived, community and ADL group; never shows tombstones', () => {
    expect(ids({})).toEqual(['b', 'a']);
    expect(ids({ archive: 'archived' })).toEqual(['c']);
    expect(ids({ archive: 'all' })).toEqual(['b', 'c', 'a']);
    expect(ids({ communityId: 'c-02', archive: 'all' })).toEqual(['c']);
    expect(ids({ adlGroup: 'bedbound' })).toEqual(['b']);
    expect(ids({ adlGroup: 'none' })).toEqual(['a']);
  });
});

// Characters that exercise the key: consonants, leading vowels (collated after the consonant), upper and
// lower vowels, tone marks in both orders, ำ vs ํ+า, Thai digits, zero-width and spaces, ASCII, dashes.
const KEY_CHARS = ['ก', 'ข', 'น', 'ส', 'เ', 'แ', 'ไ', 'า', 'ำ', 'ํ', 'ิ', 'ี', 'ุ', '่', '้', '๊', '์', '๑', '๙', '1', '9', '/', '-', ' ', '\u200b', 'A', 'é', '\u0001'];
const keyText = fc.string({ unit: fc.constantFrom(...KEY_CHARS), maxLength: 8 });

describe('register entries', () => {
  it('build the search key in one pass exactly as keying each field and joining them', () => {
    const perField = (r: RegisterResident, communityName: string) => {
      const a = r.address;
      return [
        r.firstName + r.lastName,
        r.nickname,
        r.nationalId ?? '',
        ...r.phones.map((p) => p.number),
        ...r.contacts.map((c) => c.phone),
        a.houseNo,
        a.moo ? `หมู่${a.moo}` : '',
        a.moo ? `ม${a.moo}` : '',
        a.village,
        a.soi,
        a.road,
        communityName,
      ]
        .filter((p) => p !== '')
        .map((p) => searchKey(p, { loose: true }))
        .join('\u0001');
    };
    fc.assert(
      fc.property(fc.array(keyText, { minLength: 10, maxLength: 10 }), keyText, ([first, last, nick, id, phone, house, moo, village, soi, road], community) => {
        const base = resident({ id: 'p' });
        const r = resident({
          id: 'p',
          firstName: first ?? '',
          lastName: last ?? '',
          nickname: nick ?? '',
          nationalId: id || null,
          phones: phone ? [{ number: phone, label: '' }] : [],
          address: { ...base.address, houseNo: house ?? '', moo: moo ?? '', village: village ?? '', soi: soi ?? '', road: road ?? '' },
        });
        expect(buildRegisterEntry(r, community).key).toBe(perField(r, community));
      }),
      { numRuns: 500 },
    );
  });

  it('copy the filtered fields of the resident', () => {
    const e = buildRegisterEntry(resident({ id: 'q', communityId: 'c-07', deletedAt: '2025-01-01T00:00:00.000Z-0000-0000000000000000' }));
    expect(e).toMatchObject({ deleted: true, communityId: 'c-07', archived: false, group: null });
    expect(buildRegisterEntry(resident({ id: 'r', status: 'moved' }))).toMatchObject({ deleted: false, archived: true });
  });

  it('sortRegisterEntries gives the compareEntries order', () => {
    const name = fc.string({ unit: fc.constantFrom('ก', 'ข', 'เ', 'แ', 'า', 'ี', '่', '้', '\u200b', 'ส'), minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(fc.array(fc.tuple(name, name), { maxLength: 40 }), (names) => {
        // Few distinct names, so ties on first and last name (broken by id) are common.
        const list = names.map(([f, l], i) => buildRegisterEntry(resident({ id: `id-${(i * 7919) % 1000}-${i}`, firstName: f, lastName: l })));
        const expected = [...list].sort(compareEntries).map((e) => e.resident.id);
        expect(sortRegisterEntries(list).map((e) => e.resident.id)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
    expect(sortRegisterEntries(entries).map((e) => e.resident.id)).toEqual(['b', 'c', 'd', 'a']);
  });
});

describe('lazy register entries', () => {
  it('have the fields and key of buildRegisterEntry, the key computed on first read', () => {
    for (const p of people) {
      const eager = buildRegisterEntry(p, 'ชุมชนคลองหนึ่ง');
      const lazy = lazyRegisterEntry(p, 'ชุมชนคลองหนึ่ง');
      expect({ resident: lazy.resident, key: lazy.key, archived: lazy.archived, group: lazy.group, deleted: lazy.deleted, communityId: lazy.communityId }).toEqual(eager);
    }
  });
});

describe('RegisterSearch', () => {
  const name = fc.string({ unit: fc.constantFrom('ก', 'ข', 'น', 'เ', 'า', 'ี', '่', '้', 'ส', 'ม'), minLength: 1, maxLength: 5 });
  const person = fc.record({
    firstName: name,
    lastName: name,
    nickname: fc.oneof(fc.constant(''), name),
    houseNo: fc.constantFrom('1', '12/3', '99/12', '5'),
    status: fc.constantFrom('active', 'in_hospital', 'moved', 'died' as const),
    communityId: fc.constantFrom('c-01', 'c-02'),
    group: fc.constantFrom(null, 'social', 'homebound', 'bedbound' as const),
    deleted: fc.boolean(),
  });
  const filterArb: fc.Arbitrary<RegisterFilter> = fc.record({
    query: fc.oneof(
      fc.string({ unit: fc.constantFrom('ก', 'น', 'า', 'ี', '่', 'ส', 'ม', '1', '2', '/', ' ', '\u200b'), maxLength: 4 }),
      name,
      fc.tuple(fc.constantFrom('นาง', 'นางสาว', 'นาย', 'น.ส.', 'ด.ช. '), name).map(([title, n]) => title + n),
    ),
    communityId: fc.constantFrom('', 'c-01', 'c-02'),
    adlGroup: fc.constantFrom('', 'none', 'social', 'homebound', 'bedbound' as const),
    archive: fc.constantFrom('current', 'archived', 'all' as const),
  });
  type Person = typeof person extends fc.Arbitrary<infer T> ? T : never;
  const build = (ps: readonly Person[]) =>
    sortRegisterEntries(
      ps.map((p, i) =>
        lazyRegisterEntry(
          resident({
            id: `r${i}`,
            firstName: p.firstName,
            lastName: p.lastName,
            nickname: p.nickname,
            status: p.status,
            communityId: p.communityId,
            latestAdl: p.group ? { assessmentId: 'x', total: 10, group: p.group, assessedOn: '2025-01-01' } : null,
            deletedAt: p.deleted ? '2025-01-01T00:00:00.000Z-0000-0000000000000000' : null,
            address: { ...resident({ id: 'x' }).address, houseNo: p.houseNo },
          }),
        ),
      ),
    );

  it('finds exactly what filterRegister finds, in the same order, before, during and after indexing', () => {
    fc.assert(
      fc.property(fc.array(person, { maxLength: 600 }), fc.array(filterArb, { minLength: 1, maxLength: 6 }), fc.nat(3), (ps, filters, steps) => {
        const sorted = build(ps);
        const search = new RegisterSearch(sorted);
        for (let k = 0; k < steps; k++) search.prepare(() => 0); // one chunk per call
        for (const f of filters) expect(search.filter(f)).toEqual(filterRegister(sorted, f));
        search.prepare();
        expect(search.ready).toBe(true);
        for (const f of filters) expect(search.filter(f)).toEqual(filterRegister(sorted, f));
      }),
      { numRuns: 150 },
    );
  });

  it('indexes in chunks when time is short, and completes', () => {
    const sorted = build(Array.from({ length: 700 }, (_, i) => ({ firstName: 'สมศรี', lastName: `ใจดี${i}`, nickname: '', houseNo: '1', status: 'active' as const, communityId: 'c-01', group: null, deleted: false })));
    const search = new RegisterSearch(sorted);
    expect(search.prepare(() => 0)).toBe(false);
    expect(search.prepare(() => 0)).toBe(false);
    expect(search.ready).toBe(false);
    expect(search.prepare(() => 0)).toBe(true); // 3 × 256 ≥ 700
    expect(search.filter({ ...EMPTY_FILTER, query: 'ใจดี12' }).map((e) => e.resident.id).sort()).toEqual(['r12', 'r120', 'r121', 'r122', 'r123', 'r124', 'r125', 'r126', 'r127', 'r128', 'r129']);
    expect(search.filter({ ...EMPTY_FILTER, query: 'ขข' })).toEqual([]);
  });

  it('tests a longer query against the whole key (its pairs apart are no match), a two-letter one against the other filters', () => {
    const sorted = sortRegisterEntries([
      lazyRegisterEntry(resident({ id: 'pairs-apart', firstName: 'มาก', lastName: 'กาน' })), // มา and าน, never มาน
      lazyRegisterEntry(resident({ id: 'whole', firstName: 'มานะ', lastName: 'ดี' })),
      lazyRegisterEntry(resident({ id: 'died', firstName: 'มานพ', lastName: 'ดี', status: 'died' })),
    ]);
    const search = new RegisterSearch(sorted);
    search.prepare();
    const ids = (query: string, archive: ArchiveFilter = 'current') => search.filter({ ...EMPTY_FILTER, query, archive }).map((e) => e.resident.id).sort();
    expect(ids('มาน')).toEqual(['whole']);
    expect(ids('มา')).toEqual(['pairs-apart', 'whole']);
    expect(ids('มา', 'archived')).toEqual(['died']);
  });

  it('lists a resident once when the query pair occurs twice in its key', () => {
    const sorted = [lazyRegisterEntry(resident({ id: 'twice', firstName: 'มานีมานะ', lastName: 'มาก' }))];
    const search = new RegisterSearch(sorted);
    search.prepare();
    expect(search.filter({ ...EMPTY_FILTER, query: 'มา' }).map((e) => e.resident.id)).toEqual(['twice']);
  });
});
