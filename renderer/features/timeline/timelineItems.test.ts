import { describe, expect, it } from 'vitest';
import { applyAmendments, type VisitAmendment } from '../../../shared/visit';
import { DEFAULT_VITAL_SETTINGS, resolveVitalSettings } from '../../../shared/vitals';
import { assessmentRow, envelope, planRow, unamended, visitRow } from './testRows';
import { assessmentInstant, buildTimeline, compareItems, excerpt, planEvents, visitFlags } from './timelineItems';

const S = DEFAULT_VITAL_SETTINGS;

describe('buildTimeline', () => {
  it('merges visits, assessments and plan changes newest first', () => {
    const v1 = visitRow('v1', '2025-03-01T02:00:00.000Z');
    const v2 = visitRow('v2', '2025-03-10T02:00:00.000Z');
    const a = assessmentRow('a1', '2025-03-05', 9, '2025-03-05T04:00:00.000Z');
    const plan = planRow('p1', '2025-03-02T01:00:00.000Z', {
      status: 'approved',
      submittedAt: '2025-03-03T01:00:00.000Z',
      submittedBy: 'cg-1',
      approvedAt: '2025-03-08T01:00:00.000Z',
      approvedBy: 'cm-1',
    });
    const items = buildTimeline({ visits: [unamended(v1), unamended(v2)], assessments: [a], plans: [plan] }, S);
    expect(items.map((i) => i.key)).toEqual(['visit:v2', 'plan:p1:approved', 'assessment:a1', 'plan:p1:submitted', 'plan:p1:created', 'visit:v1']);
  });

  it('adds a referral item for an escalated visit, above the visit it came from', () => {
    const v = visitRow('v1', '2025-03-01T02:00:00.000Z', { escalation: 'hospital', escalationReason: 'BP 190/120' });
    const other = visitRow('v0', '2025-02-01T02:00:00.000Z');
    const items = buildTimeline({ visits: [unamended(other), unamended(v)], assessments: [], plans: [] }, S);
    expect(items.map((i) => `${i.kind}:${i.kind === 'visit' || i.kind === 'referral' ? i.visit.id : ''}`)).toEqual(['referral:v1', 'visit:v1', 'visit:v0']);
  });

  it('leaves out voided visits and assessments and deleted plans', () => {
    const items = buildTimeline(
      {
        visits: [unamended(visitRow('v1', '2025-03-01T02:00:00.000Z', { deletedAt: 'hlc-1' }))],
        assessments: [{ ...assessmentRow('a1', '2025-03-05', 9), deletedAt: 'hlc-2' }],
        plans: [{ ...planRow('p1', '2025-03-02T01:00:00.000Z'), deletedAt: 'hlc-3' }],
      },
      S,
    );
    expect(items).toEqual([]);
  });

  it('marks an amended visit and shows its current values', () => {
    const v = visitRow('v1', '2025-03-01T02:00:00.000Z', { vitals: { systolic: 150, diastolic: 85 } });
    const amendment: VisitAmendment = {
      ...envelope('am1', '2025-03-02T02:00:00.000Z'),
      visitId: 'v1',
      residentId: v.residentId,
      reason: 'typo',
      changes: { 'vitals.systolic': 125 },
      author: 'cg-1',
      at: '2025-03-02T02:00:00.000Z',
    };
    const [plain] = buildTimeline({ visits: [unamended(v)], assessments: [], plans: [] }, S);
    const [amended] = buildTimeline({ visits: [applyAmendments(v, [amendment])], assessments: [], plans: [] }, S);
    expect(plain?.kind === 'visit' && plain.amended).toBe(false);
    expect(plain?.kind === 'visit' && plain.flags.map((f) => f.key)).toEqual(['systolic']);
    expect(amended?.kind === 'visit' && amended.amended).toBe(true);
    expect(amended?.kind === 'visit' && amended.flags).toEqual([]);
  });

  it('flags with the configured ranges', () => {
    const v = visitRow('v1', '2025-03-01T02:00:00.000Z', { vitals: { systolic: 150, diastolic: 85 } });
    const raised = resolveVitalSettings({ ranges: { systolic: { high: { value: 160, inclusive: true } } } });
    const [withDefault] = buildTimeline({ visits: [unamended(v)], assessments: [], plans: [] }, S);
    const [withRaised] = buildTimeline({ visits: [unamended(v)], assessments: [], plans: [] }, raised);
    expect(withDefault?.kind === 'visit' && withDefault.flags.map((f) => f.level)).toEqual(['high']);
    expect(withRaised?.kind === 'visit' && withRaised.flags).toEqual([]);
  });

  it('orders ties by kind then key, whatever the input order', () => {
    const at = '2025-03-01T02:00:00.000Z';
    const a = buildTimeline({ visits: [unamended(visitRow('b', at)), unamended(visitRow('a', at))], assessments: [], plans: [] }, S);
    const b = buildTimeline({ visits: [unamended(visitRow('a', at)), unamended(visitRow('b', at))], assessments: [], plans: [] }, S);
    expect(a.map((i) => i.key)).toEqual(['visit:a', 'visit:b']);
    expect(b.map((i) => i.key)).toEqual(a.map((i) => i.key));
    expect(a[0] && a[1] ? compareItems(a[0], a[1]) : 0).toBeLessThan(0);
  });
});

