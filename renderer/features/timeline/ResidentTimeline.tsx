/**
 * The resident's timeline on the profile: trend charts, then visits, referrals, ADL assessments and care-plan
 * changes in one list, newest first (timelineItems.ts). A live query, so a visit saved (or amended, or
 * synced in) appears at once; the configured normal ranges (useVitalSettings) decide the flags.
 *
 * Rendered incrementally: the newest visits first, from a bounded read (queries.ts: exact for the items it
 * shows), then the charts, the count and the rest once every visit is read; the first PAGE_SIZE items, then
 * more on request, so a resident with hundreds of visits opens as fast as one with a few (the charts draw
 * every reading, but as one line per series). `data-complete` says whether everything is read.
 */
import { useMemo, useState } from 'react';
import { assertNever } from '../../../shared/assert';
import type { VitalFlag } from '../../../shared/vitals';
import { routeHref } from '../../app/router';
import { useActor } from '../../app/useActor';
import { useUserNames } from '../../app/userNames';
import { useI18n } from '../../i18n/I18nProvider';
import { AdlGroupBadge } from '../assessments';
import { useVitalSettings } from '../settings';
import { lazyPart } from '../../app/lazy';
import type { TimelineData } from './queries';
import { buildTimeline, excerpt, type TimelineItem } from './timelineItems';
import './timeline.css';

export const PAGE_SIZE = 50;

// The charts fill in after the newest visits are on screen (their own chunk).
const TimelineCharts = lazyPart(() => import('./TimelineCharts').then((m) => m.TimelineCharts), { inline: true }).Component;

/**
 * `data` is read by the page that shows the timeline (useResidentTimeline), so its first read starts with the
 * page's own reads instead of after them.
 */
export function ResidentTimeline({ residentId, data }: { residentId: string; data: TimelineData }) {
  const { t } = useI18n();
  const actor = useActor();
  const { label } = useUserNames();
  const me = useMemo(() => ({ userId: actor.userId, name: actor.displayName || t('timeline.you'), nameOf: label }), [actor.userId, actor.displayName, t, label]);
  const settings = useVitalSettings();
  const [shown, setShown] = useState(PAGE_SIZE);
  const { head, full } = data;
  const items = useMemo(() => {
    if (full) return buildTimeline(full, settings);
    if (!head) return [];
    const all = buildTimeline(head, settings);
    if (head.since === null) return all;
    const since = Date.parse(head.since);
    return all.filter((i) => Date.parse(i.at) >= since);
  }, [full, head, settings]);
  const currentVisits = useMemo(() => (full ? full.visits.map((v) => v.current) : null), [full]);

  if (head === undefined && full === undefined) {
    return (
      <section className="card timeline" data-testid="timeline" aria-busy="true" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{t('timeline.title')}</h2>
        <p className="muted">{t('app.loading')}</p>
      </section>
    );
  }
  const visible = items.slice(0, shown);
  return (
    <section
      className="card timeline"
      data-testid="timeline"
      data-count={full ? items.length : undefined}
      data-complete={full ? 'true' : 'false'}
      aria-busy={full ? undefined : 'true'}
      aria-labelledby="timeline-heading"
    >
      <h2 id="timeline-heading">{t('timeline.title')}</h2>
      {full && currentVisits ? <TimelineCharts visits={currentVisits} assessments={full.assessments} settings={settings} /> : null}
      {full && items.length === 0 ? (
        <p className="muted" data-testid="timeline-empty">
          {t('timeline.empty')}
        </p>
      ) : (
        <ol className="timeline-list" aria-label={t('timeline.list')}>
          {visible.map((item) => (
            <TimelineRow key={item.key} item={item} residentId={residentId} me={me} />
          ))}
        </ol>
      )}
      {full && items.length > shown ? (
        <p className="row">
          <span className="muted small" data-testid="timeline-count">
            {t('timeline.count', { shown: visible.length, total: items.length })}
          </span>
          <button type="button" className="btn" data-testid="timeline-more" onClick={() => setShown((n) => n + PAGE_SIZE)}>
            {t('timeline.more', { n: Math.min(PAGE_SIZE, items.length - shown) })}
          </button>
        </p>
      ) : null}
    </section>
  );
}

