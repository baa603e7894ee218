/**
 * The conflicts inbox for care managers (#/conflicts): open conflicts pulled from the server, each with the
 * record, the field, the current and the other value, who wrote each and when. A choice is an ordinary
 * synced change (resolveConflict), so it reaches every device through the normal sync. Resident fields are
 * labelled by the resident form's words; the weekly-rounds records' fields and values by conflictLabels.ts
 * (a caregiver's name, not her id; dates in the UI's calendar; times as HH:MM).
 */
import { useState } from 'react';
import { useStore } from '../../app/StoreProvider';
import { routeHref } from '../../app/router';
import { useUserNames } from '../../app/userNames';
import { useI18n } from '../../i18n/I18nProvider';
import { hlcInstant } from '../../../shared/sync/merge';
import { TOMBSTONE_FIELD } from '../../../shared/sync/formats';
import { resolveConflict, type ConflictChoice } from '../../sync/conflicts';
import type { ConflictRecord } from '../../sync/types';
import type { Author } from '../../../shared/sync/data';
import { SYNC_TYPES, isSyncType } from '../../../shared/sync/records';
import { canResolveConflicts } from '../../../shared/permissions';
import { conflictFieldKey, isRoundsRecordType, roundsValueText } from './conflictLabels';
import { conflictValueText } from './conflictValue';
import { useOpenConflicts, type RoundsRecord } from './queries';
import { useSync } from './SyncProvider';
import { errorText } from '../../i18n/errorText';

export function ConflictsPage() {
  const { t } = useI18n();
  const { user } = useStore();
  const { session } = useSync();
  const userId = session?.user.id ?? user.userId;
  const userName = session ? session.user.displayName || session.user.username : user.displayName;
  const read = useOpenConflicts();
  const { names } = useUserNames();
  const open = read?.conflicts;
  const residents = read?.residents;
  const rounds = read?.rounds;

  // Offered only to who may write a resolution: the server refuses anyone else's (shared/permissions.ts).
  if (!canResolveConflicts(session?.user ?? user)) {
    return (
      <>
        <div className="page-header">
          <h1>{t('sync.conflicts.title')}</h1>
        </div>
        <p className="empty">{t('sync.conflicts.notAllowed')}</p>
      </>
    );
  }

  const sorted = [...(open ?? [])].sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
  return (
    <>
      <div className="page-header">
        <h1>{t('sync.conflicts.title')}</h1>
      </div>
      <p className="muted">{t('sync.conflicts.intro')}</p>
      {open && sorted.length === 0 ? <p className="empty">{t('sync.conflicts.none')}</p> : null}
      <ul className="conflict-list" data-testid="conflicts" aria-busy={open === undefined}>
        {sorted.map((c) => {
          const round = rounds?.get(`${c.recordType}/${c.recordId}`);
          const r = residents?.get(c.recordType === 'resident' ? c.recordId : round && 'residentId' in round ? round.residentId : '');
          const record = c.recordType === 'resident' ? r : round;
          const current = record && c.field !== TOMBSTONE_FIELD ? (record as unknown as Record<string, unknown>)[c.field] : c.winnerValue;
          return (
            <ConflictItem key={c.id} conflict={c} name={r ? `${r.prefix}${r.firstName} ${r.lastName}` : null} round={round} current={current} userId={userId} userName={userName} names={names} />
          );
        })}
      </ul>
    </>
  );
}

