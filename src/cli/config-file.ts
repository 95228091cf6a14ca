import { existsSync, readFileSync } from "node:fs";
import type { Command } from "commander";
import { z } from "zod";
import { columnFields } from "../csv/columns.js";
import { usageError } from "../errors.js";

/** Looked for in the working directory when `--config` is not given. */
export const defaultConfigName = "oc-participants.json";

/**
 * The settings a config file may hold, by the flags' own names. Secrets are not among them:
 * a password or token belongs in the environment, stdin or a file of its own, never in a file
 * that is likely to be committed.
 */
const configSchema = z.strictObject({
  server: z.url({ protocol: /^https?$/ }).optional(),
  authUrl: z.url({ protocol: /^https?$/ }).optional(),
  caFile: z.string().min(1).optional(),
  allowHttp: z.boolean().optional(),
  study: z.string().min(1).optional(),
  site: z.string().min(1).optional(),
  defaultCountry: z.string().length(2).optional(),
  delimiter: z.string().min(1).optional(),
  encoding: z.string().min(1).optional(),
  map: z.partialRecord(z.enum(columnFields), z.string().min(1)).optional(),
  register: z.union([z.boolean(), z.literal("column")]).optional(),
  concurrency: z.int().min(1).max(64).optional(),
  retries: z.int().min(0).max(20).optional(),
  timeout: z.int().min(1).max(600).optional(),
  quiet: z.boolean().optional(),
  verbose: z.boolean().optional(),
  color: z.boolean().optional(),
});

export type Config = z.infer<typeof configSchema>;

/** Keys that name a secret, in any case or spelling people use (`password`, `OC_TOKEN`, `apiToken`). */
const secretKey = /pass(?:word|wd)?|pwd|token|secret|credential/i;

/** The config file the command line names (`--config FILE`), or the default one if present. */
export function findConfigPath(argv: string[]): string | undefined {
  const index = argv.findIndex((arg) => arg === "--config" || arg.startsWith("--config="));
  if (index >= 0) {
    const arg = argv[index] ?? "";
    const path = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : argv[index + 1];
    if (path === undefined || path === "") throw usageError("--config needs a file name.");
    return path;
  }
  return existsSync(defaultConfigName) ? defaultConfigName : undefined;
}

export function loadConfig(path: string): Config {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw usageError(`Cannot read the config file ${path}: it must be a JSON object.`, error);
  }

  const secrets = Object.keys(parsed ?? {}).filter((key) => secretKey.test(key));
  if (secrets.length > 0) {
    throw usageError(
      `${path} holds "${secrets.join('", "')}": secrets are never read from a config file. Use OC_PASSWORD or OC_TOKEN, --password-stdin, or --password-file.`,
    );
  }

  const result = configSchema.safeParse(parsed);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const key = issue.path.join(".") || "(the file)";
      return issue.code === "unrecognized_keys"
        ? `unknown key ${issue.keys.join(", ")}`
        : `${key}: ${issue.message}`;
    });
    throw usageError(`The config file ${path} has a problem: ${problems.join("; ")}.`);
  }
  return result.data;
}

/**
 * Gives each command the file's values as its options' starting point. Commander lets the
 * environment override a value whose source is "config", and the command line override both,
 * so the precedence is flags, then environment, then the file.
 */
export function applyConfig(commands: readonly Command[], config: Config): void {
  const values: Record<string, unknown> = {
    ...config,
    map:
      config.map === undefined
        ? undefined
        : Object.entries(config.map).map(([field, header]) => `${field}=${header}`),
  };

  for (const command of commands) {
    for (const option of command.options) {
      const value = values[option.attributeName()];
      if (value !== undefined)
        command.setOptionValueWithSource(option.attributeName(), value, "config");
    }
  }
}
