// The dependency audit step of CI (scripts/audit-deps.mjs): a high or critical advisory in a production
// dependency fails it; lower ones pass; an audit endpoint that does not answer is said, not failed.
import { describe, expect, it } from 'vitest';
import { judgeAudit } from '../../scripts/audit-deps.mjs';

const report = (counts: Record<string, number>, vulnerabilities: Record<string, { severity: string }> = {}) => JSON.stringify({ auditReportVersion: 2, vulnerabilities, metadata: { vulnerabilities: counts } });

describe('judgeAudit', () => {
  it('fails on a high or critical advisory and names the package', () => {
    const out = judgeAudit(report({ low: 1, high: 1, critical: 0, total: 2 }, { fastify: { severity: 'high' }, debug: { severity: 'low' } }));
    expect(out.verdict).toBe('fail');
    expect(out.message).toContain('fastify (high)');
    expect(out.message).not.toContain('debug');
    expect(judgeAudit(report({ critical: 1, total: 1 }, { x: { severity: 'critical' } })).verdict).toBe('fail');
  });

  it('passes with only lower advisories, or none', () => {
    expect(judgeAudit(report({ low: 2, moderate: 1, high: 0, critical: 0, total: 3 })).verdict).toBe('pass');
    expect(judgeAudit(report({ total: 0 })).verdict).toBe('pass');
  });

  it('says the endpoint did not answer (a 405 from the registry, no network) without failing', () => {
    const refused = judgeAudit(JSON.stringify({ message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk', statusCode: 405 }));
    expect(refused).toMatchObject({ verdict: 'unchecked' });
    expect(refused.message).toContain('405');
    expect(judgeAudit('', 'npm error network request failed')).toEqual({ verdict: 'unchecked', message: 'npm audit: not checked here, the audit endpoint did not answer (npm error network request failed)' });
  });
});