interface RowProps {
  item: TimelineItem;
  residentId: string;
  /** The signed-in user, named instead of their id on their own visits. */
  /** The current user, and how anyone else is named (app/userNames.ts). */
  me: { userId: string; name: string; nameOf: (userId: string) => string };
}

function TimelineRow({ item, residentId, me }: RowProps) {
  const { t, instant } = useI18n();
  return (
    <li className={`timeline-item timeline-${item.kind}`} data-testid="timeline-item" data-kind={item.kind} data-at={item.at}>
      <time dateTime={item.at} className="timeline-time">
        {instant(item.at)}
      </time>
      <span className="timeline-kind">{t(`timeline.kind.${item.kind}`)}</span>
      <div className="timeline-body">
        <RowBody item={item} residentId={residentId} me={me} />
      </div>
    </li>
  );
}

function RowBody({ item, residentId, me }: RowProps) {
  const { t } = useI18n();
  switch (item.kind) {
    case 'visit': {
      const v = item.visit;
      const who = v.caregiverId === me.userId ? me.name : me.nameOf(v.caregiverId);
      const note = v.outcome === 'missed' ? v.missedNote : v.observations || v.problems.join(' · ');
      return (
        <>
          <p className="timeline-head" data-visit-id={v.id}>
            <a href={routeHref({ name: 'visit', residentId, visitId: v.id })} data-testid="timeline-visit-link">
              {t(`visits.type.${v.type}`)}
            </a>
            <span className="muted small">{t('timeline.caregiver', { name: who })}</span>
            {item.amended ? (
              <span className="badge timeline-amended" data-testid="timeline-amended">
                {t('timeline.amended')}
              </span>
            ) : null}
            {v.escalation !== 'none' ? <span className="badge timeline-escalated">{t(`timeline.escalation.${v.escalation}`)}</span> : null}
          </p>
          {v.outcome === 'missed' && v.missedReason !== null ? <p className="muted">{t('timeline.missed', { reason: t(`timeline.missedReason.${v.missedReason}`) })}</p> : null}
          {item.flags.length > 0 ? <Flags flags={item.flags} /> : null}
          {note ? <p className="timeline-note">{excerpt(note)}</p> : null}
        </>
      );
    }
    case 'referral': {
      const v = item.visit;
      if (v.escalation === 'none') return null; // buildTimeline makes referrals of escalated visits only
      return (
        <p className="timeline-head">
          <a href={routeHref({ name: 'visit', residentId, visitId: v.id })}>{t(`timeline.escalation.${v.escalation}`)}</a>
          {v.escalationReason ? <span>{t('timeline.referral.reason', { reason: excerpt(v.escalationReason) })}</span> : null}
        </p>
      );
    }
    case 'assessment': {
      const a = item.assessment;
      return (
        <p className="timeline-head">
          <span data-testid="timeline-adl-total">{t('timeline.assessment', { total: a.total })}</span>
          <AdlGroupBadge group={a.group} />
          <span className="muted small">{t(`adl.reason.${a.reason}`)}</span>
        </p>
      );
    }
    case 'plan': {
      const p = item.plan;
      return (
        <p className="timeline-head" data-event={item.event}>
          <a href={routeHref({ name: 'carePlan', residentId, planId: p.id })}>{t(`timeline.plan.${item.event}`, { version: p.version })}</a>
        </p>
      );
    }
    default:
      return assertNever(item);
  }
}

function Flags({ flags }: { flags: readonly VitalFlag[] }) {
  const { t } = useI18n();
  return (
    <ul className="timeline-flags" aria-label={t('timeline.flags')}>
      {flags.map((f) => (
        <li key={f.key} className={`timeline-flag timeline-flag-${f.level}`} data-testid="timeline-flag" data-key={f.key} data-level={f.level}>
          {f.key === 'weight' && f.change
            ? t(f.change.percent < 0 ? 'timeline.flag.weightLoss' : 'timeline.flag.weightGain', { percent: Math.abs(f.change.percent).toFixed(1), from: f.change.referenceKg })
            : t('timeline.flag', { vital: t(`timeline.vital.${f.key}`), value: `${f.value} ${t(`timeline.unit.${f.key}`)}`, level: t(`timeline.level.${f.level}`) })}
        </li>
      ))}
    </ul>
  );
}
