/**
 * The one gate in front of every page (docs/security.md §3): what the shell shows for a route, from whether
 * the device is used with a server, the session and the app lock. The shell asks it before its page switch,
 * so a page added to the router is behind it without doing anything.
 *
 * - Local-only (no server known, nobody ever signed in here): every page, as before sign-in existed.
 * - Otherwise nothing of a resident shows without a session whose user matches the lock's user and an
 *   unlocked data key: signed out → the sign-in form; a session the lock does not know (left by an older
 *   version, or after too many wrong PINs) → sign in again; first time → choose a PIN; locked → unlock.
 */
import type { LockPhase } from '../lock/appLock';
import type { Route } from './router';

export type Access = { kind: 'page'; route: Route } | { kind: 'signIn' } | { kind: 'reauth'; blocked: boolean } | { kind: 'setUp' } | { kind: 'unlock' };

export interface GuardState {
  /** A server is known, or someone has signed in on this device. */
  managed: boolean;
  /** The signed-in user's id, null when signed out. */
  sessionUserId: string | null;
  phase: LockPhase;
}

export function routeAccess(route: Route, s: GuardState): Access {
  if (!s.managed && s.sessionUserId === null) return { kind: 'page', route };
  if (s.sessionUserId === null) return { kind: 'signIn' };
  const p = s.phase;
  if (p.kind === 'signedOut' || p.user.userId !== s.sessionUserId) return { kind: 'reauth', blocked: false };
  switch (p.kind) {
    case 'blocked':
      return { kind: 'reauth', blocked: true };
    case 'setUp':
      return { kind: 'setUp' };
    case 'locked':
      return { kind: 'unlock' };
    case 'unlocked':
      return { kind: 'page', route };
  }
}
