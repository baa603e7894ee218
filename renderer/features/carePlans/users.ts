/**
 * Who a care plan may name. Names themselves come from app/userNames.ts.
 *
 * Assignable caregivers: the current user (when she may draft plans), plus the users the resident's own
 * records name — whoever visited (visit.caregiverId) and whoever a plan already names (assignees, primary,
 * backup). A plan can only name a user id, never free text; this list keeps that true offline.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { useStore } from '../../app/StoreProvider';
import { useActor } from '../../app/useActor';
import { useUserNames } from '../../app/userNames';
import type { CarePlanData } from '../../../shared/carePlan';
import { canDraftPlans } from '../../../shared/permissions';

export { shortId, userLabel, useUserNames } from '../../app/userNames';

export interface UserOption {
  id: string;
  label: string;
}

/** Every user id a set of plans names (assignees, caregivers, submitter, approver), in first-seen order. */
export function planUserIds(plans: readonly Pick<CarePlanData, 'activities' | 'primaryCaregiverId' | 'backupCaregiverId'>[]): string[] {
  const out: string[] = [];
  const add = (id: string | null): void => {
    if (id !== null && id !== '' && !out.includes(id)) out.push(id);
  };
  for (const p of plans) {
    add(p.primaryCaregiverId);
    add(p.backupCaregiverId);
    for (const a of p.activities) add(a.assigneeId);
  }
  return out;
}

/**
 * Caregivers a plan of this resident can name (see the header), labelled. `read` is false until the records
 * that name them (and the names) were read: until then `users` holds only the current user and the plan's own.
 */
export function useAssignableUsers(residentId: string, extraIds: readonly string[]): { users: UserOption[]; read: boolean } {
  const { db } = useStore();
  const actor = useActor();
  const { label, read: namesRead } = useUserNames();
  const fromRecords = useLiveQuery(async () => {
    const [visits, plans] = await Promise.all([
      db.visits.where('[residentId+startedAt]').between([residentId, ''], [residentId, '\uffff']).toArray(),
      db.carePlans.where('residentId').equals(residentId).toArray(),
    ]);
    const ids = planUserIds(plans.filter((p) => p.deletedAt === null));
    for (const v of visits) if (v.deletedAt === null && !ids.includes(v.caregiverId)) ids.push(v.caregiverId);
    return ids;
  }, [db, residentId]);
  const extraKey = extraIds.join('\u0000');
  const users = useMemo(() => {
    const ids: string[] = [];
    const add = (id: string): void => {
      if (id !== '' && !ids.includes(id)) ids.push(id);
    };
    if (canDraftPlans(actor)) add(actor.userId);
    for (const id of fromRecords ?? []) add(id);
    for (const id of extraKey === '' ? [] : extraKey.split('\u0000')) add(id);
    return ids.map((id) => ({ id, label: label(id) }));
  }, [actor, fromRecords, extraKey, label]);
  return { users, read: fromRecords !== undefined && namesRead };
}
