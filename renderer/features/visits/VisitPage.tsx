// Placeholder (issue 5 in progress): replaced by the feature's page.
export function VisitPage(_props: { residentId: string; visitId: string }) {
  return null;
}
