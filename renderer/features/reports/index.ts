/** What other features use of the reports: the print path (a person's PDPA summary prints like a report). */
export { loadPrintFont, WorkbookPrint } from './print/WorkbookPrint';
