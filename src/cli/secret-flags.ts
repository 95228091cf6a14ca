import { usageError } from "../errors.js";

/**
 * Flags that people reach for to pass a secret. None exists: a value typed on the command line
 * stays in the shell's history and in every process list on the machine.
 */
const secretFlag = /^(?:--(?:password|passwd|pass|pw|token|secret)(?:=|$)|-p)/i;

/** Refuses a secret flag before the command line is parsed, without repeating its value. */
export function refuseSecretFlags(args: readonly string[]): void {
  const end = args.indexOf("--");
  const flags = end < 0 ? args : args.slice(0, end);
  const found = flags.find((arg) => secretFlag.test(arg));
  if (found === undefined) return;

  const isToken = /token/i.test(found);
  throw usageError(
    isToken
      ? "Tokens are not taken from flags, where they end up in shell history and process lists. Use OC_TOKEN."
      : "Passwords are not taken from flags, where they end up in shell history and process lists. Use OC_PASSWORD, --password-stdin or --password-file.",
  );
}

/**
 * Commander repeats an unknown option as it was typed, value and all (`--pasword=x`,
 * `-px`). This keeps the option's name and hides what followed it, which may be a secret.
 */
export function hideOptionValues(message: string): string {
  return message
    .replace(/'(--[^'=\s]+)=[^']*'/g, "'$1=[hidden]'")
    .replace(/'(-[^-'\s])[^']+'/g, "'$1[hidden]'");
}
