/**
 * Settings → the LTC fund's rates per fiscal year (BE) with their sources, and the budget arrival dates
 * (shared/reports/fund.ts), so a new rate needs no code change. Administrators only; saved on this device after
 * the shared schema's check (renderer/db/reportSettings.ts); the Reports page reads them live.
 *
 * Invariants:
 * - What was typed stays on a refused save: the form keeps its text and every problem is shown next to its
 *   field, in the user's language (v.fund.* messages).
 * - Numbers are typed as text (Thai digits and thousands commas accepted) and checked here for "required" and
 *   "whole number"; everything else is fundSettingsSchema's rule.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useFieldArray, useForm } from 'react-hook-form';
import { canAdmin } from '../../../shared/permissions';
import type { FundSettings } from '../../../shared/reports/fund';
import { useStore } from '../../app/StoreProvider';
import { useActor } from '../../app/useActor';
import { checkFundSettings, readFundSettings, resetFundSettings, saveFundSettings, type FundIssue } from '../../db/reportSettings';
import type { MessageKey } from '../../i18n/catalog';
import { errorText } from '../../i18n/errorText';
import { useI18n } from '../../i18n/I18nProvider';
import { DateField } from '../../ui/form/DateField';

interface FundFormValues {
  rates: { fyBE: string; bahtPerYear: string; source: string }[];
  budgetDates: { fyBE: string; date: string }[];
}

type Status = { kind: 'saved' | 'reset' | 'refused' } | { kind: 'failed'; detail: string } | null;

export function FundRatesSection() {
  const actor = useActor();
  if (!canAdmin(actor)) return null;
  return <FundRatesLoader />;
}

function FundRatesLoader() {
  const { db } = useStore();
  const stored = useLiveQuery(() => readFundSettings(db), [db]);
  if (stored === undefined) return null;
  return <FundRatesEditor settings={stored.settings} custom={stored.custom} />;
}

function toFundForm(s: FundSettings): FundFormValues {
  return {
    rates: s.rates.map((r) => ({ fyBE: String(r.fyBE), bahtPerYear: String(r.bahtPerYear), source: r.source })),
    budgetDates: s.budgetDates.map((b) => ({ fyBE: String(b.fyBE), date: b.date })),
  };
}

const THAI_DIGITS = '๐๑๒๓๔๕๖๗๘๙';

/** A typed number as the schema takes it: a number when it reads as one, undefined when empty, else the text. */
function typedNumber(text: string): number | string | undefined {
  const ascii = text.replace(/[๐-๙]/g, (d) => String(THAI_DIGITS.indexOf(d))).replace(/,/g, '').trim();
  if (ascii === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(ascii) ? Number(ascii) : ascii;
}

function fromFundForm(v: FundFormValues): unknown {
  return {
    rates: v.rates.map((r) => ({ fyBE: typedNumber(r.fyBE), bahtPerYear: typedNumber(r.bahtPerYear), source: r.source })),
    budgetDates: v.budgetDates.map((b) => ({ fyBE: typedNumber(b.fyBE), date: b.date })),
  };
}

/** The message of one issue, by the field it is on (zod's generic codes get the field's own words). */
function fundIssueKey(issue: FundIssue, typed: FundFormValues): MessageKey {
  if (issue.code.startsWith('fund.')) return `v.${issue.code}` as MessageKey;
  const [list, index, field] = issue.path;
  if (field === undefined) return list === 'rates' && issue.code === 'too_small' ? 'v.fund.rate.none' : 'v.fund.tooMany';
  const row = (list === 'rates' ? typed.rates : typed.budgetDates)[Number(index)] as Record<string, string> | undefined;
  const text = (row?.[field] ?? '').trim();
  if (text === '') return 'v.fund.required';
  if (field === 'date') return 'v.fund.date';
  if (field === 'source') return issue.code === 'too_big' ? 'v.fund.sourceTooLong' : 'v.fund.required';
  if (issue.code === 'invalid_type') return 'v.fund.number';
  return field === 'fyBE' ? 'v.fund.fyRange' : 'v.fund.bahtRange';
}

function FundRatesEditor({ settings, custom }: { settings: FundSettings; custom: boolean }) {
  const { t } = useI18n();
  const { db } = useStore();
  const form = useForm<FundFormValues>({ defaultValues: toFundForm(settings) });
  const rates = useFieldArray({ control: form.control, name: 'rates' });
  const budgets = useFieldArray({ control: form.control, name: 'budgetDates' });
  const [issues, setIssues] = useState<{ path: string; key: MessageKey }[]>([]);
  const [status, setStatus] = useState<Status>(null);
  const [busy, setBusy] = useState(false);

  const problem = (path: string): string | undefined => {
    const found = issues.filter((x) => x.path === path);
    return found.length === 0 ? undefined : [...new Set(found.map((x) => t(x.key)))].join(' ');
  };

  const save = async (values: FundFormValues) => {
    setBusy(true);
    try {
      const input = fromFundForm(values);
      const checked = checkFundSettings(input);
      const r = checked.ok ? await saveFundSettings(db, input) : checked;
      if (!r.ok) {
        setIssues(r.issues.map((i) => ({ path: i.path.join('.'), key: fundIssueKey(i, values) })));
        setStatus({ kind: 'refused' });
        return;
      }
      setIssues([]);
      form.reset(toFundForm(r.settings));
      setStatus({ kind: 'saved' });
    } catch (err) {
      setStatus({ kind: 'failed', detail: errorText(err, t) });
    } finally {
      setBusy(false);
    }
  };
  const reset = async () => {
    setBusy(true);
    try {
      await resetFundSettings(db);
      setIssues([]);
      form.reset(toFundForm((await readFundSettings(db)).settings));
      setStatus({ kind: 'reset' });
    } catch (err) {
      setStatus({ kind: 'failed', detail: errorText(err, t) });
    } finally {
      setBusy(false);
    }
  };

  const general = [problem('rates'), problem('budgetDates')].filter((x) => x !== undefined);
  const statusText =
    status === null
      ? ''
      : status.kind === 'failed'
        ? t('common.error', { detail: status.detail })
        : t(status.kind === 'saved' ? 'reports.fund.saved' : status.kind === 'reset' ? 'reports.fund.resetDone' : 'reports.fund.refused');

  return (
    <section className="card" data-testid="fund-rates" aria-labelledby="fund-rates-heading">
      <h2 id="fund-rates-heading">{t('reports.fund.title')}</h2>
      <p className="muted small">{t('reports.fund.hint')}</p>
      <p className="small" data-testid="fund-rates-state">
        {t(custom ? 'reports.fund.custom' : 'reports.fund.default')}
      </p>
      <form noValidate onSubmit={(e) => void form.handleSubmit(save)(e)}>
        {general.length > 0 ? (
          <p className="field-error" role="alert" data-testid="fund-rates-general-error">
            {general.join(' ')}
          </p>
        ) : null}
        <h3>{t('reports.fund.rates')}</h3>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('reports.fund.fyBE')}</th>
              <th scope="col">{t('reports.fund.baht')}</th>
              <th scope="col">{t('reports.fund.source')}</th>
              <th scope="col">
                <span className="sr-only">{t('action.edit')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rates.fields.map((f, i) => {
              const n = i + 1;
              const cells = [
                { field: 'fyBE', label: t('reports.fund.fyOf', { n }), inputMode: 'numeric' as const, size: 6 },
                { field: 'bahtPerYear', label: t('reports.fund.bahtOf', { n }), inputMode: 'numeric' as const, size: 10 },
                { field: 'source', label: t('reports.fund.sourceOf', { n }), inputMode: undefined, size: 40 },
              ] as const;
              return (
                <tr key={f.id} data-testid="fund-rate-row">
                  {cells.map((c) => {
                    const id = `fund-rate-${i}-${c.field}`;
                    const err = problem(`rates.${i}.${c.field}`);
                    return (
                      <td key={c.field}>
                        <label className="sr-only" htmlFor={id}>
                          {c.label}
                        </label>
                        <input
                          id={id}
                          size={c.size}
                          inputMode={c.inputMode}
                          aria-invalid={err !== undefined ? true : undefined}
                          aria-describedby={err !== undefined ? `${id}-error` : undefined}
                          data-testid={`fund-rate-${c.field}`}
                          {...form.register(`rates.${i}.${c.field}`)}
                        />
                        {err !== undefined ? (
                          <span className="field-error" id={`${id}-error`} data-testid="fund-rate-error">
                            {err}
                          </span>
                        ) : null}
                      </td>
                    );
                  })}
                  <td>
                    <button type="button" className="btn btn-danger" onClick={() => rates.remove(i)} aria-label={t('reports.fund.removeRate', { n })} data-testid="fund-rate-remove">
                      ×
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <button type="button" className="btn" onClick={() => rates.append({ fyBE: '', bahtPerYear: '', source: '' })} data-testid="fund-rates-add">
          {t('reports.fund.addRate')}
        </button>

        <h3>{t('reports.fund.budgetDates')}</h3>
        {budgets.fields.length === 0 ? <p className="muted small">{t('reports.fund.budgetNone')}</p> : null}
        {budgets.fields.map((f, i) => {
          const n = i + 1;
          const fyId = `fund-budget-${i}-fyBE`;
          const fyErr = problem(`budgetDates.${i}.fyBE`);
          return (
            <div className="row" key={f.id} data-testid="fund-budget-row">
              <div>
                <label htmlFor={fyId}>{t('reports.fund.budgetFyOf', { n })}</label>
                <input
                  id={fyId}
                  size={6}
                  inputMode="numeric"
                  aria-invalid={fyErr !== undefined ? true : undefined}
                  aria-describedby={fyErr !== undefined ? `${fyId}-error` : undefined}
                  data-testid="fund-budget-fyBE"
                  {...form.register(`budgetDates.${i}.fyBE`)}
                />
                {fyErr !== undefined ? (
                  <span className="field-error" id={`${fyId}-error`} data-testid="fund-budget-error">
                    {fyErr}
                  </span>
                ) : null}
              </div>
              <DateField
                control={form.control}
                name={`budgetDates.${i}.date`}
                id={`fund-budget-${i}-date`}
                testId="fund-budget-date"
                label={t('reports.fund.budgetDateOf', { n })}
                error={problem(`budgetDates.${i}.date`)}
              />
              <button type="button" className="btn btn-danger" onClick={() => budgets.remove(i)} aria-label={t('reports.fund.removeBudget', { n })}>
                ×
              </button>
            </div>
          );
        })}
        <div className="row">
          <button type="button" className="btn" onClick={() => budgets.append({ fyBE: '', date: '' })} data-testid="fund-budget-add">
            {t('reports.fund.addBudget')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="fund-rates-save">
            {t('reports.fund.save')}
          </button>
          <button type="button" className="btn" disabled={busy} onClick={() => void reset()} data-testid="fund-rates-reset">
            {t('reports.fund.reset')}
          </button>
          <span role="status" className="small" data-testid="fund-rates-status">
            {statusText}
          </span>
        </div>
      </form>
    </section>
  );
}
