import { describe, expect, it } from 'vitest';
import { cellsOf } from './cells';
import { moveWarnings, weekGrid, type GridInput } from './grid';
import type { RoundVisitData } from './recordsSchema';
import { roundVisitOf, uuid, WEEK } from './testWeek';
import { defaultAvailability } from './availability';

const A = uuid(1, 1);
const B = uuid(1, 2);

const rv = (o: Partial<RoundVisitData>): RoundVisitData => roundVisitOf({ caregiverId: A, minutes: 60, legKm: 2.5, ...o });

/** The grid over these round visits (summed per caregiver-day as the device's read model does). */
const base = (o: Partial<Omit<GridInput, 'cells'>> & { rounds?: RoundVisitData[] } = {}): GridInput => ({
  weekStart: WEEK,
  caregivers: [
    { id: A, displayName: 'มาลี', communities: ['c-01'] },
    { id: B, displayName: 'สมศรี', communities: ['c-01'] },
  ],
  availability: [],
  leaves: [],
  holidays: [],
  ...o,
  cells: cellsOf(o.rounds ?? []),
});

describe('weekGrid', () => {
  it('counts visits, locked ones, minutes with travel and km per caregiver-day, cancelled ones left out', () => {
    const rows = weekGrid(base({ rounds: [rv({}), rv({ order: 1, legKm: 5, locked: true }), rv({ status: 'cancelled' }), rv({ caregiverId: B, date: '2026-10-12' })] }));
    const wed = rows[0]?.cells[2];
    // 2 visits × 60 min + travel 2.5 km (6 min at 25 km/h) + 5 km (12 min).
    expect(wed).toMatchObject({ date: '2026-10-14', visits: 2, locked: 1, minutes: 138, km: 7.5, warnings: [] });
    expect(rows[0]?.weekVisits).toBe(2);
    expect(rows[1]?.cells[0]?.visits).toBe(1);
    expect(rows.map((r) => r.cells.length)).toEqual([7, 7]);
  });

  it('warns of visits on leave, on a holiday, on a day off and past her hours, and of a week over her cap', () => {
    const rows = weekGrid(
      base({
        availability: [{ ...defaultAvailability(A), weeklyVisitCap: 2, startMinute: 480, endMinute: 600 }],
        leaves: [{ userId: A, from: '2026-10-14', to: '2026-10-14', reason: 'sick', note: '' }],
        holidays: [{ date: '2026-10-13', nameTh: 'วันนวมินทรมหาราช', nameEn: 'Memorial Day' }],
        rounds: [rv({}), rv({ date: '2026-10-13' }), rv({ date: '2026-10-18' }), rv({ date: '2026-10-15', minutes: 130 })],
      }),
    );
    const cells = rows[0]?.cells ?? [];
    expect(cells[2]?.warnings).toEqual(['leave']);
    expect(cells[1]?.warnings).toEqual(['holiday']);
    expect(cells[6]?.warnings).toEqual(['not_working']);
    expect(cells[3]?.warnings).toEqual(['overload']);
    expect(cells[4]?.warnings).toEqual([]); // no visits, no warning
    expect(rows[0]).toMatchObject({ weekVisits: 4, weeklyVisitCap: 2, overCap: true });
  });

  it('flags a day with a resident outside her communities (she was taken off it after planning)', () => {
    const rows = weekGrid(base({ rounds: [rv({}), rv({ date: '2026-10-15', communityId: 'c-02' })] }));
    expect(rows[0]?.cells.slice(2, 4).map((c) => c.warnings)).toEqual([[], ['community']]);
  });
});

describe('moveWarnings', () => {
  it('names every reason a move needs confirmation, and none for a normal day in her community', () => {
    const g = { availability: [], leaves: [{ userId: B, from: '2026-10-16', to: '2026-10-16', reason: 'vacation' as const, note: '' }], holidays: [] };
    expect(moveWarnings({ caregiverId: B, date: '2026-10-15' }, 'c-01', { communities: ['c-01'] }, g)).toEqual([]);
    expect(moveWarnings({ caregiverId: B, date: '2026-10-16' }, 'c-02', { communities: ['c-01'] }, g)).toEqual(['leave', 'community']);
    expect(moveWarnings({ caregiverId: B, date: '2026-10-17' }, 'c-01', { communities: ['c-01'] }, g)).toEqual(['not_working']);
  });
});
