import { useEffect, useMemo, useRef, useState } from 'react';
import { ageInYears, todayBangkok } from '../../../../shared/dates/thaiDate';
import { formatThaiId } from '../../../../shared/ids/thaiId';
import { formatThaiPhone } from '../../../../shared/phone';
import { isLtcEligible } from '../../../../shared/adl';
import { CHRONIC_DISEASES } from '../../../../shared/reference/diseases';
import { ARCHIVED_STATUSES, type Resident } from '../../../../shared/resident';
import type { WorkbookSpec } from '../../../../shared/reports/workbookSchema';
import { unarchiveResident } from '../../../db/residents';
import { recordView } from '../../../db/viewEvents';
import { routeHref } from '../../../app/router';
import { useStore } from '../../../app/StoreProvider';
import { useActor } from '../../../app/useActor';
import { useI18n } from '../../../i18n/I18nProvider';
import { AdlGroupBadge, AdlHistory } from '../../assessments';
import { lazyPart } from '../../../app/lazy';
import { VisitStartPanel } from '../../visits';
import { CarePlanSummary } from '../../carePlans';
import { ResidentTimeline, useResidentTimeline } from '../../timeline';
import { useCommunity, useResident } from '../queries';

// Shown only when archiving: in its own chunk with the form library it uses.
const ArchiveForm = lazyPart(() => import('./ArchiveForm').then((m) => m.ArchiveForm), { inline: true }).Component;
// Consent, export and erasure (docs/domain.md §8), with their forms and the print path, in their own chunk.
const PdpaPanels = lazyPart(() => import('../../pdpa').then((m) => m.PdpaPanels), { inline: true }).Component;
const SubjectPrint = lazyPart(() => import('../../pdpa').then((m) => m.SubjectPrint), { inline: true }).Component;

export interface ProfilePageProps {
  residentId: string;
}

export function ProfilePage({ residentId }: ProfilePageProps) {
  const { t, date } = useI18n();
  const { db } = useStore();
  const resident = useResident(residentId);
  // Started alongside the resident's read, not after it: the newest visits are what the page waits for.
  const timeline = useResidentTimeline(residentId);
  const community = useCommunity(resident?.communityId);
  const [archiving, setArchiving] = useState(false);
  // The person's printed summary: outside the article, which print hides (features/reports/print/print.css).
  const [printSpec, setPrintSpec] = useState<WorkbookSpec | null>(null);
  const actor = useActor();
  // Each opening is logged once for the server's audit log (docs/security.md §5), by whoever works now (the
  // session read finishing later does not log it twice); a failed write never hides the page.
  const logged = useRef<string | null>(null);
  useEffect(() => {
    if (logged.current === residentId) return;
    logged.current = residentId;
    recordView(db, { residentId, page: 'profile', userId: actor.userId }).catch((err: unknown) => console.warn('view not recorded', err));
  }, [db, residentId, actor.userId]);

  // The page appears with the newest visits, in one render: shown before them, its panels would mount and
  // queue their own reads ahead of the rest of the timeline's head read (renderer/features/timeline/queries.ts),
  // and their render would hold the main thread while that read waits to continue.
  if (resident === undefined || (resident && !resident.deletedAt && timeline.head === undefined && timeline.full === undefined)) return <p className="empty">{t('app.loading')}</p>;
  if (!resident || resident.deletedAt) return <p className="empty">{t('common.notFound')}</p>;

  const archived = ARCHIVED_STATUSES.includes(resident.status);
  return (
    <>
      {printSpec !== null ? <SubjectPrint spec={printSpec} /> : null}
      <article data-testid="resident-profile" data-resident-id={resident.id} className="report-print-hide">
        <p>
          <a href={routeHref({ name: 'register' })}>{t('pf.back')}</a>
        </p>
        <div className="page-header">
          <h1 data-testid="profile-name">
            {resident.prefix}
            {resident.firstName} {resident.lastName}
            {resident.nickname ? ` (${resident.nickname})` : ''}
          </h1>
          <AdlGroupBadge group={resident.latestAdl?.group ?? null} testId="profile-adl-group" />
          <a className="btn" href={routeHref({ name: 'residentEdit', id: resident.id })} data-testid="edit-resident">
            {t('pf.edit')}
          </a>
          {!archived ? (
            <a className="btn btn-primary" href={routeHref({ name: 'adlNew', residentId: resident.id })} data-testid="record-adl">
              {t('pf.recordAdl')}
            </a>
          ) : null}
          {archived ? (
            <button type="button" className="btn" onClick={() => void unarchiveResident(db, resident.id, actor.writeCtx)} data-testid="unarchive">
              {t('pf.unarchive')}
            </button>
          ) : (
            <button type="button" className="btn btn-danger" onClick={() => setArchiving(true)} data-testid="archive" aria-expanded={archiving}>
              {t('pf.archive')}
            </button>
          )}
        </div>
        {resident.status !== 'active' ? (
          <p className="alert alert-warning" data-testid="profile-status">
            {t('pf.statusSince', {
              status: t(`status.${resident.status}`),
              date: resident.statusDate ? date(resident.statusDate) : '',
              reason: resident.statusReason,
            })}
          </p>
        ) : null}
        {archiving && !archived ? <ArchiveForm resident={resident} onDone={() => setArchiving(false)} /> : null}
        <VisitStartPanel resident={resident} />
        <CarePlanSummary resident={resident} />
        <div className="grid-2">
          <Identity resident={resident} />
          <Contact resident={resident} communityName={community?.nameTh ?? ''} />
        </div>
        <Health resident={resident} />
        <ResidentTimeline residentId={resident.id} data={timeline} />
        <section className="card" aria-labelledby="adl-heading">
          <h2 id="adl-heading">{t('pf.section.adl')}</h2>
          <AdlHistory residentId={resident.id} />
        </section>
        {resident.notes ? (
          <section className="card">
            <h2>{t('pf.section.notes')}</h2>
            <p style={{ whiteSpace: 'pre-wrap' }}>{resident.notes}</p>
          </section>
        ) : null}
        <PdpaPanels residentId={resident.id} onSummary={setPrintSpec} />
      </article>
    </>
  );
}

