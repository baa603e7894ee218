/**
 * The printed report (the PDF): the same WorkbookSpec the XLSX is written from, so the two files always hold
 * the same figures. Hidden on screen; in print (Electron's printToPDF, a browser's print) it is all there is:
 * A4, the Sarabun font bundled with the app, each sheet from a new page, page numbers in the margin, and the
 * signature block at the end. Text comes from the spec (Thai, whatever the screen's language).
 */
import '@fontsource/sarabun/thai-400.css';
import '@fontsource/sarabun/thai-700.css';
import '@fontsource/sarabun/latin-400.css';
import '@fontsource/sarabun/latin-700.css';
import './print.css';
import { columnTotals, printedValue, PRINT_TEXT, SIGNATURE_ROLES, type WorkbookSpec } from '../../../../shared/reports/workbook';

const NUMERIC = new Set(['int', 'decimal', 'money']);

export function WorkbookPrint({ spec }: { spec: WorkbookSpec }): React.JSX.Element {
  return (
    <div className="report-print" data-testid="report-print">
      {spec.sheets.map((sheet) => {
        const totals = sheet.totals ? columnTotals(sheet) : null;
        return (
          <section key={sheet.name} className="report-print-sheet">
            {sheet.title.map((line, i) => (i === 0 ? <h1 key={i}>{line}</h1> : i === 1 ? <h2 key={i}>{line}</h2> : <p key={i}>{line}</p>))}
            <table>
              <thead>
                <tr>
                  {sheet.columns.map((c) => (
                    <th key={c.header} scope="col">
                      {c.header}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {sheet.rows.map((row, i) => (
                  <tr key={i}>
                    {sheet.columns.map((c, j) => (
                      <td key={c.header} className={NUMERIC.has(c.kind) ? 'num' : undefined}>
                        {printedValue(c.kind, row[j] ?? null)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
              {totals !== null && sheet.rows.length > 0 && (
                <tfoot>
                  <tr>
                    {sheet.columns.map((c, j) => (
                      <td key={c.header} className={NUMERIC.has(c.kind) ? 'num' : undefined}>
                        {j === 0 && totals[j] === null ? PRINT_TEXT.total : printedValue(c.kind, totals[j] ?? null)}
                      </td>
                    ))}
                  </tr>
                </tfoot>
              )}
            </table>
          </section>
        );
      })}
      <div className="report-print-signatures">
        {SIGNATURE_ROLES.map((role) => (
          <div key={role} className="report-print-signature">
            <p>
              {PRINT_TEXT.sign} <span className="line" /> {role}
            </p>
            <p>
              (<span className="line" />)
            </p>
            <p>
              {PRINT_TEXT.position} <span className="line" />
            </p>
            <p>
              {PRINT_TEXT.date} <span className="line short" />
            </p>
          </div>
        ))}
      </div>
    </div>
  );
}
