/**
 * The first-time PIN choice and the unlock screen (docs/security.md §3). Nothing of a resident is on either;
 * the guard (app/guard.ts) shows them instead of every page. Bad input keeps what was typed and says which
 * field is wrong and how to fix it.
 */
import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/catalog';
import { checkNewPin, type PinProblem } from '../../shared/lock/pin';
import { SignOutButton } from '../features/sync/SignOut';
import { useLock } from './LockRoot';

export function SetUpScreen() {
  const { t } = useI18n();
  const { lock, phase, setUpDraft } = useLock();
  // Kept above the store (LockRoot), so a re-mount while the user's database opens loses nothing typed.
  const [pin, setPinState] = useState(() => setUpDraft.get('pin'));
  const [confirm, setConfirmState] = useState(() => setUpDraft.get('confirm'));
  const setPin = (v: string) => {
    setUpDraft.set('pin', v);
    setPinState(v);
  };
  const setConfirm = (v: string) => {
    setUpDraft.set('confirm', v);
    setConfirmState(v);
  };
  const [problem, setProblem] = useState<PinProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const osRefused = phase.kind === 'setUp' && phase.user.osWrap === 'refused';

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const r = checkNewPin(pin, confirm);
    if (!r.ok) {
      setProblem(r.code);
      return;
    }
    setProblem(null);
    setBusy(true);
    try {
      await lock.choose({ kind: 'pin', pin: r.pin });
    } finally {
      setBusy(false);
    }
  };

  const pinField = problem === 'pin.mismatch' ? 'confirm' : 'pin';
  return (
    <section className="card lock-screen" data-testid="lock-set-up">
      <h1>{t('lock.setUp.title')}</h1>
      <p className="muted">{t('lock.setUp.intro')}</p>
      {osRefused ? (
        <p className="alert alert-warning" role="status" data-testid="lock-os-refused">
          {t('lock.setUp.osRefused')}
        </p>
      ) : null}
      <form className="stack" onSubmit={(e) => void save(e)} noValidate>
        <div className="field">
          <label htmlFor="lock-pin">{t('lock.setUp.pin')}</label>
          <input id="lock-pin" type="password" inputMode="numeric" autoComplete="new-password" value={pin} onChange={(e) => setPin(e.target.value)} aria-invalid={problem !== null && pinField === 'pin'} aria-describedby={problem ? 'lock-pin-error' : undefined} data-testid="lock-new-pin" autoFocus />
        </div>
        <div className="field">
          <label htmlFor="lock-pin-confirm">{t('lock.setUp.confirm')}</label>
          <input id="lock-pin-confirm" type="password" inputMode="numeric" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} aria-invalid={problem === 'pin.mismatch'} data-testid="lock-new-pin-confirm" />
        </div>
        {problem ? (
          <p className="field-error" role="alert" id="lock-pin-error" data-testid="lock-pin-error" data-code={problem}>
            {t(`lock.${problem}` satisfies MessageKey)}
          </p>
        ) : null}
        <div className="row">
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="lock-set-pin">
            {t('lock.setUp.save')}
          </button>
          <button type="button" className="btn" disabled={busy} onClick={() => void lock.choose({ kind: 'password' })} data-testid="lock-use-password">
            {t('lock.setUp.usePassword')}
          </button>
        </div>
      </form>
    </section>
  );
}

type UnlockMessage = { kind: 'wrong'; n: number } | { kind: 'wait'; seconds: number } | null;

export function UnlockScreen() {
  const { t } = useI18n();
  const { lock, phase } = useLock();
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<UnlockMessage>(null);
  if (phase.kind !== 'locked') return null;
  const usesPin = phase.secret === 'pin';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const r = await lock.unlock(secret);
      if (r.ok) return;
      setSecret('');
      if (r.verdict.kind === 'wait') setMessage({ kind: 'wait', seconds: Math.ceil(r.verdict.waitMs / 1000) });
      else setMessage({ kind: 'wrong', n: r.failures });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card lock-screen" data-testid="lock-screen">
      <h1>{t('lock.unlock.title')}</h1>
      <p>{t('lock.unlock.intro', { name: phase.user.displayName || phase.user.username })}</p>
      <form className="stack" onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor="lock-unlock-secret">{usesPin ? t('lock.unlock.pin') : t('lock.unlock.password')}</label>
          <input
            id="lock-unlock-secret"
            type="password"
            inputMode={usesPin ? 'numeric' : undefined}
            autoComplete={usesPin ? 'off' : 'current-password'}
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
            required
            aria-describedby={message ? 'lock-unlock-message' : undefined}
            data-testid="lock-unlock-secret"
            autoFocus
          />
        </div>
        {message ? (
          <p className="field-error" role="alert" id="lock-unlock-message" data-testid="lock-unlock-message" data-kind={message.kind}>
            {message.kind === 'wait' ? t('lock.unlock.wait', { seconds: message.seconds }) : t('lock.unlock.wrong', { n: message.n })}
          </p>
        ) : null}
        <div>
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="lock-unlock-submit">
            {busy ? t('lock.unlock.working') : t('lock.unlock.submit')}
          </button>
        </div>
      </form>
      <div className="row">
        <SignOutButton kind="switchUser" />
      </div>
    </section>
  );
}
