/**
 * A new home visit for one resident: loads what the form needs once (the resident, the caregiver's draft,
 * the plan's activities, earlier weights), restores the draft if there is one, and records the visit.
 * Loaded once rather than live: a live query would re-initialise the form on every autosave.
 */
import { useEffect, useState } from 'react';
import { activitiesForVisit, currentPlan, type VisitActivityOption } from '../../../shared/carePlan';
import { todayBangkok } from '../../../shared/dates/thaiDate';
import type { Resident } from '../../../shared/resident';
import { emptyVisitForm, type VisitFormOutput, type VisitFormValues } from '../../../shared/visitForm';
import { weightReadings, type WeightReading } from '../../../shared/vitals';
import { navigate, routeHref } from '../../app/router';
import { useStore } from '../../app/StoreProvider';
import { useActor } from '../../app/useActor';
import { listCarePlans } from '../../db/carePlans';
import { getVisitDraft, listAmendedVisits, recordVisit } from '../../db/visits';
import { useI18n } from '../../i18n/I18nProvider';
import { useVitalSettings } from '../settings';
import { visitNotices } from './flash';
import { adlDue, reviveVisitForm } from './formModel';
import { VisitForm, type SaveResult } from './VisitForm';
import { errorText } from '../../i18n/errorText';

interface Loaded {
  resident: Resident;
  initial: VisitFormValues;
  restoredFrom: string | null;
  careOptions: VisitActivityOption[];
  hasPlan: boolean;
  weightHistory: WeightReading[];
}

/** `roundVisitId`: the caregiver's round visit this visit is made for (from her day, #/today), marked done with it. */
export function VisitFormPage({ residentId, roundVisitId }: { residentId: string; roundVisitId?: string | undefined }) {
  const { t } = useI18n();
  const { db } = useStore();
  const actor = useActor();
  const vitalSettings = useVitalSettings();
  const loadKey = `${residentId}|${actor.userId}`;
  const [state, setState] = useState<{ key: string; value: Loaded | 'missing' } | null>(null);
  // A result for another resident or user (the route or the session changed) counts as still loading.
  const loaded = state !== null && state.key === loadKey ? state.value : null;

  useEffect(() => {
    let cancelled = false;
    const key = `${residentId}|${actor.userId}`;
    void (async () => {
      const resident = await db.residents.get(residentId);
      if (!resident || resident.deletedAt !== null) {
        if (!cancelled) setState({ key, value: 'missing' });
        return;
      }
      const [draft, plans, visits] = await Promise.all([getVisitDraft(db, residentId, actor.userId), listCarePlans(db, residentId), listAmendedVisits(db, residentId)]);
      const now = new Date().toISOString();
      const plan = currentPlan(plans, todayBangkok());
      if (cancelled) return;
      setState({
        key,
        value: {
        resident,
        initial: draft ? reviveVisitForm(draft.values, now) : emptyVisitForm(now),
        restoredFrom: draft ? draft.savedAt : null,
        careOptions: activitiesForVisit(plan),
        hasPlan: plan !== null,
        weightHistory: weightReadings(visits.map((v) => v.current)),
        },
      });
    })();
    return () => {
      cancelled = true;
    };
  }, [db, residentId, actor.userId]);

  if (loaded === null) {
    return (
      <p className="empty" role="status">
        {t('app.loading')}
      </p>
    );
  }
  if (loaded === 'missing') return <p className="empty">{t('common.notFound')}</p>;

  const save = async (data: VisitFormOutput): Promise<SaveResult> => {
    try {
      const visit = await recordVisit(db, residentId, data, actor.writeCtx, roundVisitId === undefined ? {} : { roundVisitId });
      visitNotices.carry(visit.id, 'saved');
      navigate({ name: 'visit', residentId, visitId: visit.id });
      return { ok: true };
    } catch (err) {
      return { ok: false, error: errorText(err, t) };
    }
  };

  return (
    <div>
      <p>
        <a href={routeHref({ name: 'resident', id: residentId })}>{t('visits.form.back')}</a>
      </p>
      <VisitForm
        key={loadKey}
        resident={loaded.resident}
        initial={loaded.initial}
        mode="new"
        careOptions={loaded.careOptions}
        hasPlan={loaded.hasPlan}
        vitalSettings={vitalSettings}
        weightHistory={loaded.weightHistory}
        adl={adlDue(loaded.resident.latestAdl, todayBangkok())}
        draft={{ userId: actor.userId, restoredFrom: loaded.restoredFrom }}
        onSave={save}
        onCancel={() => navigate({ name: 'resident', id: residentId })}
        onRecordAdl={() => navigate({ name: 'adlNew', residentId })}
      />
    </div>
  );
}
