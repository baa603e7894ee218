import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref, type Route } from './router';

describe('router', () => {
  const routes: Route[] = [
    { name: 'register' },
    { name: 'residentNew' },
    { name: 'resident', id: '0193a6b2-1234-7abc-8def-0123456789ab' },
    { name: 'residentEdit', id: 'abc' },
    { name: 'adlNew', residentId: 'abc' },
    { name: 'settings' },
    { name: 'admin' },
    { name: 'staff' },
    { name: 'staffMember', userId: '0193a6b2-1234-7abc-8def-0123456789ab' },
  ];
  it.each(routes)('round-trips $name', (route) => {
    expect(parseRoute(routeHref(route))).toEqual(route);
  });
  it('sends unknown paths to notFound', () => {
    expect(parseRoute('#/residents/a/b/c/d/e')).toEqual({ name: 'notFound' });
    expect(parseRoute('#/nope')).toEqual({ name: 'notFound' });
    expect(parseRoute('#/admin/x')).toEqual({ name: 'notFound' });
    expect(parseRoute('#/staff/a/b')).toEqual({ name: 'notFound' });
  });
});
