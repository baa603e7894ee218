// Placeholder (issue 5 in progress): visits, assessments, plan changes and referrals, with trend charts.
export function ResidentTimeline(_props: { residentId: string }) {
  return null;
}
