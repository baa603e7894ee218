import { describe, expect, it } from 'vitest';
import { checkServiceColumns, DEFAULT_SERVICE_COLUMNS, SERVICE_COLUMN_KEYS } from './columns';
import { bahtPlain, csvField, CSV_BOM, parseCsv, serviceCsvFileName, serviceListCsv, toCsv } from './csv';
import type { ServiceRow } from './definitions';
import { safeFileNameSchema } from '../bridge';

const row = (o: Partial<ServiceRow> = {}): ServiceRow => ({
  residentId: 'r1',
  nationalId: '1103700012345',
  noIdReason: null,
  prefix: 'นาง',
  firstName: 'มาลี',
  lastName: 'ใจดี',
  birthDate: '1945-03-15',
  address: '12 ม.3 ซ.สุขใจ, ประชาธิปัตย์',
  phone: '0812345678',
  communityId: 'c-01',
  adlTotal: 8,
  adlGroup: 'homebound',
  adlOn: '2024-10-05',
  tai: 'C3',
  careManagerId: 'cm',
  caregiverId: 'cg',
  planId: 'p1',
  planRef: 'LTC-68/001',
  fundApprovedOn: '2024-10-20',
  startDate: '2024-10-01',
  coveredDays: 365,
  visits: 12,
  amountSatang: 1044200,
  ...o,
});
const names = { community: (id: string) => (id === 'c-01' ? 'ชุมชนรังสิตพัฒนา' : id), user: (id: string | null) => (id === 'cm' ? 'สมศรี, พยาบาล' : id === 'cg' ? 'ทองดี "ดี"' : '') };

describe('CSV writer', () => {
  it('starts with a BOM, ends every line with CRLF, and reads back exactly, Thai intact', () => {
    const header = ['ชื่อ', 'หมายเหตุ'];
    const rows = [
      ['มาลี', 'ธรรมดา'],
      ['a,b', 'เขา "ว่า" ดี'],
      ['บรรทัด\nสอง', ' ขอบว่าง '],
      ['', 'CR\r\nLF'],
    ];
    const text = toCsv(header, rows);
    expect(text.startsWith(CSV_BOM)).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')[0]).toBe(`${CSV_BOM}ชื่อ,หมายเหตุ`);
    expect(parseCsv(text)).toEqual([header, ...rows]);
    // The bytes are UTF-8 with the BOM's EF BB BF first.
    const bytes = new TextEncoder().encode(text);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toContain('มาลี');
  });
  it('quotes commas, quotes, line breaks and edge spaces (RFC 4180), and nothing else', () => {
    expect(csvField('plain ไทย')).toBe('plain ไทย');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('one\ntwo')).toBe('"one\ntwo"');
    expect(csvField('one\r\ntwo')).toBe('"one\r\ntwo"');
    expect(csvField(' x')).toBe('" x"');
  });
  it('never lets a spreadsheet read a cell as a formula, but leaves numbers alone', () => {
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('+66')).toBe("'+66");
    expect(csvField('-x')).toBe("'-x");
    expect(csvField('-5.00')).toBe('-5.00');
  });
  it('writes baht with 2 decimals and no separators', () => {
    expect(bahtPlain(1044200)).toBe('10442.00');
    expect(bahtPlain(5)).toBe('0.05');
    expect(bahtPlain(123456789)).toBe('1234567.89');
    expect(bahtPlain(0)).toBe('0.00');
  });
});

describe('service list CSV', () => {
  it('uses the default map: Thai headers, the full citizen ID, BE and ISO dates, baht, names resolved', () => {
    const csv = serviceListCsv([row(), row({ residentId: 'r2', nationalId: null, noIdReason: 'ไม่มีบัตร', amountSatang: 5050 })], DEFAULT_SERVICE_COLUMNS, names);
    const [header, first, second] = parseCsv(csv);
    expect(header).toEqual(DEFAULT_SERVICE_COLUMNS.map((c) => c.header));
    const at = (r: string[] | undefined, key: string) => r?.[DEFAULT_SERVICE_COLUMNS.findIndex((c) => c.key === key)];
    expect(at(first, 'seq')).toBe('1');
    expect(at(first, 'nationalId')).toBe('1103700012345');
    expect(at(first, 'community')).toBe('ชุมชนรังสิตพัฒนา');
    expect(at(first, 'adlGroup')).toBe('ติดบ้าน');
    expect(at(first, 'fundApprovedOn')).toBe('20 ตุลาคม 2567');
    expect(at(first, 'fundApprovedOnIso')).toBe('2024-10-20');
    expect(at(first, 'startDate')).toBe('1 ตุลาคม 2567');
    expect(at(first, 'birthDate')).toBe('15 มีนาคม 2488');
    expect(at(first, 'careManager')).toBe('สมศรี, พยาบาล');
    expect(at(first, 'caregiver')).toBe('ทองดี "ดี"');
    expect(at(first, 'address')).toBe('12 ม.3 ซ.สุขใจ, ประชาธิปัตย์');
    expect(at(first, 'amountBaht')).toBe('10442.00');
    // A person without a citizen ID is listed with the reason, never dropped.
    expect(at(second, 'nationalId')).toBe('');
    expect(at(second, 'noIdReason')).toBe('ไม่มีบัตร');
    expect(at(second, 'amountBaht')).toBe('50.50');
  });
  it('follows an edited map: its columns, in its order, with its headers', () => {
    const checked = checkServiceColumns([
      { key: 'amountBaht', header: ' AMOUNT ' },
      { key: 'nationalId', header: 'PID' },
      { key: 'startDateIso', header: 'START' },
    ]);
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(parseCsv(serviceListCsv([row()], checked.columns, names))).toEqual([
      ['AMOUNT', 'PID', 'START'],
      ['10442.00', '1103700012345', '2024-10-01'],
    ]);
  });
  it('names a file the host accepts', () => {
    expect(safeFileNameSchema.safeParse(serviceCsvFileName('2024-10-01', '2025-09-30')).success).toBe(true);
  });
});

describe('column map', () => {
  it('accepts the default, which names every key at most once', () => {
    expect(checkServiceColumns(DEFAULT_SERVICE_COLUMNS).ok).toBe(true);
    for (const c of DEFAULT_SERVICE_COLUMNS) expect(SERVICE_COLUMN_KEYS).toContain(c.key);
  });
  it('refuses an empty map, a key twice, an unknown key, an empty or multi-line header', () => {
    const codes = (input: unknown) => {
      const r = checkServiceColumns(input);
      return r.ok ? [] : r.issues.map((i) => `${i.path.join('.')}:${i.code}`);
    };
    expect(codes([])).toEqual([':reportColumns.empty']);
    expect(codes([{ key: 'seq', header: 'a' }, { key: 'seq', header: 'b' }])).toEqual(['1.key:reportColumns.duplicate']);
    expect(codes([{ key: 'salary', header: 'a' }])).toEqual(['0.key:invalid_value']);
    expect(codes([{ key: 'seq', header: '   ' }])).toEqual(['0.header:reportColumns.headerEmpty']);
    expect(codes([{ key: 'seq', header: 'a\nb' }])).toEqual(['0.header:reportColumns.headerControl']);
    expect(codes('seq')).toHaveLength(1);
  });
});
