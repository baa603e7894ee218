/**
 * Settings → vital-sign normal ranges of this device: per vital the critical-low, low, high and critical-high
 * thresholds, and the weight-change rule. Saved as overrides of the shared defaults (renderer/db/settings.ts)
 * after the shared schema's check; every problem is named by its vital and box. A live query feeds the form,
 * so what it shows is what is in force (queries.ts: useVitalSettings reads the same row).
 */
import { useState } from 'react';
import { DEFAULT_VITAL_SETTINGS, RANGED_VITALS, resolveVitalSettings, VITAL_SPECS, type RangedVital } from '../../../shared/vitals';
import { useStore } from '../../app/StoreProvider';
import { resetVitalOverrides, saveVitalOverrides } from '../../db/settings';
import { useI18n } from '../../i18n/I18nProvider';
import { comparator, formToOverrides, settingsToForm, THRESHOLD_NAMES, type RangesForm, type RangesIssue, type ThresholdName } from '../timeline';
import { errorText } from '../../i18n/errorText';
import { useVitalOverrides } from './queries';

type Status = { kind: 'saved' | 'reset' } | { kind: 'failed'; detail: string } | null;

export function VitalRangesSection() {
  const { t, tCode } = useI18n();
  const { db } = useStore();
  const stored = useVitalOverrides();
  // What the user typed since the last save; until then the form shows (and follows) what is stored.
  const [edited, setEdited] = useState<RangesForm | null>(null);
  const [issues, setIssues] = useState<RangesIssue[]>([]);
  const [status, setStatus] = useState<Status>(null);
  const [busy, setBusy] = useState(false);

  if (stored === undefined) return null;
  const form = edited ?? settingsToForm(resolveVitalSettings(stored));

  const edit = (change: (f: RangesForm) => RangesForm) => {
    setEdited(change(form));
    setStatus(null);
  };
  const setThreshold = (key: RangedVital, name: ThresholdName, value: string) =>
    edit((f) => ({ ...f, ranges: { ...f.ranges, [key]: { ...f.ranges[key], [name]: value } } }));

  const save = async () => {
    const result = formToOverrides(form);
    if (!result.ok) {
      setIssues(result.issues);
      return;
    }
    setBusy(true);
    try {
      const saved = await saveVitalOverrides(db, result.overrides);
      if (!saved.ok) {
        setStatus({ kind: 'failed', detail: saved.issues.map((i) => tCode(i.code)).join(' · ') });
        return;
      }
      setIssues([]);
      setEdited(null);
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
      await resetVitalOverrides(db);
      setIssues([]);
      setEdited(null);
      setStatus({ kind: 'reset' });
    } catch (err) {
      setStatus({ kind: 'failed', detail: errorText(err, t) });
    } finally {
      setBusy(false);
    }
  };

  const fieldName = (key: RangedVital, name: ThresholdName) => t('timeline.ranges.field', { vital: t(`timeline.vital.${key}`), threshold: t(`timeline.ranges.${name}`) });
  const message = (issue: RangesIssue): string => {
    if (issue.field === 'weightChangePercent' || issue.field === 'weightChangeDays') {
      const field = t(`timeline.ranges.${issue.field}`);
      return issue.code === 'notANumber' ? t('timeline.ranges.error.notANumber', { field }) : t(`timeline.ranges.error.${issue.field}`, { field });
    }
    const key = issue.field;
    const field = issue.threshold ? fieldName(key, issue.threshold) : t(`timeline.vital.${key}`);
    switch (issue.code) {
      case 'notANumber':
        return t('timeline.ranges.error.notANumber', { field });
      case 'outsideAcceptRange':
        return t('timeline.ranges.error.outsideAcceptRange', { field, min: VITAL_SPECS[key].min, max: VITAL_SPECS[key].max, unit: t(`timeline.unit.${key}`) });
      case 'unordered':
      case 'invalid':
        return t('timeline.ranges.error.unordered', { field });
    }
  };
  const issuesOf = (field: RangesIssue['field']) => issues.filter((i) => i.field === field);
  const overridden = (key: RangedVital, name: ThresholdName) => stored.ranges?.[key]?.[name] !== undefined;

  return (
    <section className="card vital-ranges" data-testid="vital-ranges" aria-labelledby="vital-ranges-heading">
      <h2 id="vital-ranges-heading">{t('timeline.ranges.title')}</h2>
      <p className="muted small">{t('timeline.ranges.hint')}</p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <table>
          <thead>
            <tr>
              <th scope="col">{t('timeline.ranges.vital')}</th>
              {THRESHOLD_NAMES.map((name) => (
                <th key={name} scope="col">
                  {t(`timeline.ranges.${name}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {RANGED_VITALS.map((key) => {
              const rowIssues = issuesOf(key);
              const errorId = `range-error-${key}`;
              return (
                <tr key={key} data-testid={`range-row-${key}`}>
                  <th scope="row">
                    {t(`timeline.vital.${key}`)}
                    <span className="muted small"> ({t(`timeline.unit.${key}`)})</span>
                    {rowIssues.length > 0 ? (
                      <span className="field-error" id={errorId} data-testid={errorId} role="alert">
                        {rowIssues.map(message).join(' ')}
                      </span>
                    ) : null}
                  </th>
                  {THRESHOLD_NAMES.map((name) => {
                    const id = `range-${key}-${name}`;
                    const def = DEFAULT_VITAL_SETTINGS.ranges[key][name];
                    const bad = rowIssues.some((i) => i.threshold === name || i.threshold === null);
                    return (
                      <td key={name}>
                        <label className="sr-only" htmlFor={id}>
                          {fieldName(key, name)}
                        </label>
                        <span className="cmp" aria-hidden="true">
                          {comparator(key, name)}
                        </span>
                        <input
                          id={id}
                          data-testid={id}
                          inputMode="decimal"
                          value={form.ranges[key][name]}
                          onChange={(e) => setThreshold(key, name, e.target.value)}
                          aria-invalid={bad || undefined}
                          aria-describedby={bad ? errorId : undefined}
                        />
                        <span className="field-hint small" data-changed={overridden(key, name) || undefined}>
                          {t('timeline.ranges.default', { value: def ? String(def.value) : t('timeline.ranges.none') })}
                          {overridden(key, name) ? ` · ${t('timeline.ranges.changed')}` : ''}
                        </span>
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
        <h3>{t('timeline.ranges.weight')}</h3>
        <div className="row">
          {(['weightChangePercent', 'weightChangeDays'] as const).map((field) => {
            const fieldIssues = issuesOf(field);
            const id = `range-${field}`;
            return (
              <div className="field" key={field}>
                <label htmlFor={id}>{t(`timeline.ranges.${field}`)}</label>
                <input
                  id={id}
                  data-testid={id}
                  inputMode="decimal"
                  value={form[field]}
                  onChange={(e) => {
                    const value = e.target.value;
                    edit((f) => ({ ...f, [field]: value }));
                  }}
                  aria-invalid={fieldIssues.length > 0 || undefined}
                  aria-describedby={fieldIssues.length > 0 ? `range-error-${field}` : undefined}
                />
                <span className="field-hint small">{t('timeline.ranges.default', { value: DEFAULT_VITAL_SETTINGS[field] })}</span>
                {fieldIssues.length > 0 ? (
                  <span className="field-error" id={`range-error-${field}`} data-testid={`range-error-${field}`} role="alert">
                    {fieldIssues.map(message).join(' ')}
                  </span>
                ) : null}
              </div>
            );
          })}
        </div>
        <div className="row">
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="vital-ranges-save">
            {t('timeline.ranges.save')}
          </button>
          <button type="button" className="btn" disabled={busy} onClick={() => void reset()} data-testid="vital-ranges-reset">
            {t('timeline.ranges.reset')}
          </button>
          {status ? (
            <span role="status" data-testid="vital-ranges-status" data-status={status.kind} className={status.kind === 'failed' ? 'field-error' : 'muted'}>
              {status.kind === 'failed' ? t('timeline.ranges.failed', { detail: status.detail }) : t(status.kind === 'saved' ? 'timeline.ranges.saved' : 'timeline.ranges.resetDone')}
            </span>
          ) : null}
        </div>
      </form>
    </section>
  );
}