describe('visitFlags', () => {
  it('compares a weight with the other readings, never with itself', () => {
    const earlier = visitRow('v1', '2025-03-01T02:00:00.000Z', { vitals: { weight: 50 } });
    const later = visitRow('v2', '2025-03-20T02:00:00.000Z', { vitals: { weight: 47 } }); // −6 %
    const flags = visitFlags([later, earlier], S);
    expect(flags.get('v2')?.map((f) => [f.key, f.level, f.change?.percent])).toEqual([['weight', 'low', -6]]);
    // The earlier reading has nothing before it in the window: no flag.
    expect(flags.get('v1')).toEqual([]);
    // Alone, a weight is never flagged.
    expect(visitFlags([earlier], S).get('v1')).toEqual([]);
  });
  it('ignores the weight of a missed visit', () => {
    const missed = visitRow('v1', '2025-03-01T02:00:00.000Z', { outcome: 'missed', missedReason: 'not_home', vitals: { weight: 60 } });
    const later = visitRow('v2', '2025-03-20T02:00:00.000Z', { vitals: { weight: 50 } });
    expect(visitFlags([later, missed], S).get('v2')).toEqual([]);
  });
});

describe('planEvents', () => {
  it('lists created, submitted, approved and the final state at the last write', () => {
    const p = planRow('p1', '2025-01-01T00:00:00.000Z', {
      status: 'superseded',
      submittedAt: '2025-01-02T00:00:00.000Z',
      approvedAt: '2025-01-03T00:00:00.000Z',
      updatedAt: '2025-04-01T00:00:00.000Z',
    });
    expect(planEvents(p)).toEqual([
      { event: 'created', at: '2025-01-01T00:00:00.000Z' },
      { event: 'submitted', at: '2025-01-02T00:00:00.000Z' },
      { event: 'approved', at: '2025-01-03T00:00:00.000Z' },
      { event: 'superseded', at: '2025-04-01T00:00:00.000Z' },
    ]);
    expect(planEvents(planRow('p2', '2025-01-01T00:00:00.000Z', { status: 'closed', updatedAt: '2025-02-01T00:00:00.000Z' })).map((e) => e.event)).toEqual(['created', 'closed']);
    expect(planEvents(planRow('p3', '2025-01-01T00:00:00.000Z')).map((e) => e.event)).toEqual(['created']);
  });

  it('never dates the draft after its submission or approval (a plan entered later, as the demo data is)', () => {
    const p = planRow('p4', '2026-12-05T03:00:00.000Z', { status: 'approved', submittedAt: '2026-07-10T02:00:00.000Z', approvedAt: '2026-07-14T02:00:00.000Z' });
    expect(planEvents(p)).toEqual([
      { event: 'created', at: '2026-07-10T02:00:00.000Z' },
      { event: 'submitted', at: '2026-07-10T02:00:00.000Z' },
      { event: 'approved', at: '2026-07-14T02:00:00.000Z' },
    ]);
  });
});

describe('assessmentInstant', () => {
  it('uses the recording time on the assessment day (Bangkok), else noon of that day', () => {
    // 23:30 UTC on 4 March is 06:30 on 5 March in Bangkok: same day.
    expect(assessmentInstant({ assessedOn: '2025-03-05', createdAt: '2025-03-04T23:30:00.000Z' })).toBe('2025-03-04T23:30:00.000Z');
    expect(assessmentInstant({ assessedOn: '2025-03-05', createdAt: '2025-03-09T02:00:00.000Z' })).toBe('2025-03-05T05:00:00.000Z');
  });
});

describe('excerpt', () => {
  it('keeps short notes and cuts long ones with an ellipsis', () => {
    expect(excerpt('  ทานข้าวได้\nนอนหลับดี ')).toBe('ทานข้าวได้ นอนหลับดี');
    const long = 'word '.repeat(60);
    const cut = excerpt(long, 50);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut.length).toBeLessThanOrEqual(51);
    expect(excerpt('ก'.repeat(200), 100)).toBe(`${'ก'.repeat(100)}…`);
  });
});
