/**
 * The municipality's public holidays of one year (docs/domain.md §9): listed by date with the Thai date
 * (Buddhist Era year), added, edited in place and deleted; and the year's default list
 * (shared/rounds/holidays.ts) added in one write, only the dates not there yet. The Buddhist holidays move
 * with the lunar calendar: the section says to check them against the cabinet announcement.
 */
import { useMemo, useState } from 'react';
import { dayOfWeek } from '../../../shared/dates/calendar';
import { ENGLISH_WEEKDAYS, THAI_WEEKDAYS, todayBangkok } from '../../../shared/dates/thaiDate';
import type { HolidayData } from '../../../shared/rounds/recordsSchema';
import { useStore } from '../../app/StoreProvider';
import { useActor } from '../../app/useActor';
import { createRecord, deleteRecord, patchRecord, runWrite } from '../../db/repository';
import { errorText } from '../../i18n/errorText';
import { useI18n } from '../../i18n/I18nProvider';
import { ColumnHeads } from '../../ui/ColumnHeads';
import { holidayToForm } from './forms';
import { HolidayForm } from './HolidayForm';
import { Notice } from './kit';
import { useHolidays } from './queries';
import { changedFields, holidaysOfYear, missingDefaultHolidays } from './staff';

const EMPTY = { date: '', nameTh: '', nameEn: '' };

