// Placeholder (issue 5 in progress): replaced by the feature's page.
export function CarePlansPage(_props: { residentId: string }) {
  return null;
}
