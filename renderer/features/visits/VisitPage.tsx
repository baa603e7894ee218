/**
 * One home visit as it is now (its amendments applied, shared/visit.ts applyAmendments) with its vital
 * flags, and its amendment history. A saved visit is never edited: "correct" opens the same form prefilled
 * and saves an amendment with a reason (author = the signed-in user); "void" is for a visit recorded for
 * the wrong resident or twice, with a reason.
 */
import { useState } from 'react';
import { activitiesForVisit, currentPlan } from '../../../shared/carePlan';
import { isIsoDate, todayBangkok } from '../../../shared/dates/thaiDate';
import type { Resident } from '../../../shared/resident';
import { buildAmendment, visitDurationMinutes, type AmendableField, type AmendedVisit, type Visit } from '../../../shared/visit';
import { visitToForm, type VisitFormOutput } from '../../../shared/visitForm';
import { VITAL_KEYS, flagVitals, isUrgentLevel, weightReadings, type VitalFlag } from '../../../shared/vitals';
import { routeHref } from '../../app/router';
import { useStore } from '../../app/StoreProvider';
import { useActor } from '../../app/useActor';
import { useUserNames } from '../../app/userNames';
import { useCarePlans } from '../carePlans';
import { amendVisit, voidVisit } from '../../db/visits';
import { useVisitWithContext } from './queries';
import { useI18n } from '../../i18n/I18nProvider';
import { useVitalSettings } from '../settings';
import { visitNotices } from './flash';
import { useCarriedNotice } from '../../ui/notices';
import { adlDue, labelFor } from './formModel';
import { VisitForm, type SaveResult } from './VisitForm';
import './visits.css';
import { PhotoThumb } from './VisitPhotos';
import { errorText } from '../../i18n/errorText';

export function VisitPage({ residentId, visitId }: { residentId: string; visitId: string }) {
  const { t } = useI18n();
  const data = useVisitWithContext(residentId, visitId);
  const plans = useCarePlans(residentId);

  if (data === undefined || plans === undefined) {
    return (
      <p className="empty" role="status">
        {t('app.loading')}
      </p>
    );
  }
  if (!data.resident || data.resident.deletedAt !== null || !data.visit) return <p className="empty">{t('common.notFound')}</p>;
  return <VisitView resident={data.resident} visit={data.visit} others={data.others} planActivities={activitiesForVisit(currentPlan(plans, todayBangkok()))} hasPlan={currentPlan(plans, todayBangkok()) !== null} />;
}

interface VisitViewProps {
  resident: Resident;
  visit: AmendedVisit<Visit>;
  others: AmendedVisit<Visit>[];
  planActivities: ReturnType<typeof activitiesForVisit>;
  hasPlan: boolean;
}

