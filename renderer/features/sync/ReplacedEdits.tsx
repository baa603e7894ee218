/**
 * Tells the user which of her changes were replaced by someone else's (sync/notices.ts): per record and
 * field, what she entered, what the record holds now and who changed it, and that a care manager reviews
 * both in the conflicts inbox. Shown above every page until she dismisses it; nothing is lost meanwhile
 * (the server keeps both values in the conflict).
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { residentFullName } from '../../../shared/resident';
import { TOMBSTONE_FIELD } from '../../../shared/sync/formats';
import { useStore } from '../../app/StoreProvider';
import { routeHref } from '../../app/router';
import { useActor } from '../../app/useActor';
import { shortId } from '../../app/userNames';
import { isMessageKey } from '../../i18n/catalog';
import { useI18n } from '../../i18n/I18nProvider';
import { dismissNotices, openNotices } from '../../sync/notices';
import { conflictValueText } from './conflictValue';

interface Shown {
  id: string;
  record: string;
  residentId: string | null;
  field: string;
  deletedEdit: boolean;
  sent: unknown;
  now: unknown;
  by: string;
}

export function ReplacedEdits() {
  const { t } = useI18n();
  const { db } = useStore();
  const actor = useActor();
  const shown = useLiveQuery(async (): Promise<Shown[]> => {
    const out: Shown[] = [];
    for (const { notice, record } of await openNotices(db, actor.userId)) {
      const residentId = notice.recordType === 'resident' ? notice.recordId : typeof record?.residentId === 'string' ? record.residentId : null;
      const resident = residentId === null ? undefined : await db.residents.get(residentId);
      const by = (await db.directory.get(notice.replacedBy))?.displayName || notice.replacedByName || shortId(notice.replacedBy);
      out.push({
        id: notice.id,
        record: resident ? residentFullName(resident) : t('sync.replaced.someRecord'),
        residentId: resident ? residentId : null,
        field: notice.field,
        deletedEdit: notice.conflictKind === 'deleted_edit',
        sent: notice.sent,
        now: record === undefined || notice.field === TOMBSTONE_FIELD ? notice.replacedWith : (record[notice.field] ?? null),
        by,
      });
    }
    return out;
  }, [db, actor.userId, t]);
  if (!shown || shown.length === 0) return null;
  const label = (field: string): string => {
    const key = `rf.${field}`;
    return isMessageKey(key) ? t(key) : field;
  };
  const value = (v: unknown, field: string): string => conflictValueText(v, field) || t('sync.conflicts.empty');
  const line = (n: Shown): string => {
    if (n.deletedEdit) {
      const fields = typeof n.sent === 'object' && n.sent !== null ? Object.keys(n.sent).map(label).join(', ') : '';
      return t('sync.replaced.deleted', { by: n.by, fields });
    }
    if (n.field === TOMBSTONE_FIELD) return t(n.sent === true ? 'sync.replaced.notDeleted' : 'sync.replaced.stillDeleted', { by: n.by });
    return t('sync.replaced.item', { field: label(n.field), sent: value(n.sent, n.field), now: value(n.now, n.field), by: n.by });
  };
  return (
    <section className="alert alert-warning" role="status" aria-labelledby="replaced-title" data-testid="replaced-edits">
      <h2 id="replaced-title" style={{ fontSize: '1rem', margin: '0 0 6px' }}>
        {t('sync.replaced.title')}
      </h2>
      <ul>
        {shown.map((n) => (
          <li key={n.id} data-testid="replaced-edit" data-field={n.field}>
            {n.residentId ? <a href={routeHref({ name: 'resident', id: n.residentId })}>{n.record}</a> : n.record}
            {': '}
            {line(n)}
          </li>
        ))}
      </ul>
      <p className="small">{t('sync.replaced.why')}</p>
      <button type="button" className="btn" onClick={() => void dismissNotices(db, shown.map((n) => n.id), actor.writeCtx)} data-testid="replaced-dismiss">
        {t('sync.replaced.dismiss')}
      </button>
    </section>
  );
}
