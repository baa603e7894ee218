/**
 * Reads of care plans for the pages, as live queries (a write anywhere re-renders them). `undefined` is
 * "still loading"; a record that is not there is `null`.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import type { CarePlan } from '../../../shared/carePlan';
import { useStore } from '../../app/StoreProvider';
import { listCarePlans } from '../../db/carePlans';

/** The resident's plans, newest version first. */
export function useCarePlans(residentId: string): CarePlan[] | undefined {
  const { db } = useStore();
  return useLiveQuery(() => listCarePlans(db, residentId), [db, residentId]);
}

/**
 * One plan by id ('new': none yet), tagged with the id it was read for: right after a new plan is created
 * the route changes before the query catches up, and the page must not show the old answer for the new id.
 */
export function useCarePlan(planId: string): { id: string; plan: CarePlan | null } | undefined {
  const { db } = useStore();
  return useLiveQuery(async () => ({ id: planId, plan: planId === 'new' ? null : ((await db.carePlans.get(planId)) ?? null) }), [db, planId]);
}
