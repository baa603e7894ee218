/**
 * A caregiver's printable route sheet (#/rounds/sheet/<caregiverId>/<date>, …/week/<Monday>), docs/domain.md
 * §9: her published visits of the day or week in route order, each with time, resident, address, phones,
 * what to do, a box to tick by hand and room for notes. Care managers open any caregiver's; a caregiver only
 * her own (her device holds only her published rounds anyway). "Print / save as PDF" goes through the host:
 * Electron saves a PDF through the native dialog (docs/security.md §1: no path from the renderer), a browser
 * opens its print dialog. What is on the sheet is shared/rounds/sheet.ts; this only reads and renders.
 */
import './sheet.css';
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';
import { parseBridgeError } from '../../../../shared/bridge';
import { addDays, dayOfWeek } from '../../../../shared/dates/calendar';
import { ENGLISH_WEEKDAYS, THAI_WEEKDAYS, formatDate } from '../../../../shared/dates/thaiDate';
import { canPlanRounds } from '../../../../shared/permissions';
import { routeSheet, sheetFileName, type SheetDay, type SheetSpan, type SheetStop } from '../../../../shared/rounds/sheet';
import { mondayOf } from '../../../../shared/rounds/weekInput';
import { useHost } from '../../../app/HostContext';
import { routeHref } from '../../../app/router';
import { useStore } from '../../../app/StoreProvider';
import { useActor } from '../../../app/useActor';
import { useI18n } from '../../../i18n/I18nProvider';
import { readSheet } from './readSheet';

interface Props {
  caregiverId: string;
  span: SheetSpan;
  date: string;
}

export function RouteSheetPage({ caregiverId, span, date }: Props) {
  const { t, locale } = useI18n();
  const { db } = useStore();
  const host = useHost();
  const actor = useActor();
  const allowed = canPlanRounds(actor) || actor.userId === caregiverId;
  const first = span === 'week' ? mondayOf(date) : date;
  const data = useLiveQuery(() => (allowed ? readSheet(db, caregiverId, span, first) : Promise.resolve(null)), [db, caregiverId, span, first, allowed]);
  const sheet = useMemo(() => (data ? routeSheet({ caregiverId, span, date: first, rounds: data.rounds, residents: data.residents, locale }) : null), [data, caregiverId, span, first, locale]);
  const [printing, setPrinting] = useState<'busy' | 'saved' | { error: string } | null>(null);

  if (!allowed) {
    return (
      <section data-testid="sheet-page">
        <h1>{t('sheet.title')}</h1>
        <p className="empty">{t('sheet.notAllowed')}</p>
      </section>
    );
  }
  if (data === undefined || data === null || sheet === null) return <p className="muted">{t('sheet.loading')}</p>;

  const dayTitle = (d: string): string => {
    const weekday = (locale === 'th' ? THAI_WEEKDAYS : ENGLISH_WEEKDAYS)[dayOfWeek(d)] ?? '';
    return t('sheet.dayTitle', { weekday, date: formatDate(d, locale) });
  };

  const caregiverName = data.caregiverName ?? (caregiverId === actor.userId ? actor.displayName : t('sheet.unknownCaregiver'));
  const last = sheet.dates[sheet.dates.length - 1] ?? first;
  const when = span === 'day' ? dayTitle(first) : t('sheet.week', { from: formatDate(first, locale), to: formatDate(last, locale) });
  const step = span === 'day' ? 1 : 7;
  const here = (d: string, s: SheetSpan = span) => routeHref({ name: 'roundSheet', caregiverId, span: s, date: d });

  const print = async (): Promise<void> => {
    setPrinting('busy');
    try {
      const result = await host.printToPdf({ suggestedName: sheetFileName(t('sheet.title'), caregiverName, sheet.dates, locale) });
      setPrinting(result.saved ? 'saved' : null);
    } catch (error) {
      setPrinting({ error: parseBridgeError(error)?.code ?? 'internal' });
    }
  };

  return (
    <section className="route-sheet" data-testid="sheet-page" data-span={span} aria-labelledby="sheet-title">
      <div className="sheet-toolbar">
        {canPlanRounds(actor) ? (
          <a className="btn" href={routeHref({ name: 'rounds', week: mondayOf(first) })} data-testid="sheet-back">
            {t('sheet.back')}
          </a>
        ) : null}
        <a className="btn" href={here(addDays(first, -step))} data-testid="sheet-prev">
          {span === 'day' ? t('sheet.prevDay') : t('sheet.prevWeek')}
        </a>
        <a className="btn" href={here(addDays(first, step))} data-testid="sheet-next">
          {span === 'day' ? t('sheet.nextDay') : t('sheet.nextWeek')}
        </a>
        <a className="btn" href={span === 'day' ? here(mondayOf(first), 'week') : here(first, 'day')} data-testid="sheet-span">
          {span === 'day' ? t('sheet.showWeek') : t('sheet.showDay')}
        </a>
        <button type="button" className="btn btn-primary" disabled={printing === 'busy'} onClick={() => void print()} data-testid="sheet-print">
          {printing === 'busy' ? t('sheet.printing') : t('sheet.print')}
        </button>
        {printing === 'saved' ? (
          <span role="status" className="small" data-testid="sheet-saved">
            {t('sheet.saved')}
          </span>
        ) : typeof printing === 'object' && printing !== null ? (
          <span role="alert" className="small" data-testid="sheet-print-error">
            {t('sheet.printError', { code: printing.error })}
          </span>
        ) : null}
      </div>
      {sheet.draftsLeftOut > 0 ? (
        <p className="alert alert-warning sheet-screen-only" data-testid="sheet-drafts">
          {t('sheet.drafts', { n: sheet.draftsLeftOut })}
        </p>
      ) : null}
      {sheet.missingResidents > 0 ? (
        <p className="alert alert-warning sheet-screen-only" data-testid="sheet-missing">
          {t('sheet.missing', { n: sheet.missingResidents })}
        </p>
      ) : null}
      <header className="sheet-head">
        <h1 id="sheet-title">{t('sheet.title')}</h1>
        <p className="sheet-who" data-testid="sheet-caregiver">
          {t('sheet.caregiver', { name: caregiverName })}
        </p>
        <p className="sheet-when" data-testid="sheet-when">
          {when}
        </p>
      </header>
      {sheet.days.length === 0 ? <p className="empty">{t('sheet.noneWeek')}</p> : null}
      {sheet.days.map((day) => (
        <Day key={day.date} day={day} title={span === 'week' ? dayTitle(day.date) : null} />
      ))}
      <p className="sheet-signature">{t('sheet.signature')}</p>
    </section>
  );
}

