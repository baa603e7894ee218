/**
 * Password hashing and policy (docs/security.md §4, OWASP ASVS 5.0 L2).
 *
 * Invariants:
 * - Hashes are argon2id, m = 19456 KiB, t = 2, p = 1, in PHC form (`$argon2id$v=19$m=19456,t=2,p=1$...`).
 * - `verifyPassword` against a missing user still runs one argon2 verify (against a fixed dummy hash), so an
 *   unknown username costs the same time as a wrong password.
 * - Policy: 8–128 characters (Unicode code points), no composition rules, common passwords refused.
 */
import { hash, verify, type Algorithm } from '@node-rs/argon2';

export const ARGON2_OPTIONS = {
  algorithm: 2 as Algorithm, // Argon2id (a const enum cannot be referenced under isolatedModules)
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

// A short list of the most common passwords of 8+ characters (breach corpora), plus this product's name.
const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  '12345678', '123456789', '1234567890', '12345678910', '87654321', '11111111', '00000000', '88888888',
  '99999999', '11223344', '12341234', '123123123', '1q2w3e4r', '1qaz2wsx', 'password', 'password1',
  'password123', 'passw0rd', 'p@ssw0rd', 'qwertyui', 'qwerty123', 'qwertyuiop', 'asdfghjk', 'asdfasdf',
  'zxcvbnm1', 'iloveyou', 'iloveyou1', 'sunshine', 'princess', 'football', 'baseball', 'welcome1',
  'welcome123', 'admin123', 'administrator', 'abc12345', 'abcd1234', 'letmein1', 'trustno1', 'superman',
  'starwars', 'whatever', 'computer', 'internet', 'changeme', 'dragon123', 'monkey123', 'master123',
  'carerounds', 'carerounds1', 'carerounds123',
]);

export type PasswordProblem = 'too_short' | 'too_long' | 'too_common' | 'same_as_username';

export function checkPasswordPolicy(password: string, username?: string): PasswordProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return 'too_short';
  if (length > PASSWORD_MAX) return 'too_long';
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return 'too_common';
  if (username !== undefined && lower === username.toLowerCase()) return 'same_as_username';
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

let dummyHash: Promise<string> | null = null;

/** The hash an unknown user is checked against: same parameters, random-looking, never matches. */
function getDummyHash(): Promise<string> {
  dummyHash ??= hash('carerounds-dummy-password-never-matches', ARGON2_OPTIONS);
  return dummyHash;
}

/** True when `storedHash` is present and matches; always performs exactly one argon2 verification. */
export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  // Overlong input would still be hashed; cap it to the policy maximum so it cannot be a CPU lever.
  const candidate = [...password].length > PASSWORD_MAX ? '' : password;
  if (storedHash === null) {
    await verify(await getDummyHash(), candidate).catch(() => false);
    return false;
  }
  try {
    return await verify(storedHash, candidate);
  } catch {
    return false;
  }
}
