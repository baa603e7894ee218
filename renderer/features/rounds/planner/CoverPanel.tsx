/**
 * Cover for a caregiver's day (docs/domain.md §9, shared/rounds/cover.ts): the other caregivers ranked by
 * whether they can work that day, skills, community, continuity and load, each with the reasons; giving
 * her the day moves every visit of it (same date) and locks them, after a confirmation when she is not
 * available or some residents are outside her communities.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { coverCandidates, type CoverCandidate } from '../../../../shared/rounds/cover';
import { SKILLS } from '../../../../shared/rounds/skills';
import { useStore } from '../../../app/StoreProvider';
import { useActor } from '../../../app/useActor';
import type { RoundVisitRecord } from '../../../db/syncRows';
import { useI18n } from '../../../i18n/I18nProvider';
import { moveVisit, readWeekRounds, type WeekData } from './planWeek';

const SHOWN = 8;

export function CoverPanel({ absentId, date, visits, week }: { absentId: string; date: string; visits: readonly RoundVisitRecord[]; week: WeekData }) {
  const { t, locale } = useI18n();
  const { db } = useStore();
  const actor = useActor();
  const [asking, setAsking] = useState<CoverCandidate | null>(null);
  const [given, setGiven] = useState<string | null>(null);
  // This week's load (the week's rounds), and continuity: every round of these residents on the device,
  // earlier weeks included (by resident, bounded). Read when the cover search opens.
  const weekStart = visits[0]?.weekStart ?? '';
  const read = useLiveQuery(
    () => Promise.all([readWeekRounds(db, weekStart), db.roundVisits.where('residentId').anyOf([...new Set(visits.map((v) => v.residentId))]).toArray()]),
    [db, weekStart, visits.map((v) => v.id).join()],
  );
  if (read === undefined) return null;
  const [thisWeek, history] = read;
  const ranked = coverCandidates({
    visits,
    date,
    absentId,
    caregivers: week.caregivers,
    availability: week.availability,
    leaves: week.leaves,
    holidays: week.holidays,
    rounds: [...thisWeek, ...history.filter((h) => h.weekStart !== weekStart && h.deletedAt === null)],
  }).slice(0, SHOWN);
  const skillName = (code: string): string => SKILLS.find((s) => s.code === code)?.[locale] ?? code;
  const give = async (c: CoverCandidate, confirmed: boolean): Promise<void> => {
    if (!confirmed && (!c.available || c.sameCommunity < visits.length)) {
      setAsking(c);
      return;
    }
    for (const v of visits) await moveVisit(db, v.id, { caregiverId: c.caregiverId, date }, actor.writeCtx);
    setAsking(null);
    setGiven(c.name);
  };
  return (
    <div className="planner-cover" data-testid="planner-cover-list">
      <h3>{t('planner.cover.title')}</h3>
      <ol>
        {ranked.map((c) => (
          <li key={c.caregiverId} data-testid="planner-cover-candidate" data-caregiver={c.caregiverId}>
            <strong>{c.name}</strong>{' '}
            <span className="muted small">
              {c.available ? t('planner.cover.available') : t('planner.cover.unavailable')}
              {' · '}
              {c.missingSkills.length === 0 ? t('planner.cover.skillsOk') : t('planner.cover.skillsMissing', { skills: c.missingSkills.map(skillName).join(', ') })}
              {' · '}
              {t('planner.cover.community', { n: c.sameCommunity, of: visits.length })}
              {' · '}
              {t('planner.cover.knows', { n: c.knows })}
              {' · '}
              {t('planner.cover.load', { day: c.dayVisits, week: c.weekVisits, cap: c.weeklyVisitCap })}
            </span>{' '}
            <button type="button" className="btn" onClick={() => void give(c, false)} data-testid="planner-cover-give">
              {t('planner.cover.give')}
            </button>
          </li>
        ))}
      </ol>
      {asking ? (
        <div role="alert" className="alert alert-warning" data-testid="planner-cover-warning">
          <p>{t('planner.cover.confirmText', { name: asking.name })}</p>
          <button type="button" className="btn btn-primary" onClick={() => void give(asking, true)} data-testid="planner-cover-confirm">
            {t('planner.move.confirm')}
          </button>
          <button type="button" className="btn" onClick={() => setAsking(null)}>
            {t('planner.move.cancel')}
          </button>
        </div>
      ) : null}
      {given ? (
        <p role="status" className="small" data-testid="planner-cover-done">
          {t('planner.cover.given', { name: given })}
        </p>
      ) : null}
    </div>
  );
}
