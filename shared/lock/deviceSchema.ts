/**
 * What a device keeps about the users who signed in on it, outside any user's database (docs/security.md §3):
 * which user is signed in now, each user's database name, the data key's wraps and the wrong-PIN count, and
 * the idle-lock minutes an administrator chose. Nothing here is readable health data; the wraps need the PIN
 * or the password.
 */
import * as z from 'zod/mini';
import { MAX_IDLE_MINUTES, MIN_IDLE_MINUTES } from './policy';
import { MIN_PBKDF2_ITERATIONS } from './kdf';

const base64 = z.string().check(z.maxLength(200), z.regex(/^[A-Za-z0-9+/]*={0,2}$/));

export const keyWrapSchema = z.strictObject({
  kdf: z.literal('pbkdf2-sha256'),
  iterations: z.number().check(z.int(), z.gte(MIN_PBKDF2_ITERATIONS), z.lte(10_000_000)),
  salt: base64,
  wrapped: base64,
});

/**
 * The data key wrapped (AES-KW) under the server-held recovery key of `deviceId` (the server's id of this device
 * for this user, docs/sync-protocol.md §4 "Recovery key"). The key itself is never kept on the device.
 */
export const recoveryWrapSchema = z.strictObject({
  kind: z.literal('aes-kw'),
  deviceId: z.string().check(z.minLength(1), z.maxLength(64)),
  wrapped: base64,
});

export const userLockSchema = z.strictObject({
  userId: z.string().check(z.minLength(1), z.maxLength(64)),
  username: z.string().check(z.maxLength(200)),
  displayName: z.string().check(z.maxLength(200)),
  /** The IndexedDB database that holds this user's records on this device. */
  dbName: z.string().check(z.minLength(1), z.maxLength(120)),
  /** How this user unlocks; null until chosen after the first sign-in. */
  unlockWith: z.nullable(z.enum(['pin', 'password'])),
  pinWrap: z.nullable(keyWrapSchema),
  passwordWrap: z.nullable(keyWrapSchema),
  /** Absent in lists written before recovery wraps existed (read as none). */
  recoveryWrap: z.optional(z.nullable(recoveryWrapSchema)),
  /** 'refused': the OS secret store is missing or not safe (Linux basic_text), so only the password recovers. */
  osWrap: z.enum(['kept', 'refused', 'none']),
  failures: z.number().check(z.int(), z.gte(0), z.lte(1_000_000)),
  lastFailureAt: z.nullable(z.number()),
});
export type UserLock = z.infer<typeof userLockSchema>;

export const deviceLockSchema = z.strictObject({
  version: z.literal(1),
  /** The user signed in now (null: signed out). */
  current: z.nullable(z.string()),
  /** Who was given the database that existed before per-user databases (null: nobody yet). */
  legacyOwner: z.nullable(z.string()),
  idleMinutes: z.number().check(z.int(), z.gte(MIN_IDLE_MINUTES), z.lte(MAX_IDLE_MINUTES)),
  users: z.record(z.string(), userLockSchema),
});
export type DeviceLock = z.infer<typeof deviceLockSchema>;
export type RecoveryWrap = z.infer<typeof recoveryWrapSchema>;