function Identity({ resident }: { resident: Resident }) {
  const { t, date } = useI18n();
  const today = useMemo(() => todayBangkok(), []);
  return (
    <section className="card">
      <h2>{t('pf.section.identity')}</h2>
      <dl className="props">
        <dt>{t('pf.nationalId')}</dt>
        <dd data-testid="profile-national-id">{resident.nationalId ? formatThaiId(resident.nationalId) : t('pf.noId', { reason: resident.noIdReason ?? '' })}</dd>
        <dt>{t('pf.birthDate')}</dt>
        <dd data-testid="profile-birth-date">{date(resident.birthDate)}</dd>
        <dt>{t('pf.age')}</dt>
        <dd>{t('common.years', { n: ageInYears(resident.birthDate, resident.status === 'died' && resident.statusDate ? resident.statusDate : today) })}</dd>
        <dt>{t('pf.sex')}</dt>
        <dd>{t(`pf.sex.${resident.sex}`)}</dd>
        <dt>{t('pf.living')}</dt>
        <dd>{resident.livingSituation ? t(`living.${resident.livingSituation}`) : t('common.unknown')}</dd>
        <dt>{t('pf.language')}</dt>
        <dd>
          {resident.language}
          {resident.interpreterNeeded ? ` · ${t('pf.interpreter')}` : ''}
        </dd>
        <dt>{t('pf.coverage')}</dt>
        <dd>{resident.coverage ? t(`coverage.${resident.coverage}`) : t('common.unknown')}</dd>
        <dt>{t('pf.section.adl')}</dt>
        <dd data-testid="profile-latest-adl">
          {resident.latestAdl
            ? `${t('pf.latestAdl', { total: resident.latestAdl.total, date: date(resident.latestAdl.assessedOn) })}${isLtcEligible(resident.latestAdl.total) ? ` · ${t('pf.ltcEligible')}` : ''}`
            : t('pf.noAdl')}
        </dd>
      </dl>
    </section>
  );
}

function Contact({ resident, communityName }: { resident: Resident; communityName: string }) {
  const { t } = useI18n();
  const a = resident.address;
  const line = [
    a.houseNo,
    a.moo ? t('reg.address.moo', { moo: a.moo }) : '',
    a.village,
    a.soi,
    a.road,
    a.subDistrict,
    a.district,
    a.province,
    a.postalCode,
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <section className="card">
      <h2>{t('pf.section.contact')}</h2>
      <dl className="props">
        <dt>{t('pf.address')}</dt>
        <dd data-testid="profile-address">{line}</dd>
        <dt>{t('pf.community')}</dt>
        <dd>{communityName}</dd>
        {resident.gps ? (
          <>
            <dt>{t('pf.gps')}</dt>
            <dd>
              {resident.gps.lat.toFixed(5)}, {resident.gps.lng.toFixed(5)}
              {resident.gps.accuracyM !== null ? ` ${t('pf.gpsAccuracy', { m: resident.gps.accuracyM })}` : ''}
            </dd>
          </>
        ) : null}
        <dt>{t('pf.phones')}</dt>
        <dd>{resident.phones.length ? resident.phones.map((p) => `${formatThaiPhone(p.number)}${p.label ? ` (${p.label})` : ''}`).join(', ') : t('common.none')}</dd>
        <dt>{t('pf.contacts')}</dt>
        <dd>
          {resident.contacts.length ? (
            <ul className="stack" style={{ margin: 0, paddingLeft: 18 }}>
              {resident.contacts.map((c, i) => (
                <li key={i}>
                  {c.name} · {t(`rel.${c.relationship}`)}
                  {c.phone ? ` · ${formatThaiPhone(c.phone)}` : ''}
                  {c.isCaregiver ? ` · ${t('pf.caregiver')}` : ''}
                </li>
              ))}
            </ul>
          ) : (
            t('common.none')
          )}
        </dd>
      </dl>
    </section>
  );
}

function Health({ resident }: { resident: Resident }) {
  const { t, locale } = useI18n();
  const diseases = resident.diseases.map((code) => {
    const d = CHRONIC_DISEASES.find((x) => x.code === code);
    return d ? (locale === 'th' ? d.th : d.en) : code;
  });
  if (resident.otherDiseases) diseases.push(resident.otherDiseases);
  return (
    <section className="card">
      <h2>{t('pf.section.health')}</h2>
      <dl className="props">
        <dt>{t('pf.diseases')}</dt>
        <dd>{diseases.length ? diseases.join(', ') : t('common.none')}</dd>
        <dt>{t('pf.allergies')}</dt>
        <dd data-testid="profile-allergies">
          {resident.allergyStatus === 'known'
            ? resident.allergies.map((a) => (a.reaction ? `${a.substance} (${a.reaction})` : a.substance)).join(', ')
            : t(`pf.allergy.${resident.allergyStatus}`)}
        </dd>
        <dt>{t('pf.medications')}</dt>
        <dd>{resident.medications.length ? resident.medications.map((m) => [m.name, m.dose, m.frequency].filter(Boolean).join(' ')).join(', ') : t('common.none')}</dd>
      </dl>
    </section>
  );
}
