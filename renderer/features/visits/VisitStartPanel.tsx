import type { Resident } from '../../../shared/resident';

// Placeholder (issue 5 in progress): start a visit / continue the draft, on the resident's profile.
export function VisitStartPanel(_props: { resident: Resident }) {
  return null;
}
