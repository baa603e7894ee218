/**
 * The app lock (docs/security.md §3): who is signed in on this device, whether the app is locked, and the
 * data key's life. One instance per page (`appLock` in ./index.ts), state read through `subscribe`/`phase`.
 *
 * Invariants:
 * - The app starts locked: the data key is only in memory (keyring.ts), so a reload or a new start needs the
 *   PIN (or password) again.
 * - Wrong secrets follow shared/lock/policy.ts; the count is written before the answer is shown, so closing
 *   the app does not reset it. After the 10th the user must sign in online (`signedIn` clears the count).
 * - The server keeps nothing of the PIN. An online sign-in re-wraps the data key under the password given, and
 *   under the server's recovery key (never kept here), which brings the same key back after a password reset.
 */
import { BridgeCallError } from '../../shared/bridge';
import { afterOnlineSignIn, attemptVerdict, clampIdleMinutes, tryPin, type AttemptVerdict } from '../../shared/lock/policy';
import type { DeviceLock, UserLock } from '../../shared/lock/deviceSchema';
import type { HostKind, HostSecrets } from '../host/host';
import { assignDb, currentDbName, newUserLock, readDevice, userKeyPart, writeDevice, type KeyValueStore } from './device';
import { exportDataKey, importDataKey, newDataKey, unwrapDataKey, unwrapForRecovery, wrapDataKey, wrapForRecovery, type KeyWrap } from './keys';
import type { Keyring } from './keyring';

export type LockPhase =
  /** Nobody signed in on this device. */
  | { kind: 'signedOut' }
  /** Signed in, first time here: choose a PIN or the password. */
  | { kind: 'setUp'; user: UserLock }
  | { kind: 'locked'; user: UserLock; secret: 'pin' | 'password' }
  /** Too many wrong PINs (or no key here yet): only an online sign-in opens it. */
  | { kind: 'blocked'; user: UserLock }
  | { kind: 'unlocked'; user: UserLock };

/**
 * The server's recovery key for this device and user, reachable right after an online sign-in
 * (./recoveryKey.ts). `fetchKey` answers null when the server could not give it (offline, refused).
 */
export interface RecoveryAccess {
  /** The server's id of this device for this user (the session's). */
  deviceId: string;
  fetchKey(): Promise<Uint8Array<ArrayBuffer> | null>;
}

export type UnlockResult = { ok: true } | { ok: false; verdict: AttemptVerdict; failures: number };

export interface AppLockDeps {
  store: KeyValueStore;
  keyring: Keyring;
  secrets: HostSecrets;
  hostKind: HostKind;
  now?: () => number;
}

export class AppLock {
  private readonly deps: AppLockDeps;
  private readonly now: () => number;
  /** The extractable data key, held only between an online sign-in (or password unlock) and the PIN choice. */
  private pending: CryptoKey | null = null;
  private readonly listeners = new Set<() => void>();
  private cached: LockPhase | null = null;

  constructor(deps: AppLockDeps) {
    this.deps = deps;
    this.now = deps.now ?? Date.now;
    deps.keyring.subscribe(() => this.changed());
  }

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  private changed(): void {
    this.cached = null;
    for (const fn of this.listeners) fn();
  }

  private device(): DeviceLock {
    return readDevice(this.deps.store);
  }

  private save(device: DeviceLock): void {
    writeDevice(this.deps.store, device);
    this.changed();
  }

  private saveUser(user: UserLock): void {
    const d = this.device();
    this.save({ ...d, users: { ...d.users, [user.userId]: user } });
  }

  /** The phase now; the same object until something changes (for useSyncExternalStore). */
  phase = (): LockPhase => {
    this.cached ??= this.compute();
    return this.cached;
  };

  private compute(): LockPhase {
    const d = this.device();
    const user = d.current === null ? undefined : d.users[d.current];
    if (!user) return { kind: 'signedOut' };
    if (this.deps.keyring.unlocked && user.unlockWith !== null) return { kind: 'unlocked', user };
    if (this.pending !== null) return { kind: 'setUp', user };
    if (attemptVerdict(user, this.now()).kind === 'blocked') return { kind: 'blocked', user };
    if (user.unlockWith === 'pin' && user.pinWrap) return { kind: 'locked', user, secret: 'pin' };
    if (user.passwordWrap) return { kind: 'locked', user, secret: 'password' };
    return { kind: 'blocked', user };
  }

