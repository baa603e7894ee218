/** Reads of ADL assessments for the pages, as live queries (undefined while loading). */
import { useLiveQuery } from 'dexie-react-hooks';
import type { AdlAssessment } from '../../../shared/assessment';
import { useStore } from '../../app/StoreProvider';
import { listAssessments } from '../../db/assessments';

/** The resident's assessments that stand (voided ones too when asked), as renderer/db/assessments.ts lists them. */
export function useAssessments(residentId: string, includeVoided = false): AdlAssessment[] | undefined {
  const { db } = useStore();
  return useLiveQuery(() => listAssessments(db, residentId, { includeVoided }), [db, residentId, includeVoided]);
}
