import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy, hashPassword, verifyPassword } from './passwords';

describe('password policy', () => {
  it('accepts 8–128 characters with no composition rules, counting code points', () => {
    expect(checkPasswordPolicy('abcdefgh')).toBeNull();
    expect(checkPasswordPolicy('รหัสผ่านยาว')).toBeNull();
    expect(checkPasswordPolicy('x'.repeat(128))).toBeNull();
    expect(checkPasswordPolicy('abcdefg')).toBe('too_short');
    expect(checkPasswordPolicy('😀😀😀😀😀😀😀')).toBe('too_short'); // 7 code points, 14 UTF-16 units
    expect(checkPasswordPolicy('x'.repeat(129))).toBe('too_long');
  });

  it('refuses common passwords and the username', () => {
    for (const p of ['password', 'PASSWORD1', '12345678', 'qwerty123', 'carerounds']) expect(checkPasswordPolicy(p), p).toBe('too_common');
    expect(checkPasswordPolicy('somchai.k', 'Somchai.K')).toBe('same_as_username');
  });
});

describe('argon2id hashing', () => {
  it('hashes with m=19456, t=2, p=1 and verifies only the right password', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    expect(await verifyPassword(hash, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse batterY')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
    expect(await hashPassword('correct horse battery')).not.toBe(hash); // salted
  });

  it('spends an argon2 verification on an unknown user too', async () => {
    await verifyPassword(null, 'warm-up'); // builds the dummy hash once
    const hash = await hashPassword('some password');
    const time = async (f: () => Promise<boolean>) => {
      const t = performance.now();
      expect(await f()).toBe(false);
      return performance.now() - t;
    };
    const unknown = Math.min(await time(() => verifyPassword(null, 'guess 1')), await time(() => verifyPassword(null, 'guess 2')));
    const wrong = Math.min(await time(() => verifyPassword(hash, 'guess 1')), await time(() => verifyPassword(hash, 'guess 2')));
    // Both cost one 19 MiB argon2 pass (milliseconds, not microseconds), within a generous factor.
    expect(unknown).toBeGreaterThan(3);
    expect(unknown).toBeGreaterThan(wrong / 4);
  });
});
