/**
 * Weekly-rounds records through real push and pull (docs/sync-protocol.md §8, §11): a caregiver's work bucket
 * `w:<id>` reaches her devices and every care manager's, no other caregiver's; a draft round stays with the
 * planners until it is published; a round moved to another caregiver leaves the first one's device; a
 * caregiver records only the outcome of her own rounds.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RoundVisitData } from '../../shared/rounds/recordsSchema';
import { roundVisitOf } from '../../shared/rounds/testWeek';
import type { PullResponse } from '../../shared/sync/protocol';
import { describeBackends } from '../testing/backends';
import { HOOK_TIMEOUT_MS, startHarness, type Harness, type Session } from '../testing/harness';
import { newId, TestSyncClient } from '../testing/sync-client';

describeBackends('weekly rounds records', (backend) => {
  let h: Harness;
  let cm: Session;
  let admin: Session;
  let cg1: Session;
  let cg2: Session;

  beforeAll(async () => {
    h = await startHarness(backend, { config: { rateLimit: { loginPerMinute: 1000, defaultPerMinute: 100_000 } } });
    await h.makeUser('cm', 'care_manager');
    await h.makeUser('admin', 'admin');
    await h.makeUser('cg1', 'caregiver', ['c-01']);
    await h.makeUser('cg2', 'caregiver', ['c-01']);
    cm = await h.login('cm');
    admin = await h.login('admin');
    cg1 = await h.login('cg1');
    cg2 = await h.login('cg2');
  }, HOOK_TIMEOUT_MS);
  afterAll(() => h.close());

  const round = (caregiverId: string, residentId: string): RoundVisitData =>
    roundVisitOf({ weekStart: '2026-12-07', residentId, caregiverId, date: '2026-12-08', minute: 9 * 60, minutes: 45, activities: ['bathing'] });


  async function pulled(s: Session): Promise<TestSyncClient> {
    const c = new TestSyncClient(h, s);
    await c.pullAll();
    return c;
  }

  it('availability and leave reach the caregiver and the care managers, not another caregiver; the cursor names work buckets by one pattern', async () => {
    const m = new TestSyncClient(h, cm);
    const leaveId = newId();
    const res = await m.push([
      m.mutation('availability', cg1.user.id, 'create', { userId: cg1.user.id, skills: ['wound'], workingDays: [1, 2, 3, 4, 5], startMinute: 480, endMinute: 960, weeklyVisitCap: 30, base: null }),
      m.mutation('leave', leaveId, 'create', { userId: cg1.user.id, from: '2026-12-10', to: '2026-12-11', reason: 'training', note: '' }),
    ]);
    expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied']);

    const mine = await pulled(cg1);
    expect(mine.rows.get(`availability/${cg1.user.id}`)).toMatchObject({ bucket: `w:${cg1.user.id}`, data: { skills: ['wound'] } });
    expect(mine.rows.get(`leave/${leaveId}`)?.data).toMatchObject({ reason: 'training' });
    const other = await pulled(cg2);
    expect([...other.rows.keys()].filter((k) => k.startsWith('availability/') || k.startsWith('leave/'))).toEqual([]);
    const manager = await pulled(cm);
    expect(manager.rows.has(`leave/${leaveId}`)).toBe(true);

    const buckets = (s: TestSyncClient) => (JSON.parse(Buffer.from(s.cursor, 'base64url').toString('utf8')) as { buckets: string[] }).buckets;
    expect(buckets(mine)).toEqual(['c:c-01', `u:${cg1.user.id}`, `w:${cg1.user.id}`]);
    expect(buckets(manager).filter((b) => b.startsWith('w:'))).toEqual(['w:*']);

    // A caregiver does not set her own availability; an availability record is named by its caregiver.
    const self = new TestSyncClient(h, cg1);
    const refused = await self.pushRaw([self.mutation('availability', cg1.user.id, 'patch', { weeklyVisitCap: 5 })]);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: 'forbidden' } });
    const misnamed = await m.push([m.mutation('availability', newId(), 'create', { userId: cg2.user.id, skills: [], workingDays: [1], startMinute: 480, endMinute: 960, weeklyVisitCap: 30, base: null })]);
    expect(misnamed.results[0]).toMatchObject({ status: 'rejected', code: 'validation_failed', field: 'userId' });
  });

  it('a draft round stays with the planners; published, it reaches its caregiver only; moved, it leaves her device for the other one', async () => {
    const m = new TestSyncClient(h, cm);
    const id = newId();
    const residentId = newId();
    await m.push([m.mutation('round_visit', id, 'create', round(cg1.user.id, residentId))]);
    expect((await pulled(cm)).rows.get(`round_visit/${id}`)?.bucket).toBe('m:main');
    const cg1Device = await pulled(cg1);
    expect(cg1Device.rows.has(`round_visit/${id}`)).toBe(false);

    await m.pullAll();
    await m.push([m.mutation('round_visit', id, 'patch', { status: 'published' }, m.seqOf('round_visit', id))]);
    await cg1Device.pullAll();
    expect(cg1Device.rows.get(`round_visit/${id}`)).toMatchObject({ bucket: `w:${cg1.user.id}`, data: { status: 'published', caregiverId: cg1.user.id } });
    const cg2Device = await pulled(cg2);
    expect(cg2Device.rows.has(`round_visit/${id}`)).toBe(false);

    // The care manager gives it to the other caregiver: it moves to her bucket and is evicted from the first.
    await m.pullAll();
    await m.push([m.mutation('round_visit', id, 'patch', { caregiverId: cg2.user.id }, m.seqOf('round_visit', id))]);
    const pages: PullResponse[] = await cg1Device.pullAll();
    expect(pages.flatMap((p) => p.evict)).toContainEqual({ type: 'round_visit', id });
    expect(cg1Device.rows.has(`round_visit/${id}`)).toBe(false);
    await cg2Device.pullAll();
    expect(cg2Device.rows.get(`round_visit/${id}`)?.bucket).toBe(`w:${cg2.user.id}`);
    // The care manager's bootstrap carries it too (work buckets through the one pattern).
    const boot = await h.call('GET', '/sync/bootstrap?schemaVersion=1', { token: cm.accessToken });
    expect(boot.statusCode).toBe(200);
    expect(boot.body).toContain(id);
  });

  it('a caregiver records the outcome of her own round only, and nothing else about it', async () => {
    const m = new TestSyncClient(h, cm);
    const id = newId();
    await m.push([m.mutation('round_visit', id, 'create', { ...round(cg1.user.id, newId()), status: 'published' })]);
    const mine = await pulled(cg1);
    const seq = mine.seqOf('round_visit', id);
    const moved = await mine.push([mine.mutation('round_visit', id, 'patch', { date: '2026-12-09' }, seq)]);
    expect(moved.results[0]).toMatchObject({ status: 'rejected', code: 'validation_failed', field: 'date' });
    const halfMissed = await mine.push([mine.mutation('round_visit', id, 'patch', { outcome: 'missed' }, seq)]);
    expect(halfMissed.results[0]).toMatchObject({ status: 'rejected', code: 'validation_failed', field: 'missedReason' });
    const missed = await mine.push([mine.mutation('round_visit', id, 'patch', { outcome: 'missed', missedReason: 'in_hospital', outcomeNote: 'นอนโรงพยาบาล' }, seq)]);
    expect(missed.results[0]?.status).toBe('applied');
    const other = new TestSyncClient(h, cg2);
    const denied = await other.pushRaw([other.mutation('round_visit', id, 'patch', { outcome: 'done' }, seq)]);
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toMatchObject({ error: { code: 'scope_denied' } });
    expect((await pulled(cm)).rows.get(`round_visit/${id}`)?.data).toMatchObject({ outcome: 'missed', missedReason: 'in_hospital' });
  });

  it('two care managers moving the same visit offline: one move stands, the other goes to the conflicts inbox', async () => {
    await h.makeUser('cm2', 'care_manager');
    const second = await h.login('cm2');
    const m1 = new TestSyncClient(h, cm);
    const id = newId();
    await m1.push([m1.mutation('round_visit', id, 'create', { ...round(cg1.user.id, newId()), status: 'published' })]);
    const m2 = new TestSyncClient(h, second);
    await m1.pullAll();
    await m2.pullAll();
    const base = m1.seqOf('round_visit', id);
    // Both offline on the same base: one gives it to cg2 on Wednesday, the other moves it to Thursday.
    const a = m1.mutation('round_visit', id, 'patch', { caregiverId: cg2.user.id, date: '2026-12-09' }, base);
    h.clock.now += 1000;
    const b = m2.mutation('round_visit', id, 'patch', { date: '2026-12-10' }, base);
    await m1.push([a]);
    const res = await m2.push([b]);
    expect(res.results[0]).toMatchObject({ status: 'applied', conflictIds: [expect.any(String)] });
    const inbox = await pulled(cm);
    expect(inbox.rows.get(`round_visit/${id}`)?.data).toMatchObject({ caregiverId: cg2.user.id, date: '2026-12-10' });
    const conflict = inbox.rows.get(`conflict/${(res.results[0] as { conflictIds: string[] }).conflictIds[0] ?? ''}`);
    expect(conflict?.data).toMatchObject({ recordType: 'round_visit', recordId: id, field: 'date', status: 'open', winnerValue: '2026-12-10', loserValue: '2026-12-09' });
  });

  it('holidays are the municipality\'s: written by an admin or a care manager, read by planners, not sent to caregivers', async () => {
    const a = new TestSyncClient(h, admin);
    const id = newId();
    await a.push([a.mutation('holiday', id, 'create', { date: '2026-12-10', nameTh: 'วันรัฐธรรมนูญ', nameEn: 'Constitution Day' })]);
    expect((await pulled(cm)).rows.get(`holiday/${id}`)?.data).toMatchObject({ nameTh: 'วันรัฐธรรมนูญ' });
    expect((await pulled(cg1)).rows.has(`holiday/${id}`)).toBe(false);
    const c = new TestSyncClient(h, cg1);
    const refused = await c.pushRaw([c.mutation('holiday', newId(), 'create', { date: '2026-12-31', nameTh: 'วันสิ้นปี', nameEn: "New Year's Eve" })]);
    expect(refused.statusCode).toBe(403);
  });
});
