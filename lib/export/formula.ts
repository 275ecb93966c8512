/**
 * The one guard against spreadsheet formulas (OWASP "CSV injection") for every CSV Loopline
 * writes: the outcome log (lib/workspace/export.ts) and the closed-loop report
 * (lib/report/share.ts). Their cells hold free text from the sidebar and names from other
 * people's systems; none may run as a formula on a colleague's machine.
 *
 * A cell is a formula to Excel, LibreOffice or Google Sheets when it starts with = + - or @;
 * some apps also take the full-width forms ＝ ＋ － ＠ (they normalise them), strip a leading
 * tab, CR or LF first, or trim leading spaces before they look. Such a cell gets a leading
 * apostrophe, which spreadsheets show as text and do not display.
 */
const FORMULA_START = /^[\t\r\n]|^\s*[=+\-@\uff1d\uff0b\uff0d\uff20]/;

/** `value`, made inert for spreadsheets. */
export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}
