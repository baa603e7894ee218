/**
 * Tells the user which of her changes were replaced by someone else's later change (sync/replaced.ts): per
 * record and field, what she entered and what the record holds now, and that a care manager reviews both in
 * the conflicts inbox. Shown above every page until she dismisses it; nothing is lost meanwhile (the server
 * keeps both values in the conflict).
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { residentFullName } from '../../../shared/resident';
import { useStore } from '../../app/StoreProvider';
import { routeHref } from '../../app/router';
import { isMessageKey } from '../../i18n/catalog';
import { useI18n } from '../../i18n/I18nProvider';
import { dismissReplacedEdits } from '../../sync/replaced';
import { readState } from '../../sync/state';
import { conflictValueText } from './conflictValue';

interface Notice {
  key: string;
  record: string;
  residentId: string | null;
  fields: { field: string; sent: unknown; now: unknown }[];
}

export function ReplacedEdits() {
  const { t } = useI18n();
  const { db } = useStore();
  const notices = useLiveQuery(async (): Promise<Notice[]> => {
    const held = await readState(db, 'replacedEdits');
    const out: Notice[] = [];
    for (const item of held?.items ?? []) {
      if (!item.replaced || item.replaced.length === 0) continue;
      const row = (await db.table(item.table).get(item.recordId)) as Record<string, unknown> | undefined;
      const residentId = item.table === 'residents' ? item.recordId : typeof row?.residentId === 'string' ? row.residentId : null;
      const resident = residentId === null ? undefined : await db.residents.get(residentId);
      out.push({
        key: `${item.table}:${item.recordId}:${item.at}`,
        record: resident ? residentFullName(resident) : t('sync.replaced.someRecord'),
        residentId,
        fields: item.replaced,
      });
    }
    return out;
  }, [db, t]);
  if (!notices || notices.length === 0) return null;
  const label = (field: string): string => {
    const key = `rf.${field}`;
    return isMessageKey(key) ? t(key) : field;
  };
  const value = (v: unknown, field: string): string => conflictValueText(v, field) || t('sync.conflicts.empty');
  return (
    <section className="alert alert-warning" role="status" aria-labelledby="replaced-title" data-testid="replaced-edits">
      <h2 id="replaced-title" style={{ fontSize: "1rem", margin: "0 0 6px" }}>
        {t('sync.replaced.title')}
      </h2>
      <ul>
        {notices.map((n) =>
          n.fields.map((f) => (
            <li key={`${n.key}:${f.field}`} data-testid="replaced-edit" data-field={f.field}>
              {n.residentId ? <a href={routeHref({ name: 'resident', id: n.residentId })}>{n.record}</a> : n.record}
              {': '}
              {t('sync.replaced.item', { field: label(f.field), sent: value(f.sent, f.field), now: value(f.now, f.field) })}
            </li>
          )),
        )}
      </ul>
      <p className="small">{t('sync.replaced.why')}</p>
      <button type="button" className="btn" onClick={() => void dismissReplacedEdits(db)} data-testid="replaced-dismiss">
        {t('sync.replaced.dismiss')}
      </button>
    </section>
  );
}