  dbName(): string {
    return currentDbName(this.device());
  }

  /** Whether users have signed in on this device (then nothing opens without a session). */
  managed(): boolean {
    return Object.keys(this.device().users).length > 0;
  }

  idleMinutes(): number {
    return this.device().idleMinutes;
  }

  setIdleMinutes(minutes: number): void {
    this.save({ ...this.device(), idleMinutes: clampIdleMinutes(minutes) });
  }

  private osKey(userId: string): string {
    return `lock.dek.${userKeyPart(userId)}`;
  }

  /**
   * The device id `username` signed in with last on this computer (their recovery wrap names it), to sign in
   * as that device again after a sign-out: the recovery wrap then still matches (docs/security.md §3).
   */
  deviceIdFor(username: string): { deviceId?: string } {
    const name = username.trim().toLowerCase();
    const user = Object.values(this.device().users).find((u) => u.username.toLowerCase() === name);
    const deviceId = user?.recoveryWrap?.deviceId;
    return deviceId === undefined ? {} : { deviceId };
  }

  /**
   * After an online sign-in: the user's database, the data key recovered (password wrap, else the OS secret
   * store, else the recovery wrap with the server's key: the password was reset since) or made, re-wrapped
   * under this password and the server's recovery key, the wrong-PIN count cleared. `legacyHolder`: the user
   * of the session the open database held before this sign-in.
   */
  async signedIn(
    user: { id: string; username: string; displayName: string },
    password: string,
    legacyHolder: string | null = null,
    recovery: RecoveryAccess | null = null,
  ): Promise<{ dbName: string; osWrap: UserLock['osWrap'] }> {
    const assigned = assignDb(this.device(), user.id, legacyHolder);
    const known = assigned.device.users[user.id];
    // Asked of the server at most once per sign-in; used for this moment only, never stored.
    let recoveryKey: Promise<Uint8Array<ArrayBuffer> | null> | null = null;
    const serverKey = () => (recoveryKey ??= recovery === null ? Promise.resolve(null) : recovery.fetchKey().catch(() => null));
    let dek: CryptoKey | null = null;
    if (known?.passwordWrap) dek = await unwrapDataKey(known.passwordWrap, password, { extractable: true });
    if (dek === null && known && known.osWrap === 'kept') dek = await this.fromOs(user.id);
    const oldRecovery = known?.recoveryWrap ?? null;
    // The wrap names the device whose key it needs: a session of another device id cannot open it.
    if (dek === null && oldRecovery !== null && recovery !== null && oldRecovery.deviceId === recovery.deviceId) {
      const key = await serverKey();
      if (key !== null) dek = await unwrapForRecovery(oldRecovery, key);
    }
    const fresh = dek === null;
    dek ??= await newDataKey();
    const passwordWrap = await wrapDataKey(dek, password);
    const osWrap = this.deps.hostKind === 'electron' ? await this.toOs(user.id, dek) : 'none';
    // Wrapped anew under the server's current key; without an answer an old wrap stays only if it holds this key.
    const key = await serverKey();
    const recoveryWrap = key !== null && recovery !== null ? await wrapForRecovery(dek, key, recovery.deviceId) : fresh ? null : oldRecovery;
    const base = known && !fresh ? known : newUserLock(user, assigned.dbName);
    const next: UserLock = { ...base, username: user.username, displayName: user.displayName, passwordWrap, recoveryWrap, osWrap, ...afterOnlineSignIn() };
    // A key made anew cannot open an old PIN wrap: the PIN is chosen again.
    if (fresh) Object.assign(next, { unlockWith: null, pinWrap: null });
    this.deps.keyring.lock();
    if (next.unlockWith === null) this.pending = dek;
    else this.deps.keyring.unlock(await importDataKey(await exportDataKey(dek), false));
    this.save({ ...assigned.device, current: user.id, users: { ...assigned.device.users, [user.id]: next } });
    return { dbName: next.dbName, osWrap };
  }

