import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADMIN_FORM_CODES, createUserFormSchema, resetPasswordFormSchema, updateUserFormSchema, type CreateUserFormValues } from './admin';
import { AdminCreateUserRequest, AdminResetPasswordRequest, AdminUpdateUserRequest } from './sync/protocol';
import { ROLES } from './permissions';

const good: CreateUserFormValues = { username: 'somsri.k', displayName: 'สมศรี ใจดี', role: 'caregiver', password: 'ต้นมะม่วง-2567', communities: ['c-01', 'c-03'] };

function issues(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of result.error?.issues ?? []) out[i.path.map(String).join('.')] = i.message;
  return out;
}

describe('createUserFormSchema', () => {
  const schema = createUserFormSchema();

  it('turns a good form into the protocol request: username lower-cased and trimmed, name cleaned', () => {
    const r = schema.safeParse({ ...good, username: '  SomSri.K ', displayName: '  สมศรี   ใจดี ' });
    expect(r.success).toBe(true);
    expect(r.data).toEqual({ username: 'somsri.k', displayName: 'สมศรี ใจดี', role: 'caregiver', password: 'ต้นมะม่วง-2567', communities: ['c-01', 'c-03'] });
    expect(AdminCreateUserRequest.safeParse(r.data).success).toBe(true);
  });

  it('reports every problem in one round, each under its field, as a code', () => {
    const r = schema.safeParse({ username: 'ก', displayName: '   ', role: 'caregiver', password: 'short', communities: [] });
    expect(r.success).toBe(false);
    expect(issues(r)).toEqual({
      username: 'admin.username.format',
      displayName: 'required',
      password: 'admin.password.tooShort',
      communities: 'admin.communities.required',
    });
  });

  it('counts password length in code points (as the server does), so 8 Thai characters with marks are enough', () => {
    expect(schema.safeParse({ ...good, password: 'รหัสผ่าน' }).success).toBe(true); // 8 code points
    expect(issues(schema.safeParse({ ...good, password: 'รหัสผ่' }))).toEqual({ password: 'admin.password.tooShort' });
    expect(issues(schema.safeParse({ ...good, password: 'x'.repeat(129) }))).toEqual({ password: 'admin.password.tooLong' });
    // Spaces count and are kept: the password is what the user will type.
    expect(schema.safeParse({ ...good, password: '  8 chars' }).data?.password).toBe('  8 chars');
  });

  it('refuses a password equal to the username, and an empty username as required', () => {
    expect(issues(schema.safeParse({ ...good, username: 'Nurse.Somsri', password: 'nurse.somsri' }))).toEqual({ password: 'admin.password.sameAsUsername' });
    expect(issues(schema.safeParse({ ...good, username: '  ' }))).toEqual({ username: 'required' });
  });

  it('needs communities only for caregivers, and sends none for other roles', () => {
    expect(schema.safeParse({ ...good, role: 'care_manager', communities: ['c-01'] }).data?.communities).toEqual([]);
    expect(schema.safeParse({ ...good, role: 'admin', communities: [] }).success).toBe(true);
    expect(schema.safeParse({ ...good, communities: ['c-01', 'c-01'] }).data?.communities).toEqual(['c-01']);
    expect(issues(schema.safeParse({ ...good, role: 'boss' }))).toEqual({ role: 'invalidChoice' });
  });

  it('property: whatever the form accepts, the protocol accepts; every message is a known code', () => {
    const codes: ReadonlySet<string> = new Set(ADMIN_FORM_CODES);
    fc.assert(
      fc.property(
        fc.record({
          username: fc.oneof(fc.string({ maxLength: 70 }), fc.stringMatching(/^[A-Za-z0-9._ -]{0,66}$/)),
          displayName: fc.string({ maxLength: 120 }),
          role: fc.oneof(fc.constantFrom(...ROLES), fc.string({ maxLength: 12 })),
          password: fc.string({ unit: 'grapheme', maxLength: 140 }),
          communities: fc.array(fc.oneof(fc.constantFrom('c-01', 'c-02'), fc.string({ maxLength: 70 })), { maxLength: 5 }),
        }),
        (input) => {
          const r = schema.safeParse(input);
          if (r.success) expect(AdminCreateUserRequest.safeParse(r.data).success).toBe(true);
          else for (const i of r.error.issues) expect(codes.has(i.message), i.message).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('updateUserFormSchema', () => {
  const schema = updateUserFormSchema();

  it('sends role, name, status, and communities only for a caregiver', () => {
    const cg = schema.safeParse({ displayName: 'สมศรี', role: 'caregiver', status: 'disabled', communities: ['c-02'] });
    expect(cg.data).toEqual({ displayName: 'สมศรี', role: 'caregiver', status: 'disabled', communities: ['c-02'] });
    expect(AdminUpdateUserRequest.safeParse(cg.data).success).toBe(true);
    const cm = schema.safeParse({ displayName: 'สมศรี', role: 'care_manager', status: 'active', communities: ['c-02'] });
    expect(cm.data).toEqual({ displayName: 'สมศรี', role: 'care_manager', status: 'active' });
  });

  it('refuses a caregiver without communities and an unknown status', () => {
    expect(issues(updateUserFormSchema().safeParse({ displayName: 'x', role: 'caregiver', status: 'gone', communities: [] }))).toEqual({
      status: 'invalidChoice',
      communities: 'admin.communities.required',
    });
  });
});

describe('resetPasswordFormSchema', () => {
  it('accepts a policy-length password and refuses short, overlong or the username', () => {
    const schema = resetPasswordFormSchema('somsri');
    const ok = schema.safeParse({ password: 'new-password-2568' });
    expect(ok.data).toEqual({ password: 'new-password-2568' });
    expect(AdminResetPasswordRequest.safeParse(ok.data).success).toBe(true);
    expect(issues(schema.safeParse({ password: '1234567' }))).toEqual({ password: 'admin.password.tooShort' });
    expect(issues(schema.safeParse({ password: 'y'.repeat(200) }))).toEqual({ password: 'admin.password.tooLong' });
    expect(issues(schema.safeParse({ password: 'SomSri' }))).toEqual({ password: 'admin.password.tooShort' });
    expect(issues(resetPasswordFormSchema('longusername').safeParse({ password: 'LongUserName' }))).toEqual({ password: 'admin.password.sameAsUsername' });
  });
});
