// Placeholder (issue 5 in progress): replaced by the feature's page.
export function CarePlanPage(_props: { residentId: string; planId: string }) {
  return null;
}
