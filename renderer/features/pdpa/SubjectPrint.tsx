import type { WorkbookSpec } from '../../../shared/reports/workbookSchema';
import { WorkbookPrint } from '../reports';

/** A person's printed summary: the report print path (hidden on screen, all there is in print). */
export function SubjectPrint({ spec }: { spec: WorkbookSpec }) {
  return <WorkbookPrint spec={spec} />;
}
