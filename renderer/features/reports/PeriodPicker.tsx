/**
 * The Reports page's period: a month (Thai month names, BE year in Thai), a fiscal quarter, a fiscal year
 * (named by its BE year, with its days) or a range of days (the app's DateField). Nothing is applied until
 * "show"; a refused period (shared/reports/period.ts resolvePeriod) shows its message, naming the fix, and
 * keeps what was entered.
 */
import { useMemo, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { ENGLISH_MONTHS, fiscalYearBE, fiscalYearRange, formatDate, THAI_MONTHS } from '../../../shared/dates/thaiDate';
import { quarterRange, resolvePeriod, type Period, type PeriodSpec } from '../../../shared/reports/period';
import { periodFormOf, periodSpecOfForm, type PeriodForm } from '../../../shared/reports/present';
import { useI18n } from '../../i18n/I18nProvider';
import { DateField } from '../../ui/form/DateField';
import { SelectField } from '../../ui/form/SelectField';

const KINDS = ['month', 'quarter', 'fiscalYear', 'range'] as const satisfies readonly PeriodSpec['kind'][];
const YEARS_BACK = 10;

export function PeriodPicker({ initial, today, onApply }: { initial: PeriodSpec; today: string; onApply(p: Period): void }) {
  const { t, locale, tCode } = useI18n();
  const form = useForm<PeriodForm>({ defaultValues: periodFormOf(initial, today) });
  const [refused, setRefused] = useState<string | null>(null);
  const kind = useWatch({ control: form.control, name: 'kind' });
  const fyNow = fiscalYearBE(today);
  const fyBE = Number(useWatch({ control: form.control, name: 'fyBE' }));

  const options = useMemo(() => {
    const fys = Array.from({ length: YEARS_BACK + 2 }, (_, i) => fyNow + 1 - i);
    const ceNow = Number(today.slice(0, 4));
    const years = Array.from({ length: YEARS_BACK + 2 }, (_, i) => ceNow + 1 - i);
    const months = (locale === 'th' ? THAI_MONTHS : ENGLISH_MONTHS).map((name, i) => ({ value: String(i + 1), label: name }));
    return {
      months,
      years: years.map((y) => ({ value: String(y + 543), label: String(locale === 'th' ? y + 543 : y) })),
      fiscalYears: fys.map((fy) => {
        const r = fiscalYearRange(fy);
        return { value: String(fy), label: t('reports.fiscalYearOption', { fy, from: formatDate(r.start, locale, 'short'), to: formatDate(r.end, locale, 'short') }) };
      }),
    };
  }, [fyNow, today, locale, t]);
  const quarters = ([1, 2, 3, 4] as const).map((q) => {
    const r = Number.isInteger(fyBE) && fyBE > 0 ? quarterRange(fyBE, q) : null;
    return { value: String(q), label: r ? t('reports.quarterOption', { q, from: formatDate(r.start, locale, 'short'), to: formatDate(r.end, locale, 'short') }) : String(q) };
  });

  const submit = form.handleSubmit((values) => {
    const result = resolvePeriod(periodSpecOfForm(values), today);
    if (!result.ok) {
      setRefused(tCode(result.code));
      return;
    }
    setRefused(null);
    onApply(result.period);
  });

  return (
    <form noValidate className="card reports-period" onSubmit={(e) => void submit(e)} data-testid="report-period" aria-labelledby="report-period-title">
      <h2 id="report-period-title">{t('reports.period')}</h2>
      <fieldset className="row">
        <legend className="sr-only">{t('reports.kind')}</legend>
        {KINDS.map((k) => (
          <label key={k} className="choice">
            <input type="radio" value={k} {...form.register('kind')} data-testid={`period-kind-${k}`} />
            {t(`reports.kind.${k}`)}
          </label>
        ))}
      </fieldset>
      <div className="reports-period-fields">
        {kind === 'month' ? (
          <>
            <SelectField id="period-month" label={t('reports.month')} registration={form.register('month')} options={options.months} testId="period-month" />
            <SelectField id="period-year" label={t('reports.year')} registration={form.register('monthYearBE')} options={options.years} testId="period-year" />
          </>
        ) : null}
        {kind === 'quarter' || kind === 'fiscalYear' ? (
          <SelectField id="period-fy" label={t('reports.fiscalYear')} registration={form.register('fyBE')} options={options.fiscalYears} testId="period-fy" />
        ) : null}
        {kind === 'quarter' ? <SelectField id="period-quarter" label={t('reports.quarter')} registration={form.register('quarter')} options={quarters} testId="period-quarter" /> : null}
        {kind === 'range' ? (
          <>
            <DateField control={form.control} name="from" id="period-from" label={t('reports.from')} testId="period-from" />
            <DateField control={form.control} name="to" id="period-to" label={t('reports.to')} testId="period-to" />
          </>
        ) : null}
      </div>
      {refused !== null ? (
        <p className="alert alert-error" role="alert" data-testid="period-error">
          {refused}
        </p>
      ) : null}
      <div className="row">
        <button type="submit" className="btn btn-primary" data-testid="period-apply">
          {t('reports.show')}
        </button>
      </div>
    </form>
  );
}
