// Placeholder (issue 5 in progress): replaced by the feature's page.
export function VisitFormPage(_props: { residentId: string }) {
  return null;
}
