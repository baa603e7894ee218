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
    { name: 'reports' },
    { name: 'roundSheet', caregiverId: '0193a6b2-1234-7abc-8def-0123456789ab', span: 'day', date: '2026-12-08' },
    { name: 'roundSheet', caregiverId: '0193a6b2-1234-7abc-8def-0123456789ab', span: 'week', date: '2026-12-07' },
    { name: 'coverage', week: null },
    { name: 'coverage', week: '2025-06-02' },
    { name: 'visitNew', residentId: 'abc' },
    { name: 'visitNew', residentId: 'abc', round: '0193a6b2-1234-7abc-8def-0123456789ab' },
    { name: 'today', date: null },
    { name: 'today', date: '2026-12-08' },
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
    expect(parseRoute('#/rounds/sheet/abc/week')).toEqual({ name: 'notFound' });
    expect(parseRoute('#/rounds/sheet/abc/tomorrow')).toEqual({ name: 'notFound' });
    expect(parseRoute('#/rounds/coverage/next')).toEqual({ name: 'notFound' });
    expect(parseRoute('#/today/2026-12-08/x')).toEqual({ name: 'notFound' });
    expect(parseRoute('#/staff/a/b')).toEqual({ name: 'notFound' });
  });
  it('reads the round a new visit is made for from the query, and nothing else from it', () => {
    expect(parseRoute('#/residents/abc/visits/new?round=r1')).toEqual({ name: 'visitNew', residentId: 'abc', round: 'r1' });
    expect(parseRoute('#/residents/abc/visits/new?other=1')).toEqual({ name: 'visitNew', residentId: 'abc' });
  });
});