  private async fromOs(userId: string): Promise<CryptoKey | null> {
    try {
      const raw = await this.deps.secrets.get(this.osKey(userId));
      return raw === null ? null : await importDataKey(raw, true);
    } catch {
      return null;
    }
  }

  /** Keeps the raw key through the OS secret store; refused (and nothing kept) where that store is not safe. */
  private async toOs(userId: string, dek: CryptoKey): Promise<UserLock['osWrap']> {
    try {
      await this.deps.secrets.set(this.osKey(userId), await exportDataKey(dek));
      return 'kept';
    } catch (err) {
      if (err instanceof BridgeCallError && err.code === 'secret_storage_unavailable') return 'refused';
      throw err;
    }
  }

  /** The first-time choice: a PIN (already checked with checkNewPin) or the account password. */
  async choose(choice: { kind: 'pin'; pin: string } | { kind: 'password' }): Promise<void> {
    const dek = this.pending;
    const d = this.device();
    const user = d.current === null ? undefined : d.users[d.current];
    if (dek === null || !user) throw new Error('no sign-in to set up');
    let pinWrap: KeyWrap | null = null;
    if (choice.kind === 'pin') pinWrap = await wrapDataKey(dek, choice.pin);
    const key = await importDataKey(await exportDataKey(dek), false);
    this.pending = null;
    this.saveUser({ ...user, unlockWith: choice.kind, pinWrap });
    this.deps.keyring.unlock(key);
  }

  /** One unlock try with the PIN (or the password, for users who chose it). */
  async unlock(secret: string): Promise<UnlockResult> {
    const phase = this.phase();
    if (phase.kind !== 'locked') return { ok: false, verdict: { kind: 'blocked' }, failures: phase.kind === 'blocked' ? phase.user.failures : 0 };
    const user = phase.user;
    const wrap = phase.secret === 'pin' ? user.pinWrap : user.passwordWrap;
    // Set up not finished (no choice yet): the password opens it and the choice is offered again.
    const finishSetUp = user.unlockWith === null;
    let key: CryptoKey | null = null;
    const r = await tryPin(user, this.now(), async () => {
      key = wrap ? await unwrapDataKey(wrap, secret, { extractable: finishSetUp }) : null;
      return key !== null;
    });
    // Where key derivation ends (the lock.unlock benchmark reads it; docs/security.md §3 states its cost).
    performance.mark('carerounds:unlock:key');
    this.saveUser({ ...user, ...r.state });
    if (!r.ok || key === null) return { ok: false, verdict: r.verdict, failures: r.state.failures };
    if (finishSetUp) {
      this.pending = key;
      this.changed();
    } else this.deps.keyring.unlock(key);
    return { ok: true };
  }

  lock(): void {
    this.pending = null;
    this.deps.keyring.lock();
    this.changed();
  }

  /** Signed out: locked, and the next start opens the lobby. */
  signedOut(): void {
    this.pending = null;
    this.deps.keyring.lock();
    this.save({ ...this.device(), current: null });
  }

  /**
   * A wipe order erased this user's database (renderer/sync/wipe.ts): their PIN, password and recovery wraps
   * and the OS store's copy of the data key are forgotten and the app locks. The entry itself (which database is theirs)
   * stays, so the next start opens that database and shows the wiped screen; a later online sign-in makes a
   * new data key and asks for a new PIN.
   */
  async forgetKeys(userId: string): Promise<void> {
    this.pending = null;
    this.deps.keyring.lock();
    const d = this.device();
    const user = d.users[userId];
    if (user) this.saveUser({ ...user, unlockWith: null, pinWrap: null, passwordWrap: null, recoveryWrap: null, osWrap: 'none', failures: 0, lastFailureAt: null });
    else this.changed();
    await this.deps.secrets.delete(this.osKey(userId)).catch(() => undefined);
  }

  /** Forgets a user's key and record on this device (their database is deleted by the caller). */
  async forget(userId: string): Promise<void> {
    const d = this.device();
    const { [userId]: _gone, ...users } = d.users;
    this.save({ ...d, users, current: d.current === userId ? null : d.current });
    await this.deps.secrets.delete(this.osKey(userId)).catch(() => undefined);
  }
}
