/**
 * The printed report (the PDF): the same WorkbookSpec the XLSX is written from, so the two files always hold
 * the same figures. Hidden on screen; in print (Electron's printToPDF, a browser's print) it is all there is:
 * A4, the Sarabun font bundled with the app, each sheet from a new page, page numbers in the margin, and the
 * signature block at the end. Text comes from the spec (Thai, whatever the screen's language).
 */
import latin400 from '@fontsource/sarabun/files/sarabun-latin-400-normal.woff2';
import latin700 from '@fontsource/sarabun/files/sarabun-latin-700-normal.woff2';
import thai400 from '@fontsource/sarabun/files/sarabun-thai-400-normal.woff2';
import thai700 from '@fontsource/sarabun/files/sarabun-thai-700-normal.woff2';
import { useEffect } from 'react';
import './print.css';
import { columnTotals, printedValue, PRINT_TEXT, SIGNATURE_ROLES, type WorkbookSpec } from '../../../../shared/reports/workbook';

/**
 * The print font under its own family name, added from script when the report first renders: the app has one
 * stylesheet, and an @font-face there would make every screen fetch Sarabun before its first paint.
 */
const PRINT_FAMILY = 'CareRounds Print';
const THAI = 'U+02D7,U+0303,U+0331,U+0E01-0E5B,U+200C-200D,U+25CC';
const LATIN = 'U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD';
let printFont: Promise<unknown> | null = null;

/** Adds the print font once and loads it; printing awaits it so the PDF never falls back to another font. */
export function loadPrintFont(): Promise<unknown> {
  if (printFont !== null) return printFont;
  const faces = [
    new FontFace(PRINT_FAMILY, `url(${thai400}) format('woff2')`, { weight: '400', unicodeRange: THAI }),
    new FontFace(PRINT_FAMILY, `url(${thai700}) format('woff2')`, { weight: '700', unicodeRange: THAI }),
    new FontFace(PRINT_FAMILY, `url(${latin400}) format('woff2')`, { weight: '400', unicodeRange: LATIN }),
    new FontFace(PRINT_FAMILY, `url(${latin700}) format('woff2')`, { weight: '700', unicodeRange: LATIN }),
  ];
  for (const f of faces) document.fonts.add(f);
  // A failed load (offline before the font was ever cached) leaves the fallback fonts; the next call retries.
  printFont = Promise.all(faces.map((f) => f.load())).catch(() => {
    for (const f of faces) document.fonts.delete(f);
    printFont = null;
  });
  return printFont;
}

const NUMERIC = new Set(['int', 'decimal', 'money']);

export function WorkbookPrint({ spec }: { spec: WorkbookSpec }): React.JSX.Element {
  useEffect(() => {
    void loadPrintFont();
  }, []);
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
