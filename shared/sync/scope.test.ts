import { describe, expect, it } from 'vitest';
import {
  authorize,
  bucketForCommunity,
  bucketForUser,
  bucketsForUser,
  canAdmin,
  canRead,
  canResolveConflicts,
  canWrite,
  MUNICIPALITY_BUCKET,
  parseBucket,
  scopeOf,
  type ScopeUser,
} from './scope';

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

  it('refuses malformed names', () => {
    for (const b of ['', 'c:', 'x:c-01', 'c:c 01', 'c:../x', 'u:not-a-uuid', 'M:main', `c:${'a'.repeat(65)}`]) expect(parseBucket(b)).toBeNull();
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
});

describe('authorize', () => {
  it('lets a caregiver read and write residents of their communities only', () => {
    expect(canRead(caregiver, 'c:c-01')).toBe(true);
    expect(canRead(caregiver, 'c:c-03')).toBe(false);
    expect(canRead(caregiver, MUNICIPALITY_BUCKET)).toBe(false);
    expect(canWrite(caregiver, 'c:c-02', 'resident')).toBe(true);
    expect(canWrite(caregiver, 'c:c-02', 'adl_assessment')).toBe(true);
    expect(authorize(caregiver, { kind: 'write', bucket: 'c:c-03', recordType: 'resident' })).toEqual({ ok: false, code: 'scope_denied' });
  });

  it('never lets a caregiver write or resolve conflicts', () => {
    expect(authorize(caregiver, { kind: 'write', bucket: MUNICIPALITY_BUCKET, recordType: 'conflict' })).toEqual({ ok: false, code: 'forbidden' });
    expect(canResolveConflicts(caregiver)).toBe(false);
  });

  it('lets only care managers resolve conflicts, and only in the municipality bucket', () => {
    expect(canResolveConflicts(manager)).toBe(true);
    expect(canResolveConflicts(admin)).toBe(false);
    expect(canWrite(manager, 'c:c-01', 'conflict')).toBe(false);
    expect(canWrite(manager, MUNICIPALITY_BUCKET, 'resident')).toBe(false);
  });

  it('lets care managers and admins read and write every community', () => {
    for (const u of [manager, admin]) {
      expect(canRead(u, 'c:c-09')).toBe(true);
      expect(canRead(u, MUNICIPALITY_BUCKET)).toBe(true);
      expect(canRead(u, 'm:other')).toBe(false);
      expect(canWrite(u, 'c:c-09', 'resident')).toBe(true);
    }
  });

  it('keeps admin endpoints for admins', () => {
    expect(canAdmin(admin)).toBe(true);
    expect(canAdmin(manager)).toBe(false);
    expect(canAdmin(caregiver)).toBe(false);
    expect(canAdmin({ ...admin, status: 'disabled' })).toBe(false);
  });

  it('denies by default: unknown record types, malformed buckets, unknown roles, disabled users', () => {
    expect(authorize(manager, { kind: 'write', bucket: 'c:c-01', recordType: 'round' })).toEqual({ ok: false, code: 'forbidden' });
    expect(canRead(manager, 'nonsense')).toBe(false);
    expect(canRead({ role: 'superuser' as never, communities: ['c-01'] }, 'c:c-01')).toBe(false);
    expect(canRead({ ...caregiver, status: 'disabled' }, 'c:c-01')).toBe(false);
  });
});
