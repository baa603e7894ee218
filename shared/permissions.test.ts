import { describe, expect, it } from 'vitest';
import {
  authorize,
  canAcknowledgeAlerts,
  canAdmin,
  canManageStaff,
  canApprovePlans,
  canDraftPlans,
  canPlanRounds,
  canSeeReports,
  canRead,
  canResolveConflicts,
  canWrite,
  isRole,
  ROLES,
  type PermissionUser,
} from './permissions';
import { MUNICIPALITY_BUCKET } from './sync/scope';

const caregiver: PermissionUser = { role: 'caregiver', communities: ['c-02', 'c-01', 'c-01'] };
const manager: PermissionUser = { role: 'care_manager', communities: [] };
const admin: PermissionUser = { role: 'admin', communities: [] };

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
    // Staff availability, leave and holidays: care managers and administrators, not caregivers.
    expect(canManageStaff(manager)).toBe(true);
    expect(canManageStaff(admin)).toBe(true);
    expect(canManageStaff(caregiver)).toBe(false);
    expect(canManageStaff({ ...manager, status: 'disabled' })).toBe(false);
    // The funding reports: care managers and administrators, not caregivers.
    expect(canSeeReports(manager)).toBe(true);
    expect(canSeeReports(admin)).toBe(true);
    expect(canSeeReports(caregiver)).toBe(false);
    expect(canSeeReports({ ...manager, status: 'disabled' })).toBe(false);
  });

  it('lets every user read and dismiss notices in her own bucket only, and nothing else live there', () => {
    const me = '0195f000-0000-7000-8000-00000000000a';
    const other = '0195f000-0000-7000-8000-00000000000b';
    for (const u of [caregiver, manager, admin]) {
      const self = { ...u, id: me };
      expect(canRead(self, `u:${me}`)).toBe(true);
      expect(canWrite(self, `u:${me}`, 'notice')).toBe(true);
      expect(canRead(self, `u:${other}`)).toBe(false);
      expect(authorize(self, { kind: 'write', bucket: `u:${other}`, recordType: 'notice' })).toEqual({ ok: false, code: 'scope_denied' });
      expect(canWrite(self, `u:${me}`, 'resident')).toBe(false);
      expect(canWrite(self, 'c:c-01', 'notice')).toBe(false);
      expect(canRead({ ...self, status: 'disabled' }, `u:${me}`)).toBe(false);
    }
    expect(canRead(manager, `u:${me}`)).toBe(false); // no id given: no own bucket
  });

  it('denies by default: unknown record types, malformed buckets, unknown roles, disabled users', () => {
    expect(authorize(manager, { kind: 'write', bucket: 'c:c-01', recordType: 'round' })).toEqual({ ok: false, code: 'forbidden' });
    expect(canRead(manager, 'nonsense')).toBe(false);
    expect(canRead({ role: 'superuser' as never, communities: ['c-01'] }, 'c:c-01')).toBe(false);
    expect(canRead({ ...caregiver, status: 'disabled' }, 'c:c-01')).toBe(false);
  });
});

describe('role-level questions the UI asks are the server\'s decisions', () => {
  // The UI offers an action exactly when the server's authorize() would accept the write it makes.
  const everyone: PermissionUser[] = ROLES.flatMap((role) => [
    { role, communities: ['c-01'] },
    { role, communities: ['c-01'], status: 'disabled' as const },
  ]);

  it('the conflicts inbox is offered exactly to who may write a resolution (not to an admin)', () => {
    for (const u of everyone) expect(canResolveConflicts(u)).toBe(authorize(u, { kind: 'write', bucket: MUNICIPALITY_BUCKET, recordType: 'conflict' }).ok);
    expect(ROLES.filter((role) => canResolveConflicts({ role }))).toEqual(['care_manager']);
  });

  it('alert acknowledgement and plan drafting are offered exactly to who may write those records', () => {
    for (const u of everyone) {
      expect(canAcknowledgeAlerts(u)).toBe(authorize(u, { kind: 'write', bucket: 'c:c-01', recordType: 'alert_ack' }).ok);
      expect(canDraftPlans(u)).toBe(authorize(u, { kind: 'write', bucket: 'c:c-01', recordType: 'care_plan' }).ok);
    }
    expect(ROLES.filter((role) => canAcknowledgeAlerts({ role }))).toEqual(['care_manager']);
    expect(ROLES.filter((role) => canDraftPlans({ role }))).toEqual(['caregiver', 'care_manager']);
  });

  it('only care managers plan the rounds', () => {
    expect(canPlanRounds(manager)).toBe(true);
    expect(canPlanRounds(caregiver)).toBe(false);
    expect(canPlanRounds(admin)).toBe(false);
    expect(canPlanRounds({ ...manager, status: 'disabled' })).toBe(false);
  });

  it('only care managers approve plans (the shared plan rules ask the same function)', () => {
    expect(ROLES.filter((role) => canApprovePlans({ role }))).toEqual(['care_manager']);
    expect(canApprovePlans({ role: 'care_manager', status: 'disabled' })).toBe(false);
  });

  it('knows its roles and nothing else', () => {
    for (const role of ROLES) expect(isRole(role)).toBe(true);
    for (const other of ['', 'superuser', 'Admin', null, 3]) expect(isRole(other)).toBe(false);
    expect(canAdmin({ role: 'superuser' as never })).toBe(false);
  });
});
