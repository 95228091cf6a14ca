import { lstatSync, type Stats, statSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import type { CountryCode } from "libphonenumber-js";
import { type ColumnField, columnFields } from "../csv/columns.js";
import { checkEncoding } from "../csv/decode.js";
import { usageError } from "../errors.js";
import { isCountryCode } from "../validate/phone.js";

/** `--map field=Header`, repeatable, into column overrides. */
export function parseColumnMap(entries: string[] = []): Partial<Record<ColumnField, string>> {
  const overrides: Partial<Record<ColumnField, string>> = {};

  for (const entry of entries) {
    const separator = entry.indexOf("=");
    const field = entry.slice(0, separator).trim();
    const header = entry.slice(separator + 1).trim();

    if (separator < 1 || header === "" || !isColumnField(field)) {
      throw usageError(
        `--map "${entry}" is not field=Header. Fields: ${columnFields.join(", ")}. Example: --map subjectKey="Study No".`,
      );
    }
    overrides[field] = header;
  }

  return overrides;
}

export function parseCountry(text: string | undefined): CountryCode | undefined {
  if (text === undefined) return undefined;
  const upper = text.trim().toUpperCase();
  if (!isCountryCode(upper)) {
    throw usageError(
      `--default-country "${text}" is not a country code the phone library knows; use two letters from ISO 3166-1, e.g. US, GB, FR.`,
    );
  }
  return upper;
}

export function parseWholeNumber(name: string, min: number, max: number) {
  return (text: string): number => {
    const value = Number(text);
    if (!/^\d+$/.test(text.trim()) || value < min || value > max) {
      throw usageError(`${name} "${text}" must be a whole number from ${min} to ${max}.`);
    }
    return value;
  };
}

export function parseDelimiter(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const named: Record<string, string> = {
    tab: "\t",
    "\\t": "\t",
    comma: ",",
    semicolon: ";",
    pipe: "|",
  };
  const delimiter = named[text.toLowerCase()] ?? text;
  if (delimiter.length !== 1 || /["\r\n]/.test(delimiter)) {
    throw usageError(
      `--delimiter "${text}" must be one character, or tab, comma, semicolon, pipe.`,
    );
  }
  return delimiter;
}

export function parseEncoding(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  checkEncoding(text);
  return text;
}

/**
 * The report goes where `--report` says, or beside the input (`people.csv` gets
 * `people.import-report.csv`). A report must never replace the participant file itself.
 */
export function chooseReportPath(
  file: string,
  report: string | undefined,
  command: "validate" | "import" | "plan",
): string {
  const extension = extname(file);
  const path = report ?? join(dirname(file), `${basename(file, extension)}.${command}-report.csv`);

  if (sameFile(path, file)) {
    throw usageError(`--report ${path} is the input file itself; choose another report path.`);
  }
  if (/\.json$/i.test(path)) {
    throw usageError(
      `--report ${path}: a report is CSV, or JSON Lines with a .jsonl name. Name it ${path.replace(/\.json$/i, ".jsonl")} for JSON Lines, or give it a .csv name.`,
    );
  }
  checkReportTarget(path, report === undefined ? "The report path" : "--report");
  return path;
}

/**
 * A report is written as a file of its own, and a new run replaces the old one (removes it,
 * then writes). A folder, a device such as /dev/null, a pipe or a socket at that path must be
 * refused before that, or it would be removed. A symbolic link is replaced, not followed.
 */
function checkReportTarget(path: string, name: string): void {
  let stats: Stats;
  try {
    stats = lstatSync(path);
  } catch {
    return;
  }

  if (stats.isDirectory()) {
    throw usageError(
      `${name} ${path} is a folder. Give a file name in it, such as ${join(path, "report.csv")}.`,
    );
  }
  if (!stats.isFile() && !stats.isSymbolicLink()) {
    throw usageError(
      `${name} ${path} is not a regular file (a device, pipe or socket), and a report is written as a file of its own. Give a file path; every run writes a report.`,
    );
  }
}

/** A URL option must be http or https; anything else is a typo, not a network fault. */
export function parseHttpUrl(name: string) {
  return (text: string): string => {
    let url: URL | undefined;
    try {
      url = new URL(text);
    } catch {
      url = undefined;
    }
    if (url === undefined || (url.protocol !== "http:" && url.protocol !== "https:")) {
      throw usageError(`${name} "${text}" must be a URL that starts with https:// (or http://).`);
    }
    return text;
  };
}

function sameFile(first: string, second: string): boolean {
  if (resolve(first) === resolve(second)) return true;
  try {
    const [a, b] = [statSync(first), statSync(second)];
    return a.ino === b.ino && a.dev === b.dev;
  } catch {
    return false;
  }
}

function isColumnField(text: string): text is ColumnField {
  return (columnFields as readonly string[]).includes(text);
}

export interface RegisterMode {
  /** Register every row sent (`--register`). */
  all: boolean;
  /** Register the rows whose Register column says yes (`--register=column`). */
  fromColumn: boolean;
}

/**
 * `--register` registers every row; `--register=column` lets each row's Register column decide.
 * A Register column alone never registers anyone: creating Participate accounts is a choice the
 * command line must make out loud.
 */
export function parseRegister(value: boolean | string | undefined): RegisterMode {
  if (value === undefined || value === false) return { all: false, fromColumn: false };
  if (value === true) return { all: true, fromColumn: false };
  if (value.toLowerCase() === "column") return { all: false, fromColumn: true };
  throw usageError(
    `--register "${value}" is not a choice: use --register for every row, or --register=column.`,
  );
}

/** OIDs carry their environment in parentheses (contract section 1): `S_JUNO(PROD)`. */
export function isProductionOid(oid: string): boolean {
  return /\(PROD\)$/i.test(oid.trim());
}
