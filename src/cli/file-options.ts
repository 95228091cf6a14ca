import { type Command, Option } from "commander";
import type { ValidateOptions } from "../validate/validate-file.js";
import { parseColumnMap, parseCountry, parseDelimiter, parseEncoding } from "./parse-options.js";

/** Flags that every command reading a participant file takes. */
export interface FileFlags {
  report?: string;
  json?: boolean;
  color?: boolean;
  site?: string;
  defaultCountry?: string;
  delimiter?: string;
  encoding?: string;
  map?: string[];
  quiet?: boolean;
  verbose?: boolean;
}

export function addFileOptions(command: Command): Command {
  return command
    .option(
      "--report <path>",
      "where to write the per-row report (.csv, or .jsonl for JSON Lines)",
      undefined,
    )
    .addOption(
      new Option("--site <oid>", "site OID for rows without a site column value").env("OC_SITE"),
    )
    .option("--default-country <code>", "country for phone numbers written without + (e.g. US, GB)")
    .option(
      "--delimiter <char>",
      "field delimiter: a character, or tab, comma, semicolon, pipe",
      undefined,
    )
    .option(
      "--map <field=Header>",
      'use this column for a field, e.g. subjectKey="Study No" (repeatable)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      "--encoding <name>",
      "the file's encoding when not UTF-8: windows-1252, latin1, utf-16",
      "utf-8",
    )
    .option("--json", "print a machine-readable summary on stdout instead of the text summary")
    .option("--no-color", "no colours in the output (NO_COLOR is honoured too)")
    .option(
      "--config <file>",
      "settings from a JSON file (default: ./oc-participants.json if present)",
    )
    .option("-q, --quiet", "no progress and no notices; errors and the summary still print")
    .option("-v, --verbose", "also print details, such as concurrency changes after 429s");
}

export function readFileOptions(flags: FileFlags): ValidateOptions {
  return {
    defaultSiteOid: flags.site,
    defaultCountry: parseCountry(flags.defaultCountry),
    delimiter: parseDelimiter(flags.delimiter),
    encoding: parseEncoding(flags.encoding),
    columnOverrides: parseColumnMap(flags.map),
  };
}