function Day({ day, title }: { day: SheetDay; title: string | null }) {
  const { t } = useI18n();
  return (
    <section className="sheet-day" data-testid="sheet-day" data-date={day.date}>
      {title !== null ? (
        <h2>
          {title} <span className="sheet-count">· {t('sheet.count', { n: day.stops.length })}</span>
        </h2>
      ) : null}
      {day.stops.length === 0 ? (
        <p className="empty">{t('sheet.noneDay')}</p>
      ) : (
        <table className="sheet-table">
          <thead>
            <tr>
              <th scope="col" className="sheet-n">{t('sheet.col.n')}</th>
              <th scope="col" className="sheet-time">{t('sheet.col.time')}</th>
              <th scope="col">{t('sheet.col.resident')}</th>
              <th scope="col" className="sheet-todo">{t('sheet.col.todo')}</th>
              <th scope="col" className="sheet-check">{t('sheet.col.done')}</th>
              <th scope="col" className="sheet-notes">{t('sheet.col.notes')}</th>
            </tr>
          </thead>
          <tbody>
            {day.stops.map((s) => (
              <Stop key={s.roundId} stop={s} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Stop({ stop }: { stop: SheetStop }) {
  const { t } = useI18n();
  const r = stop.resident;
  return (
    <tr data-testid="sheet-stop" data-resident={stop.residentId}>
      <td className="sheet-n">{stop.n}</td>
      <td className="sheet-time">
        <div>{stop.time ?? t('sheet.anyTime')}</div>
        <div className="small">{t('sheet.minutes', { n: stop.minutes })}</div>
        {stop.fixed ? <div className="sheet-fixed">{t('sheet.fixed')}</div> : null}
      </td>
      <td>
        {r === null ? (
          <em>{t('sheet.missingResident')}</em>
        ) : (
          <>
            <div className="sheet-name">
              {r.name} {r.nickname ? <span className="small">{t('sheet.nickname', { nickname: r.nickname })}</span> : null}
            </div>
            <div>{r.address}</div>
            <div>{r.phones.length > 0 ? t('sheet.phones', { phones: r.phones.join(', ') }) : t('sheet.noPhone')}</div>
            {r.contacts.length > 0 ? <div className="small">{t('sheet.contacts', { contacts: r.contacts.join(', ') })}</div> : null}
          </>
        )}
      </td>
      <td className="sheet-todo">
        <ul>
          {stop.activities.map((a) => (
            <li key={a}>{a}</li>
          ))}
        </ul>
      </td>
      <td className="sheet-check">
        <span className="sheet-box" aria-hidden="true" />
      </td>
      <td className="sheet-notes">
        <span className="sheet-line" aria-hidden="true" />
        <span className="sheet-line" aria-hidden="true" />
      </td>
    </tr>
  );
}
