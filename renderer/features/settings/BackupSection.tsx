/**
 * Settings: back up this device's unsent changes to an encrypted file, and put them back from one
 * (docs/security.md §3 "Backups"; the rules are in shared/backup/, the store work in db/backup.ts). The file
 * is saved through the host (Electron's save dialog or a browser download) and read from a file the user
 * picks: the page never names a path. Nothing is restored before the whole file verified and the user saw
 * what it holds.
 */
import { useState, type FormEvent } from 'react';
import { BackupError } from '../../../shared/backup/format';
import { DeviceBackupError, type BackupPreview, type DeviceBackup } from '../../../shared/backup/device';
import { passphraseProblem, type PassphraseProblem } from '../../../shared/backup/passphrase';
import { useHost } from '../../app/HostContext';
import { useStore } from '../../app/StoreProvider';
import { useActor } from '../../app/useActor';
import { previewRestore, readBackupFile, restoreUnsent, writeBackupFile } from '../../db/backup';
import { useI18n } from '../../i18n/I18nProvider';
import type { MessageKey } from '../../i18n/catalog';
import { errorText } from '../../i18n/errorText';
import { Field } from '../../ui/form/Field';
import { describedBy } from '../../ui/form/errors';
import { useSyncQueue } from '../sync';

const PROBLEM_TEXT: Record<Exclude<PassphraseProblem, 'mismatch'>, MessageKey> = {
  required: 'bak.err.required',
  too_short: 'bak.err.tooShort',
  too_long: 'bak.err.tooLong',
};

type Status = { kind: 'idle' } | { kind: 'busy'; text: MessageKey } | { kind: 'done'; text: string } | { kind: 'failed'; text: string };

function useFailureText(): (error: unknown, user?: string) => string {
  const { t } = useI18n();
  return (error, user) => {
    if (error instanceof BackupError) {
      return t(error.code === 'backup_wrong_key' ? 'bak.wrongKey' : error.code === 'backup_corrupt' ? 'bak.corrupt' : 'bak.wrongKind');
    }
    if (error instanceof DeviceBackupError) return error.code === 'backup_other_user' ? t('bak.otherUser', { user: user ?? '' }) : t('bak.corrupt');
    return t('bak.failed', { detail: errorText(error, t) });
  };
}

function StatusLine({ status, testId }: { status: Status; testId: string }) {
  const { t } = useI18n();
  if (status.kind === 'idle') return null;
  const text = status.kind === 'busy' ? t(status.text) : status.text;
  return (
    <p className={status.kind === 'failed' ? 'field-error' : 'small'} role={status.kind === 'failed' ? 'alert' : 'status'} data-testid={testId} data-kind={status.kind}>
      {text}
    </p>
  );
}

function CreateBackup() {
  const { t } = useI18n();
  const host = useHost();
  const { db } = useStore();
  const actor = useActor();
  const failure = useFailureText();
  const pending = useSyncQueue()?.pending ?? 0;
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [checked, setChecked] = useState(false);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });

  const problem = passphraseProblem(passphrase, repeat);
  const firstError = checked && problem !== null && problem !== 'mismatch' ? t(PROBLEM_TEXT[problem]) : undefined;
  const repeatError = checked && problem === 'mismatch' ? t('bak.err.mismatch') : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (problem !== null) return;
    setStatus({ kind: 'busy', text: 'bak.creating' });
    try {
      const { bytes, changes } = await writeBackupFile(db, { userId: actor.userId, displayName: actor.displayName }, passphrase);
      if (changes === 0) {
        setStatus({ kind: 'done', text: t('bak.nothing') });
        return;
      }
      const day = new Date().toISOString().slice(0, 10);
      const { saved } = await host.saveFile({ suggestedName: `carerounds-unsent-${day}`, mimeType: 'application/vnd.carerounds.backup', data: bytes });
      setStatus({ kind: 'done', text: saved ? t('bak.saved', { n: changes }) : t('bak.notSaved') });
      if (saved) {
        setPassphrase('');
        setRepeat('');
        setChecked(false);
      }
    } catch (error) {
      setStatus({ kind: 'failed', text: failure(error) });
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate data-testid="backup-create">
      <p className="muted small">{t('bak.hint', { n: pending })}</p>
      <Field id="backup-passphrase" label={t('bak.passphrase')} hint={t('bak.passphraseHint')} error={firstError}>
        <input id="backup-passphrase" type="password" autoComplete="new-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} aria-invalid={firstError ? true : undefined} aria-describedby={describedBy('backup-passphrase', { hint: true, error: Boolean(firstError) })} data-testid="backup-passphrase" />
      </Field>
      <Field id="backup-repeat" label={t('bak.repeat')} error={repeatError}>
        <input id="backup-repeat" type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} aria-invalid={repeatError ? true : undefined} aria-describedby={describedBy('backup-repeat', { hint: false, error: Boolean(repeatError) })} data-testid="backup-repeat" />
      </Field>
      <button type="submit" className="btn" disabled={status.kind === 'busy'} data-testid="backup-create-submit">
        {t('bak.create')}
      </button>
      <StatusLine status={status} testId="backup-create-status" />
    </form>
  );
}