function VisitView({ resident, visit, others, planActivities, hasPlan }: VisitViewProps) {
  const { t, date, instant, locale } = useI18n();
  const { db } = useStore();
  const actor = useActor();
  const vitalSettings = useVitalSettings();
  const v = visit.current;
  const [flash, setFlash] = useCarriedNotice(visitNotices, v.id);
  const [amending, setAmending] = useState(false);
  const [voiding, setVoiding] = useState(false);
  const [voidReason, setVoidReason] = useState('');
  const [voidError, setVoidError] = useState<string | null>(null);

  const voidedReason = v.deletedAt !== null ? ((v as Visit & { voidReason?: string }).voidReason ?? '') : null;
  const weightHistory = weightReadings(others.map((o) => o.current));
  const flags = flagVitals(v.vitals, vitalSettings, { date: v.serviceDate, history: weightHistory });
  const flagOf = (key: string): VitalFlag | undefined => flags.find((f) => f.key === key);
  const careName = (code: string): string => {
    const o = planActivities.find((a) => a.code === code);
    return o ? (locale === 'th' ? o.th : o.en) : code;
  };
  const { label: userName } = useUserNames();
  const authorName = (id: string): string => (id === actor.userId && actor.displayName !== '' ? actor.displayName : userName(id));
  const name = `${resident.prefix}${resident.firstName} ${resident.lastName}`;
  const adl = adlDue(resident.latestAdl, todayBangkok());

  const fieldLabel = (field: AmendableField): string => {
    if (field === 'startedAt') return t('visits.field.time');
    if (field === 'endedAt') return t('visits.field.duration');
    const l = labelFor(field, () => undefined);
    return 'text' in l ? l.text : t(l.key, l.params);
  };
  const show = (field: AmendableField, value: unknown): string => {
    if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return t('visits.history.empty.value');
    switch (field) {
      case 'startedAt':
      case 'endedAt':
        return typeof value === 'string' ? instant(value) : String(value);
      case 'nextVisitDate':
        return typeof value === 'string' && isIsoDate(value) ? date(value) : String(value);
      case 'type':
        return t(`visits.type.${value as Visit['type']}`);
      case 'outcome':
        return t(`visits.outcome.${value as Visit['outcome']}`);
      case 'missedReason':
        return t(`visits.missed.${value as NonNullable<Visit['missedReason']>}`);
      case 'escalation':
        return t(`visits.escalation.${value as Visit['escalation']}`);
      case 'planned':
      case 'photoConsent':
        return value === true ? t('common.yes') : t('common.no');
      case 'careGiven':
        return (value as Visit['careGiven']).map((c) => (c.minutes === null ? careName(c.code) : t('visits.detail.careMinutes', { activity: careName(c.code), minutes: c.minutes }))).join(', ');
      case 'problems':
        return (value as string[]).join('; ');
      case 'photos':
        return String((value as unknown[]).length);
      case 'gps': {
        const g = value as { lat: number; lng: number };
        return `${g.lat.toFixed(5)}, ${g.lng.toFixed(5)}`;
      }
      default:
        return typeof value === 'object' ? JSON.stringify(value) : String(value);
    }
  };

  const saveAmendment = async (edited: VisitFormOutput, reason: string): Promise<SaveResult> => {
    const built = buildAmendment({ visit: v, current: v, edited, reason, author: actor.userId, at: new Date().toISOString() });
    if (!built.ok) return { ok: false, issues: built.issues };
    try {
      await amendVisit(db, built.data, actor.writeCtx);
      setAmending(false);
      setFlash('amended');
      return { ok: true };
    } catch (err) {
      return { ok: false, error: errorText(err, t) };
    }
  };

  const doVoid = async () => {
    setVoidError(null);
    try {
      await voidVisit(db, v.id, voidReason, actor.writeCtx);
      setVoiding(false);
    } catch (err) {
      setVoidError(errorText(err, t));
    }
  };

  if (amending) {
    return (
      <div>
        <p>
          <a href={routeHref({ name: 'resident', id: resident.id })}>{t('visits.back')}</a>
        </p>
        <VisitForm
          resident={resident}
          initial={visitToForm(v)}
          mode="amend"
          careOptions={planActivities}
          hasPlan={hasPlan}
          vitalSettings={vitalSettings}
          weightHistory={weightHistory}
          adl={{ due: false }}
          askArchivedReason={v.archivedReason !== null}
          onSave={saveAmendment}
          onCancel={() => setAmending(false)}
        />
      </div>
    );
  }

  const vitalsShown = VITAL_KEYS.filter((k) => v.vitals[k] !== null);
  return (
    <article data-testid="visit-detail" data-visit-id={v.id} data-voided={voidedReason !== null}>
      <p>
        <a href={routeHref({ name: 'resident', id: resident.id })}>{t('visits.back')}</a>
      </p>
      {flash ? (
        <p className="alert alert-success" role="status" data-testid={flash === 'saved' ? 'visit-saved' : 'amendment-saved'}>
          {flash === 'saved' ? t('visits.saved') : t('visits.amend.saved')}
        </p>
      ) : null}
      <div className="page-header">
        <h1>{t('visits.detail.title', { date: date(v.serviceDate) })}</h1>
        {voidedReason === null ? (
          <>
            <button type="button" className="btn btn-primary" onClick={() => setAmending(true)} data-testid="amend-visit">
              {t('visits.amend')}
            </button>
            <button type="button" className="btn btn-danger" onClick={() => setVoiding((x) => !x)} aria-expanded={voiding} data-testid="void-visit">
              {t('visits.void')}
            </button>
          </>
        ) : null}
      </div>
      <p>
        <strong>{t('visits.form.for', { name })}</strong>
      </p>
      {voidedReason !== null ? (
        <p className="alert alert-warning" data-testid="visit-voided">
          {t('visits.detail.voided', { reason: voidedReason })}
        </p>
      ) : null}
      {voiding ? (
        <div className="card alert-warning" role="group" aria-labelledby="void-title" data-testid="void-form">
          <p id="void-title">{t('visits.void.note')}</p>
          <div className="field">
            <label htmlFor="void-reason">{t('visits.void.reason')}</label>
            <input id="void-reason" data-testid="void-reason" value={voidReason} onChange={(e) => setVoidReason(e.target.value)} />
            {voidError ? (
              <span className="field-error" data-testid="field-error-voidReason">
                {voidError}
              </span>
            ) : null}
          </div>
          <div className="row" style={{ marginTop: 8 }}>
            <button type="button" className="btn btn-danger" onClick={() => void doVoid()} data-testid="confirm-void">
              {t('visits.void.confirm')}
            </button>
            <button type="button" className="btn" onClick={() => setVoiding(false)}>
              {t('action.cancel')}
            </button>
          </div>
        </div>
      ) : null}
      {visit.amendedFields.length > 0 ? <p className="muted small">{t('visits.detail.amended', { n: visit.amendedFields.length })}</p> : null}
      {adl.due && voidedReason === null ? (
        <p className="alert alert-warning" data-testid="adl-due">
          {adl.lastAssessedOn ? t('visits.adl.due', { date: date(adl.lastAssessedOn) }) : t('visits.adl.never')}{' '}
          <a href={routeHref({ name: 'adlNew', residentId: resident.id })} data-testid="visit-record-adl">
            {t('visits.adl.record')}
          </a>
        </p>
      ) : null}

      <section className="card">
        <dl className="props">
          <dt>{t('visits.detail.when')}</dt>
          <dd data-testid="visit-when">{t('visits.detail.whenValue', { start: instant(v.startedAt), end: instant(v.endedAt), minutes: visitDurationMinutes(v) })}</dd>
          <dt>{t('visits.detail.caregiver')}</dt>
          <dd data-testid="visit-caregiver">{authorName(v.caregiverId)}</dd>
          <dt>{t('visits.detail.type')}</dt>
          <dd>
            {t(`visits.type.${v.type}`)}
            {v.planned ? ` · ${t('visits.field.planned')}` : ''}
          </dd>
          <dt>{t('visits.detail.outcome')}</dt>
          <dd data-testid="visit-outcome">
            {t(`visits.outcome.${v.outcome}`)}
            {v.missedReason ? ` · ${t(`visits.missed.${v.missedReason}`)}${v.missedNote ? ` (${v.missedNote})` : ''}` : ''}
          </dd>
          {v.archivedReason !== null ? (
            <>
              <dt>{t('visits.detail.archivedReason')}</dt>
              <dd>{v.archivedReason}</dd>
            </>
          ) : null}
        </dl>
      </section>

      <section className="card" aria-labelledby="vd-vitals">
        <h2 id="vd-vitals">{t('visits.detail.vitals')}</h2>
        {vitalsShown.length === 0 ? (
          <p className="muted">{t('visits.detail.noVitals')}</p>
        ) : (
          <dl className="props" data-testid="visit-vitals">
            {vitalsShown.map((k) => {
              const f = flagOf(k);
              const urgent = f ? isUrgentLevel(f.level) : false;
              return (
                <div key={k} className="props-row" data-testid={`visit-vital-${k}`}>
                  <dt>{t(`visits.vital.${k}`)}</dt>
                  <dd>
                    {String(v.vitals[k])} {t(`visits.unit.${k}`)}{' '}
                    {f ? (
                      <span className={`vital-flag vital-flag-${f.level}`} data-testid={`vital-flag-${k}`} data-level={f.level}>
                        {urgent ? '⚠ ' : f.level === 'low' ? '▼ ' : '▲ '}
                        {k === 'weight' && f.change ? t('visits.flag.weight', { percent: f.change.percent, days: vitalSettings.weightChangeDays }) : t(`visits.flag.${f.level}`)}
                      </span>
                    ) : null}
                  </dd>
                </div>
              );
            })}
          </dl>
        )}
        {v.recheckNote ? (
          <p>
            <strong>{t('visits.detail.recheck')}:</strong> {v.recheckNote}
          </p>
        ) : null}
      </section>

      <section className="card">
        <dl className="props">
          <dt>{t('visits.detail.care')}</dt>
          <dd data-testid="visit-care-given">
            {v.careGiven.length === 0
              ? t('common.none')
              : v.careGiven.map((c) => (c.minutes === null ? careName(c.code) : t('visits.detail.careMinutes', { activity: careName(c.code), minutes: c.minutes }))).join(', ')}
          </dd>
          <dt>{t('visits.detail.mood')}</dt>
          <dd>{v.mood === null ? t('visits.mood.none') : t(`visits.mood.${v.mood as 1 | 2 | 3 | 4 | 5}`)}</dd>
          <dt>{t('visits.detail.observations')}</dt>
          <dd data-testid="visit-observations-text" style={{ whiteSpace: 'pre-wrap' }}>
            {v.observations || t('common.none')}
          </dd>
          <dt>{t('visits.detail.problems')}</dt>
          <dd data-testid="visit-problems-text">
            {v.problems.length === 0 ? (
              t('common.none')
            ) : (
              <ul className="plain-list">
                {v.problems.map((p, i) => (
                  <li key={i}>{p}</li>
                ))}
              </ul>
            )}
          </dd>
          <dt>{t('visits.detail.escalation')}</dt>
          <dd data-testid="visit-escalation-text" data-escalation={v.escalation}>
            {t(`visits.escalation.${v.escalation}`)}
            {v.escalationReason ? `: ${v.escalationReason}` : ''}
          </dd>
          <dt>{t('visits.detail.next')}</dt>
          <dd data-testid="visit-next-date-text">{v.nextVisitDate ? date(v.nextVisitDate) : t('common.none')}</dd>
          {v.photos.length > 0 ? (
            <>
              <dt>{t('visits.section.photos')}</dt>
              <dd>
                <ul className="photo-list" data-testid="visit-photos-shown">
                  {v.photos.map((p, i) => (
                    <li key={p.blobId}>
                      <PhotoThumb residentId={v.residentId} photo={p} alt={t('visits.photos.alt', { n: i + 1 })} />
                    </li>
                  ))}
                </ul>
              </dd>
            </>
          ) : null}
        </dl>
      </section>

      <section className="card" aria-labelledby="vd-history" data-testid="visit-history" data-count={visit.history.length}>
        <h2 id="vd-history">{t('visits.history.title')}</h2>
        {visit.history.length === 0 ? (
          <p className="muted">{t('visits.history.empty')}</p>
        ) : (
          <ol className="visit-history">
            {[...visit.history].reverse().map((h) => (
              <li key={h.amendmentId} data-testid="visit-history-entry" data-status={h.status} className={h.status === 'rejected' ? 'rejected' : undefined}>
                <p className="small muted" style={{ margin: 0 }}>
                  {t('visits.history.meta', { author: authorName(h.author), time: instant(h.at) })}
                </p>
                <p style={{ margin: '2px 0' }}>{t('visits.history.reason', { reason: h.reason })}</p>
                {h.status === 'rejected' ? (
                  <p className="field-error" style={{ margin: '2px 0' }} data-testid="visit-history-rejected">
                    {t('visits.history.rejected')}
                  </p>
                ) : null}
                <ul className="plain-list">
                  {h.changes.map((c) => (
                    <li key={c.field} data-testid="visit-history-change" data-field={c.field}>
                      {fieldLabel(c.field)}: <del>{show(c.field, c.from)}</del> → <ins>{show(c.field, c.to)}</ins>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        )}
      </section>
    </article>
  );
}
