/** The library behind the command line: everything here returns data and never prints. */
export * from "./contract/index.js";
export type { ColumnField, ColumnMap } from "./csv/columns.js";
export { type CsvRow, openParticipantFile, type ReadOptions } from "./csv/read-rows.js";
export { type FatalCode, FatalError } from "./errors.js";
export type { OutcomeKind, RowOutcome } from "./import/outcome.js";
export { type ImportOptions, runImport } from "./import/run-import.js";
export { runValidate, type ValidateRunOptions } from "./import/run-validate.js";
export type { RunSummary } from "./import/tally.js";
export { type PlanOptions, type PlanResult, runPlan } from "./plan/run-plan.js";
export { describeCode } from "./report/describe-code.js";
export { openReport, type ReportWriter, reportColumns } from "./report/report-writer.js";
export { type CheckedRow, type ValidateOptions, validateFile } from "./validate/validate-file.js";