function RestoreBackup() {
  const { t, instant } = useI18n();
  const { db } = useStore();
  const actor = useActor();
  const failure = useFailureText();
  const [file, setFile] = useState<File | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [checked, setChecked] = useState(false);
  const [opened, setOpened] = useState<{ backup: DeviceBackup; preview: BackupPreview } | null>(null);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });

  const fileError = checked && file === null ? t('bak.err.fileRequired') : undefined;
  const passError = checked && passphrase === '' ? t('bak.err.restorePassphrase') : undefined;

  const open = async (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    setOpened(null);
    if (file === null || passphrase === '') return;
    setStatus({ kind: 'busy', text: 'bak.opening' });
    try {
      const backup = await readBackupFile(new Uint8Array(await file.arrayBuffer()), passphrase);
      const preview = await previewRestore(db, backup, actor.userId);
      setOpened({ backup, preview });
      setStatus(preview.sameUser ? { kind: 'idle' } : { kind: 'failed', text: t('bak.otherUser', { user: preview.userName || preview.userId }) });
    } catch (error) {
      setStatus({ kind: 'failed', text: failure(error) });
    }
  };

  const restore = async () => {
    if (opened === null) return;
    try {
      const result = await restoreUnsent(db, opened.backup, actor.userId);
      setOpened(null);
      setPassphrase('');
      setChecked(false);
      setStatus({ kind: 'done', text: t('bak.restored', { added: result.added, present: result.alreadyPresent }) });
    } catch (error) {
      setStatus({ kind: 'failed', text: failure(error, opened.preview.userName || opened.preview.userId) });
    }
  };

  return (
    <form onSubmit={(e) => void open(e)} noValidate data-testid="backup-restore">
      <h3>{t('bak.restoreTitle')}</h3>
      <Field id="backup-file" label={t('bak.file')} error={fileError}>
        <input id="backup-file" type="file" accept=".crbackup" onChange={(e) => { setFile(e.target.files?.[0] ?? null); setOpened(null); }} aria-invalid={fileError ? true : undefined} aria-describedby={describedBy('backup-file', { hint: false, error: Boolean(fileError) })} data-testid="backup-file" />
      </Field>
      <Field id="backup-restore-passphrase" label={t('bak.restorePassphrase')} error={passError}>
        <input id="backup-restore-passphrase" type="password" autoComplete="off" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} aria-invalid={passError ? true : undefined} aria-describedby={describedBy('backup-restore-passphrase', { hint: false, error: Boolean(passError) })} data-testid="backup-restore-passphrase" />
      </Field>
      <button type="submit" className="btn" disabled={status.kind === 'busy'} data-testid="backup-open">
        {t('bak.open')}
      </button>
      {opened !== null ? (
        <div data-testid="backup-preview" data-changes={opened.preview.changes}>
          <p>{t('bak.preview', { n: opened.preview.changes, user: opened.preview.userName || opened.preview.userId, time: instant(opened.preview.createdAt), present: opened.preview.alreadyPresent })}</p>
          {opened.preview.sameUser ? (
            <button type="button" className="btn btn-primary" onClick={() => void restore()} data-testid="backup-restore-submit">
              {t('bak.restore')}
            </button>
          ) : null}
        </div>
      ) : null}
      <StatusLine status={status} testId="backup-restore-status" />
    </form>
  );
}

export function BackupSection() {
  const { t } = useI18n();
  return (
    <section className="card" data-testid="backup" aria-labelledby="backup-heading">
      <h2 id="backup-heading">{t('bak.title')}</h2>
      <CreateBackup />
      <RestoreBackup />
    </section>
  );
}
