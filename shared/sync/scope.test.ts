import { describe, expect, it } from 'vitest';
import { ALL_WORKERS, bucketForCommunity, bucketForUser, bucketForWorker, bucketsForUser, coveredBy, communitiesOf, MUNICIPALITY_BUCKET, parseBucket, scopeOf, type ScopeUser } from './scope';

const caregiver: ScopeUser = { role: 'caregiver', communities: ['c-02', 'c-01', 'c-01'] };
const manager: ScopeUser = { role: 'care_manager', communities: [] };
const admin: ScopeUser = { role: 'admin', communities: [] };

describe('buckets', () => {
  it('names community, municipality and user buckets', () => {
    expect(bucketForCommunity('c-01')).toBe('c:c-01');
    expect(MUNICIPALITY_BUCKET).toBe('m:main');
    expect(parseBucket('c:c-01')).toEqual({ kind: 'community', communityId: 'c-01' });
    expect(parseBucket('m:main')).toEqual({ kind: 'municipality', municipalityId: 'main' });
    const user = '0195f000-0000-7000-8000-00000000000a';
    expect(parseBucket(bucketForUser(user))).toEqual({ kind: 'user', userId: user });
  });

  it('names work buckets, and the one pattern for all of them, which covers every work bucket and nothing else', () => {
    const user = '0195f000-0000-7000-8000-00000000000a';
    expect(parseBucket(bucketForWorker(user))).toEqual({ kind: 'worker', userId: user });
    expect(parseBucket(ALL_WORKERS)).toEqual({ kind: 'allWorkers' });
    expect(coveredBy([ALL_WORKERS], `w:${user}`)).toBe(true);
    expect(coveredBy([ALL_WORKERS], `u:${user}`)).toBe(false);
    expect(coveredBy([ALL_WORKERS], 'c:c-01')).toBe(false);
    expect(coveredBy([`w:${user}`], `w:${user}`)).toBe(true);
    expect(coveredBy([`w:${user}`], 'w:0195f000-0000-7000-8000-00000000000b')).toBe(false);
    expect(() => bucketForWorker('x')).toThrow(RangeError);
  });

  it('refuses malformed names', () => {
    for (const b of ['', 'c:', 'x:c-01', 'c:c 01', 'c:../x', 'u:not-a-uuid', 'w:not-a-uuid', 'u:*', 'w:**', 'M:main', `c:${'a'.repeat(65)}`]) expect(parseBucket(b)).toBeNull();
    expect(() => bucketForCommunity('a/b')).toThrow(RangeError);
    expect(() => bucketForUser('x')).toThrow(RangeError);
  });
});

describe('scopeOf', () => {
  it('gives a caregiver the sorted unique buckets of their communities', () => {
    expect(scopeOf(caregiver)).toEqual({ all: false, buckets: ['c:c-01', 'c:c-02'] });
  });

  it('gives care managers and admins everything, and a disabled user nothing', () => {
    expect(scopeOf(manager)).toEqual({ all: true, buckets: [] });
    expect(scopeOf(admin)).toEqual({ all: true, buckets: [] });
    expect(scopeOf({ ...manager, status: 'disabled' })).toEqual({ all: false, buckets: [] });
  });

  it('lists explicit buckets for pulls: the municipality and every community for all-scope users', () => {
    expect(bucketsForUser(manager, ['c-02', 'c-01'])).toEqual(['c:c-01', 'c:c-02', 'm:main']);
    expect(bucketsForUser(caregiver, ['c-01', 'c-02', 'c-03'])).toEqual(['c:c-01', 'c:c-02']);
  });

  it('adds the user\'s own bucket when her id is known, and not when she is disabled', () => {
    const id = '0195f000-0000-7000-8000-00000000000a';
    expect(bucketsForUser({ ...caregiver, id }, ['c-01'])).toEqual(['c:c-01', 'c:c-02', `u:${id}`, `w:${id}`]);
    expect(bucketsForUser({ ...manager, id }, ['c-01'])).toEqual(['c:c-01', 'm:main', `u:${id}`, 'w:*']);
    expect(bucketsForUser({ ...admin, id }, [])).toEqual(['m:main', `u:${id}`, 'w:*']);
    expect(bucketsForUser({ ...manager, id, status: 'disabled' }, ['c-01'])).toEqual([]);
    expect(bucketsForUser({ ...caregiver, id: 'not-a-uuid' }, ['c-01'])).toEqual(['c:c-01', 'c:c-02']);
  });
});

describe('communitiesOf', () => {
  const all = [{ id: 'c-01' }, { id: 'c-02' }, { id: 'c-03' }];
  it('gives a care manager and an admin every community, a caregiver only hers, in the given order', () => {
    expect(communitiesOf({ role: 'care_manager', communities: [] }, all)).toEqual(all);
    expect(communitiesOf({ role: 'admin', communities: [] }, all)).toEqual(all);
    expect(communitiesOf({ role: 'caregiver', communities: ['c-03', 'c-01'] }, all)).toEqual([{ id: 'c-01' }, { id: 'c-03' }]);
  });
  it('gives nothing to a disabled user or an unknown role', () => {
    expect(communitiesOf({ role: 'care_manager', communities: [], status: 'disabled' }, all)).toEqual([]);
    expect(communitiesOf({ role: 'auditor' as never, communities: ['c-01'] }, all)).toEqual([]);
  });
});
