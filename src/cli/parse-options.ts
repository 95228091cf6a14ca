import { basename, dirname, extname, join } from "node:path";
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
      `--default-country "${text}" is not a two-letter country code (ISO 3166-1), e.g. US, GB, FR.`,
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

/** `people.csv` gets `people.import-report.csv` beside it. */
export function defaultReportPath(file: string, command: "validate" | "import"): string {
  const extension = extname(file);
  const stem = basename(file, extension);
  return join(dirname(file), `${stem}.${command}-report.csv`);
}

function isColumnField(text: string): text is ColumnField {
  return (columnFields as readonly string[]).includes(text);
}
