import type { Resident } from '../../../shared/resident';

// Placeholder (issue 5 in progress): the resident's current plan on the profile.
export function CarePlanSummary(_props: { resident: Resident }) {
  return null;
}
