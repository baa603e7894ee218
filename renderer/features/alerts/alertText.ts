/**
 * What an alert says: its rule's name and what triggered it, from shared/alerts.ts params. Pure (takes the
 * translate and date functions), so every rule's wording is unit-tested in both languages.
 */
import type { Alert, AlertRule } from '../../../shared/alerts';
import { assertNever } from '../../../shared/assert';
import type { VitalFlag } from '../../../shared/vitals';
import type { MessageKey } from '../../i18n/catalog';

export interface AlertTextDeps {
  t(key: MessageKey, params?: Record<string, string | number>): string;
  date(iso: string): string;
}

export function ruleName(rule: AlertRule, { t }: Pick<AlertTextDeps, 't'>): string {
  return t(`alerts.rule.${rule}`);
}

function flagText(f: VitalFlag, deps: AlertTextDeps): string {
  const { t, date } = deps;
  if (f.key === 'weight' && f.change !== undefined) {
    const sign = f.change.percent > 0 ? '+' : '';
    return t('alerts.flag.weight', { value: String(f.value), change: `${sign}${f.change.percent}`, date: date(f.change.referenceDate) });
  }
  return t('alerts.flag', { vital: t(`alerts.vital.${f.key}`), value: String(f.value), level: t(`alerts.level.${f.level}`) });
}

/** One sentence naming what triggered the alert, with its dates and values. */
export function alertDetail(alert: Alert, deps: AlertTextDeps): string {
  const { t, date } = deps;
  const p = alert.params;
  switch (p.rule) {
    case 'abnormal_vitals':
      return t('alerts.detail.abnormal_vitals', { date: date(p.serviceDate), flags: p.flags.map((f) => flagText(f, deps)).join(', ') });
    case 'adl_group_worse':
    case 'adl_decline':
      return t(`alerts.detail.${p.rule}`, {
        previousTotal: p.previousTotal,
        total: p.total,
        from: t(`adl.group.${p.from}`),
        to: t(`adl.group.${p.to}`),
        date: date(p.assessedOn),
      });
    case 'reassessment_overdue':
      return t(`alerts.detail.reassessment_overdue.${p.reason}`, {
        due: p.dueDate === null ? '' : date(p.dueDate),
        last: p.lastAssessedOn === null ? '' : date(p.lastAssessedOn),
      });
    case 'follow_up_overdue':
      return t('alerts.detail.follow_up_overdue', { due: date(p.dueDate), visitDate: date(p.visitDate) });
    case 'visit_gap':
      return p.lastVisitDate === null
        ? t('alerts.detail.visit_gap.never', { days: p.intervalDays, due: date(p.dueDate) })
        : t('alerts.detail.visit_gap', { days: p.intervalDays, last: date(p.lastVisitDate), due: date(p.dueDate) });
    case 'plan_review_overdue':
      return t('alerts.detail.plan_review_overdue', { version: p.version, date: date(p.reviewDate) });
    default:
      return assertNever(p);
  }
}
