import { describe, expect, it } from 'vitest';
import { ALERT_RULES, type Alert, type AlertParams, type AlertRule } from '../../../shared/alerts';
import { formatDate } from '../../../shared/dates/thaiDate';
import { catalog, isMessageKey, translate, type Locale } from '../../i18n/catalog';
import { alertDetail, ruleName } from './alertText';

const R = '01900000-0000-7000-8000-000000000001';

const SAMPLES: Record<AlertRule, AlertParams[]> = {
  abnormal_vitals: [
    {
      rule: 'abnormal_vitals',
      serviceDate: '2025-06-10',
      flags: [
        { key: 'systolic', level: 'criticalHigh', value: 185 },
        { key: 'weight', level: 'low', value: 52, change: { percent: -6.5, referenceDate: '2025-05-20', referenceKg: 55.6 } },
      ],
    },
  ],
  adl_group_worse: [{ rule: 'adl_group_worse', from: 'social', to: 'homebound', previousTotal: 14, total: 10, assessedOn: '2025-06-01' }],
  adl_decline: [{ rule: 'adl_decline', from: 'social', to: 'social', previousTotal: 19, total: 15, assessedOn: '2025-06-01' }],
  reassessment_overdue: [
    { rule: 'reassessment_overdue', reason: 'enrolment', dueDate: null, lastAssessedOn: null },
    { rule: 'reassessment_overdue', reason: 'interval', dueDate: '2025-05-01', lastAssessedOn: '2024-11-01' },
    { rule: 'reassessment_overdue', reason: 'discharge', dueDate: '2025-06-08', lastAssessedOn: '2025-01-01' },
  ],
  follow_up_overdue: [{ rule: 'follow_up_overdue', dueDate: '2025-06-05', visitDate: '2025-05-29' }],
  visit_gap: [
    { rule: 'visit_gap', intervalDays: 3, lastVisitDate: '2025-06-01', dueDate: '2025-06-04' },
    { rule: 'visit_gap', intervalDays: 7, lastVisitDate: null, dueDate: '2025-06-08' },
  ],
  plan_review_overdue: [{ rule: 'plan_review_overdue', reviewDate: '2025-05-31', version: 2 }],
};

const alertOf = (params: AlertParams): Alert => ({ id: `${params.rule}:${R}:${R}`, rule: params.rule, residentId: R, recordId: R, severity: 'warning', since: null, params });
const deps = (locale: Locale) => ({ t: (k: Parameters<typeof translate>[1], p?: Record<string, string | number>) => translate(locale, k, p), date: (d: string) => formatDate(d, locale) });

describe('alert wording', () => {
  it('every rule has a name in Thai and English', () => {
    for (const rule of ALERT_RULES) {
      const key = `alerts.rule.${rule}`;
      expect(isMessageKey(key), key).toBe(true);
      if (isMessageKey(key)) {
        expect(catalog.th[key]).toMatch(/[\u0E00-\u0E7F]/);
        expect(catalog.en[key].length).toBeGreaterThan(3);
      }
      expect(ruleName(rule, deps('en'))).not.toBe(key);
    }
  });
  it('every rule (and variant) says what triggered it, with every placeholder filled, in both languages', () => {
    for (const rule of ALERT_RULES) {
      for (const params of SAMPLES[rule]) {
        for (const locale of ['th', 'en'] as const) {
          const text = alertDetail(alertOf(params), deps(locale));
          expect(text, `${rule} ${locale}`).not.toMatch(/\{\w+\}/);
          expect(text.length, `${rule} ${locale}`).toBeGreaterThan(10);
        }
      }
    }
  });
  it('names the values and dates (Buddhist Era in Thai)', () => {
    const vit = alertDetail(alertOf(SAMPLES.abnormal_vitals[0] as AlertParams), deps('th'));
    expect(vit).toContain('185');
    expect(vit).toContain('สูงมาก');
    expect(vit).toContain('2568'); // 2025 CE
    expect(vit).toContain('-6.5%');
    const en = alertDetail(alertOf(SAMPLES.adl_group_worse[0] as AlertParams), deps('en'));
    expect(en).toContain('14');
    expect(en).toContain('10');
    expect(en).toContain('Housebound');
    expect(alertDetail(alertOf(SAMPLES.plan_review_overdue[0] as AlertParams), deps('en'))).toContain('version 2');
  });
});