function ConflictItem({
  conflict: c,
  name,
  round,
  current,
  userId,
  userName,
  names,
}: {
  conflict: ConflictRecord;
  /** The resident it is about (directly, or through a round visit), when on this device. */
  name: string | null;
  /** The rounds record it is about, when it is one and on this device. */
  round: RoundsRecord | undefined;
  current: unknown;
  userId: string;
  userName: string;
  /** Who is who (app/userNames.ts), read once for the whole list. */
  names: ReadonlyMap<string, string>;
}) {
  const { t, instant, locale, date } = useI18n();
  const { db } = useStore();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const fieldKey = conflictFieldKey(c.recordType, c.field);
  const fieldLabel = c.kind === 'deleted_edit' ? t('sync.conflicts.deletedEdit') : fieldKey !== null ? t(fieldKey) : c.field;
  const labelDeps = { t, locale, date: (iso: string) => date(iso), names };
  const show = (v: unknown): string => {
    if (c.field === TOMBSTONE_FIELD && c.kind === 'value') return v === true ? t('sync.conflicts.deleted') : t('sync.conflicts.notDeleted');
    const text = (c.kind === 'value' ? roundsValueText(c.recordType, c.field, v, labelDeps) : null) ?? conflictValueText(v, c.field);
    return text === '' ? t('sync.conflicts.empty') : text;
  };
  const title = (): string => {
    if (!isRoundsRecordType(c.recordType)) return t('sync.conflicts.unknownRecord');
    const whose = (id: string): string => names.get(id) ?? t('sync.conflicts.someone', { id: id.slice(0, 8) });
    if (c.recordType === 'availability') return t('conflicts.record.availability', { name: whose(c.recordId) });
    if (round === undefined) return c.recordType === 'round_visit' ? t('conflicts.record.round_visitUnknown') : t('sync.conflicts.unknownRecord');
    if ('residentId' in round) return t('conflicts.record.round_visit', { name: name ?? t('today.residentMissing'), date: date(round.date) });
    if ('nameTh' in round) return t('conflicts.record.holiday', { name: locale === 'th' ? round.nameTh : round.nameEn });
    if ('from' in round) return t('conflicts.record.leave', { name: whose(round.userId) });
    return t('sync.conflicts.unknownRecord');
  };
  // Names come with the conflict (the server adds them), else from the directory; else a short id.
  const who = (a: Author, name: string | undefined): string =>
    a.userId === userId ? t('sync.conflicts.you', { name: userName }) : (name ?? names.get(a.userId) ?? t('sync.conflicts.someone', { id: a.userId.slice(0, 8) }));
  const choose = async (choice: ConflictChoice) => {
    setBusy(true);
    setError(null);
    try {
      await resolveConflict(db, c.id, choice, { userId });
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className="card conflict" data-testid="conflict" data-field={c.field}>
      <h2>{c.recordType === 'resident' ? name ? <a href={routeHref({ name: 'resident', id: c.recordId })}>{name}</a> : t('sync.conflicts.unknownRecord') : title()}</h2>
      <dl className="props">
        <dt>{t('sync.conflicts.field')}</dt>
        <dd>{fieldLabel}</dd>
        <dt>{t('sync.conflicts.current')}</dt>
        <dd data-testid="conflict-current">
          {show(current)} <span className="small muted">{t('sync.conflicts.by', { user: who(c.winnerBy, c.winnerName), time: instant(hlcInstant(c.winnerHlc)) })}</span>
        </dd>
        <dt>{t('sync.conflicts.other')}</dt>
        <dd data-testid="conflict-other">
          {show(c.loserValue)} <span className="small muted">{t('sync.conflicts.by', { user: who(c.loserBy, c.loserName), time: instant(hlcInstant(c.loserHlc)) })}</span>
        </dd>
      </dl>
      <div className="row">
        <button type="button" className="secondary" disabled={busy} onClick={() => void choose('kept_winner')} data-testid="conflict-keep">
          {t('sync.conflicts.keep')}
        </button>
        {/* A completed assessment is never edited (only voided and recorded anew): its conflict can only be kept. */}
        {isSyncType(c.recordType) && SYNC_TYPES[c.recordType].immutable ? null : (
          <button type="button" disabled={busy} onClick={() => void choose('chose_loser')} data-testid="conflict-use-other">
            {t('sync.conflicts.useOther')}
          </button>
        )}
      </div>
      {error ? (
        <p className="field-error" role="alert">
          {t('sync.conflicts.failed', { detail: error })}
        </p>
      ) : null}
    </li>
  );
}
