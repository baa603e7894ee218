import { describe, expect, it } from 'vitest';
import { AuditQuery, auditFilterQuery, EMPTY_AUDIT_FILTER } from './audit';

describe('the audit viewer query', () => {
  it('parses the query string, caps the page and refuses unknown or malformed parameters', () => {
    expect(AuditQuery.parse({ limit: '500', before: '12', action: 'record.', from: '2025-01-31', to: '2025-01-31' })).toEqual({ limit: 500, before: 12, action: 'record.', from: '2025-01-31', to: '2025-01-31' });
    for (const bad of [{ limit: '501' }, { limit: '0' }, { before: '-1' }, { from: '2025-02-29' }, { from: '2568-13-01' }, { action: "x' OR 1=1" }, { colour: 'red' }, { from: '2025-02-02', to: '2025-02-01' }]) {
      expect(AuditQuery.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('turns the filter form into query parameters, leaving empty fields out, or names the field to fix', () => {
    expect(auditFilterQuery({ ...EMPTY_AUDIT_FILTER, action: 'record.', from: '2025-01-01', recordId: '  r-1 ' })).toEqual({ ok: true, query: { action: 'record.', from: '2025-01-01', recordId: 'r-1' } });
    expect(auditFilterQuery(EMPTY_AUDIT_FILTER)).toEqual({ ok: true, query: {} });
    expect(auditFilterQuery({ ...EMPTY_AUDIT_FILTER, from: '2025-03-02', to: '2025-03-01' })).toEqual({ ok: false, field: 'to' });
    expect(auditFilterQuery({ ...EMPTY_AUDIT_FILTER, recordId: 'a b' })).toEqual({ ok: false, field: 'recordId' });
  });
});