export function HolidaysSection() {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const { db } = useStore();
  const actor = useActor();
  const all = useHolidays();
  const [year, setYear] = useState(() => Number(todayBangkok().slice(0, 4)));
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ text: string; error?: boolean } | null>(null);
  const [addKey, setAddKey] = useState(0);
  const shownYear = (y: number) => (locale === 'th' ? y + 543 : y);

  const live = useMemo(() => (all ?? []).filter((h) => h.deletedAt === null), [all]);
  const list = holidaysOfYear(live, year);
  const missing = missingDefaultHolidays(live, year);
  const anyDefaults = missingDefaultHolidays([], year).length > 0;
  const datesExcept = (id: string | null): ReadonlySet<string> => new Set(live.filter((h) => h.id !== id).map((h) => h.date));
  const takenForNew = useMemo(() => new Set(live.map((h) => h.date)), [live]);
  const weekday = (date: string) => (locale === 'th' ? THAI_WEEKDAYS : ENGLISH_WEEKDAYS)[dayOfWeek(date)] ?? '';
  const name = (h: HolidayData) => (locale === 'th' ? h.nameTh : h.nameEn);

  const addDefaults = async () => {
    setNotice(null);
    try {
      await runWrite(db, ['holidays'], actor.writeCtx, async (s) => {
        for (const h of missing) await s.create('holidays', h);
      });
      setNotice({ text: t('staff.holidays.defaultsAdded', { n: missing.length }) });
    } catch (err) {
      setNotice({ text: t('staff.holidays.failed', { detail: errorText(err, t) }), error: true });
    }
  };

  const remove = async (id: string, h: HolidayData) => {
    setNotice(null);
    try {
      await deleteRecord(db, 'holidays', id, actor.writeCtx);
      if (editing === id) setEditing(null);
      setNotice({ text: t('staff.holidays.deleted', { name: name(h), date: i18n.date(h.date) }) });
    } catch (err) {
      setNotice({ text: t('staff.holidays.failed', { detail: errorText(err, t) }), error: true });
    }
  };

  return (
    <section className="card staff-section" aria-labelledby="staff-holidays-title" aria-busy={all === undefined} data-testid="staff-holidays" data-year={year}>
      <h2 id="staff-holidays-title">{t('staff.holidays.title', { year: shownYear(year) })}</h2>
      <div className="staff-year">
        <button type="button" className="btn" onClick={() => setYear(year - 1)} data-testid="holidays-prev-year">
          {t('staff.holidays.prevYear', { year: shownYear(year - 1) })}
        </button>
        <button type="button" className="btn" onClick={() => setYear(year + 1)} data-testid="holidays-next-year">
          {t('staff.holidays.nextYear', { year: shownYear(year + 1) })}
        </button>
      </div>
      <p className="alert alert-warning" data-testid="holidays-lunar-note">
        {t('staff.holidays.lunarNote')}
      </p>
      <div className="row">
        <button type="button" className="btn" disabled={missing.length === 0 || all === undefined} onClick={() => void addDefaults()} data-testid="holidays-add-defaults" aria-describedby="holidays-defaults-hint">
          {t('staff.holidays.addDefaults', { year: shownYear(year) })}
        </button>
        <span className="muted" id="holidays-defaults-hint">
          {!anyDefaults ? t('staff.holidays.noDefaults') : missing.length === 0 ? t('staff.holidays.defaultsComplete') : null}
        </span>
      </div>
      <Notice text={notice?.text ?? null} error={notice?.error} testId="holidays-notice" />
      {all === undefined ? null : list.length === 0 ? (
        <p className="empty" data-testid="holidays-none">
          {t('staff.holidays.none')}
        </p>
      ) : (
        <div className="staff-table-wrap">
          <p className="muted" data-testid="holidays-count">
            {t('staff.holidays.count', { n: list.length })}
          </p>
          <table className="data" data-testid="holidays-table">
            <ColumnHeads labels={[t('staff.holiday.date'), t('staff.holiday.weekday'), t('staff.holiday.nameTh'), t('staff.holiday.nameEn'), '']} />
            <tbody>
              {list.map((h) =>
                editing === h.id ? (
                  <tr key={h.id} data-testid="holiday-row" data-date={h.date} data-editing="true">
                    <td colSpan={5}>
                      <HolidayForm
                        idPrefix={`holiday-${h.id}`}
                        initial={holidayToForm(h)}
                        takenDates={datesExcept(h.id)}
                        submitLabel={t('staff.holidays.save')}
                        testId="holiday-edit"
                        onCancel={() => setEditing(null)}
                        onSave={async (data) => {
                          const changes = changedFields<HolidayData>({ date: h.date, nameTh: h.nameTh, nameEn: h.nameEn }, data);
                          if (Object.keys(changes).length > 0) await patchRecord(db, 'holidays', h.id, changes, actor.writeCtx);
                          setEditing(null);
                          setNotice({ text: t('staff.holidays.saved') });
                          if (data.date.slice(0, 4) !== String(year)) setYear(Number(data.date.slice(0, 4)));
                        }}
                      />
                    </td>
                  </tr>
                ) : (
                  <tr key={h.id} data-testid="holiday-row" data-date={h.date}>
                    <td data-testid="holiday-date">{i18n.date(h.date)}</td>
                    <td>{weekday(h.date)}</td>
                    <td data-testid="holiday-name-th">{h.nameTh}</td>
                    <td lang="en">{h.nameEn}</td>
                    <td className="staff-actions">
                      <button type="button" className="btn" onClick={() => setEditing(h.id)} aria-label={t('staff.holidays.editLabel', { name: name(h), date: i18n.date(h.date) })} data-testid="holiday-edit-open">
                        {t('staff.holidays.edit')}
                      </button>
                      <button type="button" className="btn btn-danger" onClick={() => void remove(h.id, h)} aria-label={t('staff.holidays.deleteLabel', { name: name(h), date: i18n.date(h.date) })} data-testid="holiday-delete">
                        {t('staff.holidays.delete')}
                      </button>
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      )}
      <h3>{t('staff.holidays.add')}</h3>
      <HolidayForm
        key={addKey}
        idPrefix="holiday-new"
        initial={EMPTY}
        takenDates={takenForNew}
        submitLabel={t('staff.holidays.add')}
        testId="holiday-new"
        onSave={async (data) => {
          await createRecord(db, 'holidays', data, actor.writeCtx);
          setAddKey((k) => k + 1);
          setNotice({ text: t('staff.holidays.added') });
          setYear(Number(data.date.slice(0, 4)));
        }}
      />
    </section>
  );
}
