import { describe, expect, it } from 'vitest';
import type { LockPhase } from '../lock/appLock';
import { newUserLock } from '../lock/device';
import { routeAccess, type GuardState } from './guard';
import { ROUTE_EXAMPLES, parseRoute, routeHref } from './router';

const ANN = newUserLock({ id: 'ann', username: 'ann', displayName: 'Ann' }, 'carerounds');
const ROUTES = Object.values(ROUTE_EXAMPLES);

const states: Record<string, { state: GuardState; shows: string }> = {
  'signed out': { state: { managed: true, sessionUserId: null, phase: { kind: 'signedOut' } }, shows: 'signIn' },
  'signed out, a user record left': { state: { managed: true, sessionUserId: null, phase: { kind: 'locked', user: ANN, secret: 'pin' } }, shows: 'signIn' },
  locked: { state: { managed: true, sessionUserId: 'ann', phase: { kind: 'locked', user: ANN, secret: 'pin' } }, shows: 'unlock' },
  'first sign-in': { state: { managed: true, sessionUserId: 'ann', phase: { kind: 'setUp', user: ANN } }, shows: 'setUp' },
  blocked: { state: { managed: true, sessionUserId: 'ann', phase: { kind: 'blocked', user: ANN } }, shows: 'reauth' },
  'a session the lock does not know': { state: { managed: true, sessionUserId: 'ann', phase: { kind: 'signedOut' } }, shows: 'reauth' },
  "another user's unlocked key": { state: { managed: true, sessionUserId: 'ben', phase: { kind: 'unlocked', user: ANN } satisfies LockPhase }, shows: 'reauth' },
};

describe('the route guard', () => {
  it('has an example of every route, and each parses back to itself', () => {
    for (const route of ROUTES) if (route.name !== 'notFound') expect(parseRoute(routeHref(route))).toEqual(route);
  });

  for (const [label, { state, shows }] of Object.entries(states)) {
    it(`shows only ${shows} on every route when ${label}`, () => {
      for (const route of ROUTES) expect(routeAccess(route, state).kind, route.name).toBe(shows);
    });
  }

  it('shows every page once unlocked by the signed-in user, and on a local-only device', () => {
    const unlocked: GuardState = { managed: true, sessionUserId: 'ann', phase: { kind: 'unlocked', user: ANN } };
    const localOnly: GuardState = { managed: false, sessionUserId: null, phase: { kind: 'signedOut' } };
    for (const route of ROUTES) {
      expect(routeAccess(route, unlocked)).toEqual({ kind: 'page', route });
      expect(routeAccess(route, localOnly)).toEqual({ kind: 'page', route });
    }
  });
});
