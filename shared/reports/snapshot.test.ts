import { describe, expect, it } from 'vitest';
import { FY2568, R1, VISITS, visit } from '../../test/fixtures/reports';
import { computeReport } from './definitions';
import { reportWorkbook } from './workbook';
import { factHash, figuresFromSubmitted, fingerprintOf, lateChanges, residentAsOf, submittedFigures } from './snapshot';

describe('report snapshots', () => {
  const figures = computeReport(FY2568);
  const submitted = fingerprintOf(figures, FY2568.residents, FY2568.visits);

  it('fingerprints the residents and visits the report counts, nothing outside the period', () => {
    expect(submitted.residents.map(([id]) => id)).toEqual(['r1', 'r2', 'r3', 'r4', 'r7']);
    expect(submitted.visits.map(([id]) => id)).toEqual(['v1', 'v2', 'v3', 'v4', 'v5']);
  });

  it('hashes a fact by its content, whatever the key order', () => {
    const v = visit('v9', 'r1', 'cg1', '2025-01-01');
    const reordered = Object.fromEntries(Object.entries(v).reverse()) as typeof v;
    expect(factHash(reordered)).toBe(factHash(v));
    expect(factHash({ ...v, minutes: 31 })).not.toBe(factHash(v));
  });

  it('lists a late visit, an amended visit and a voided one; nothing when nothing changed', () => {
    expect(lateChanges(submitted, fingerprintOf(figures, FY2568.residents, FY2568.visits))).toEqual([]);
    const visits = [...VISITS.filter((v) => v.id !== 'v2').map((v) => (v.id === 'v3' ? { ...v, minutes: 45 } : v)), visit('v8', 'r4', 'cg2', '2025-05-05')];
    const now = computeReport({ ...FY2568, visits });
    expect(lateChanges(submitted, fingerprintOf(now, FY2568.residents, visits))).toEqual([
      { record: 'visit', id: 'v2', kind: 'removed' },
      { record: 'visit', id: 'v3', kind: 'changed' },
      { record: 'visit', id: 'v8', kind: 'added' },
    ]);
  });

  it('ignores what happened to a resident after the period, not what changed inside it', () => {
    const later = { ...R1, status: 'died' as const, statusDate: '2025-11-01', adl: [...R1.adl, { id: 'a9', on: '2025-10-15', total: 2, group: 'bedbound' as const, tai: null }] };
    expect(residentAsOf(later, FY2568.to)).toEqual(residentAsOf(R1, FY2568.to));
    const residents = FY2568.residents.map((r) => (r.id === 'r1' ? later : r));
    expect(lateChanges(submitted, fingerprintOf(computeReport({ ...FY2568, residents }), residents, FY2568.visits))).toEqual([]);
    const corrected = FY2568.residents.map((r) => (r.id === 'r1' ? { ...R1, nationalId: '3100600112241' } : r));
    expect(lateChanges(submitted, fingerprintOf(computeReport({ ...FY2568, residents: corrected }), corrected, FY2568.visits))).toEqual([{ record: 'resident', id: 'r1', kind: 'changed' }]);
  });

  it('keeps the counts and the service list of every table, without the ids', () => {
    const kept = submittedFigures(figures);
    expect(kept.tables.visitsByCaregiver.rows).toEqual([
      { key: 'cg1', n: [2, 1, 2, 1, 90, 2] },
      { key: 'cg2', n: [2, 0, 2, 0, 85, 2] },
    ]);
    expect(kept.serviceTotalSatang).toBe(1_247_318);
    expect(JSON.stringify(kept)).not.toContain('"ids"');
  });

  it('re-exports a submitted report with the same workbook as at submission', () => {
    const names = { municipality: 'เทศบาลนครรังสิต', community: (id: string) => id, user: (id: string | null) => id ?? '' };
    const kept = JSON.parse(JSON.stringify(submittedFigures(figures))) as ReturnType<typeof submittedFigures>;
    expect(reportWorkbook(figuresFromSubmitted(kept), names)).toEqual(reportWorkbook(figures, names));
  });
});
