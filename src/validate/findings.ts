import type { ColumnField } from "../csv/columns.js";

/**
 * One problem with one row, as data: the code exactly as the server would send it (or a
 * `local.` code for checks only this tool makes), the field it concerns, and a detail that
 * helps fix it. Never personal data: details describe values, they do not quote them.
 */
export interface Finding {
  field: ColumnField | null;
  code: string;
  detail?: string;
}
