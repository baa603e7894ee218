/**
 * Settings: how many idle minutes lock the app (administrators only; kept on this device, docs/security.md §3).
 * A bad value is named and kept in the field.
 */
import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { MAX_IDLE_MINUTES, MIN_IDLE_MINUTES } from '../../shared/lock/policy';
import { useOptionalLock } from './LockRoot';

export function IdleLockSection({ canEdit }: { canEdit: boolean }) {
  const { t } = useI18n();
  const lockCtx = useOptionalLock();
  const [value, setValue] = useState(() => String(lockCtx?.lock.idleMinutes() ?? ''));
  const [state, setState] = useState<'idle' | 'saved' | 'invalid'>('idle');
  if (!lockCtx || !canEdit) return null;

  const save = (e: FormEvent) => {
    e.preventDefault();
    const n = Number(value.trim());
    if (!Number.isInteger(n) || n < MIN_IDLE_MINUTES || n > MAX_IDLE_MINUTES) {
      setState('invalid');
      return;
    }
    lockCtx.lock.setIdleMinutes(n);
    setState('saved');
  };

  return (
    <section className="card" data-testid="settings-idle-lock">
      <h2>{t('lock.idle.title')}</h2>
      <form className="row" onSubmit={save} noValidate>
        <div className="field">
          <label htmlFor="idle-minutes">{t('lock.idle.minutes')}</label>
          <input id="idle-minutes" inputMode="numeric" value={value} onChange={(e) => setValue(e.target.value)} aria-invalid={state === 'invalid'} aria-describedby={state === 'idle' ? undefined : 'idle-minutes-note'} data-testid="idle-minutes" />
        </div>
        <button type="submit" className="btn">
          {t('lock.idle.save')}
        </button>
      </form>
      {state === 'invalid' ? (
        <p className="field-error" role="alert" id="idle-minutes-note">
          {t('lock.idle.invalid')}
        </p>
      ) : state === 'saved' ? (
        <p role="status" id="idle-minutes-note" data-testid="idle-minutes-saved">
          {t('lock.idle.saved', { n: lockCtx.lock.idleMinutes() })}
        </p>
      ) : null}
    </section>
  );
}
