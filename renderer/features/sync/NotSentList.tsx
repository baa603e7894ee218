/**
 * The "not sent" list: changes the server refused (per mutation, or withdrawn from a refused batch), kept on
 * this device in `syncRejected` (docs/sync-protocol.md §5.2, §14.2). Each shows the record, when it was
 * refused, why (by code, in the user's language) and the field at fault when the server named one.
 *
 * Invariant: this list only reads; the sync client alone writes `syncRejected`, and the other changes keep
 * syncing whatever is shown here.
 */
import { useI18n } from '../../i18n/I18nProvider';
import { isMessageKey, type MessageKey } from '../../i18n/catalog';
import type { RejectedEntry } from '../../sync/types';
import { useNotSent } from './queries';
import { cleanText } from '../../../shared/text/normalise';

/** Mutation keys (not data fields) the server may name: shown as one plain phrase. */
const ENVELOPE_FIELDS: ReadonlySet<string> = new Set(['mutation', 'fields', 'hlc', 'id', 'type', 'op', 'baseSeq', 'mid']);

/** The label of a field the server named, in the user's language, or its raw name when none is known. */
export function fieldLabel(field: string, t: (key: MessageKey) => string): string {
  if (ENVELOPE_FIELDS.has(field)) return t('sync.notSent.field.technical');
  for (const key of [`rf.${field}`, `visits.field.${field}`]) if (isMessageKey(key)) return t(key);
  return field;
}

function reasonKey(code: string): MessageKey {
  const key = `sync.notSent.code.${code}`;
  return isMessageKey(key) ? key : 'sync.notSent.code.other';
}

/** A short name for the record: a resident's name from the change itself when it carries one. */
function recordName(r: RejectedEntry): string {
  const f = r.entry.fields;
  const name = [f.firstName, f.lastName].filter((v): v is string => typeof v === 'string').map(cleanText).join(' ').trim();
  return name;
}

export function NotSentList() {
  const { t, instant } = useI18n();
  const rows = useNotSent() ?? [];
  if (rows.length === 0) return null;
  return (
    <section className="card" data-testid="not-sent" aria-labelledby="not-sent-title">
      <h2 id="not-sent-title">{t('sync.notSent.title', { n: rows.length })}</h2>
      <p className="muted">{t('sync.notSent.intro')}</p>
      <ul className="not-sent-list">
        {rows.map((r) => {
          const typeKey = `sync.notSent.type.${r.entry.table}`;
          const name = recordName(r);
          return (
            <li key={r.mid} data-testid="not-sent-item" data-code={r.code} data-field={r.field ?? ''}>
              <strong>{isMessageKey(typeKey) ? t(typeKey) : r.entry.table}</strong>
              {name !== '' ? ` ${name}` : ''} · {instant(r.at)}
              <br />
              {t(reasonKey(r.code))}
              {r.field !== undefined ? ` (${t('sync.notSent.field', { field: fieldLabel(r.field, t) })})` : ''}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
