import type { ParticipantBody } from "../contract/rules.js";

/** The fields of a row that are contact details: never in a report, whoever repeats them. */
const contactFields = [
  "firstName",
  "lastName",
  "identifier",
  "emailAddress",
  "phoneNumber",
] as const;

const hidden = "[redacted]";

/** Values this short are hidden only as whole words, so that "Al" does not eat "Alabama". */
const shortestAnywhere = 3;

/**
 * A server's message about a refused row may quote the request: names, email, phone. The
 * message goes into the report, which must carry participant IDs and outcomes only, so each
 * contact value this row sent is taken out of it, as sent and as JSON would escape it. The
 * message has been cut short and had its spacing tidied (`safeText`), so the values are
 * matched with tidied spacing too, and a value cut off by the "…" at the end is taken out as
 * well.
 */
export function withoutSentValues(message: string, body: ParticipantBody): string {
  const values = contactFields
    .map((field) => body[field])
    .filter((value): value is string => typeof value === "string")
    .map((value) => value.replace(/\s+/g, " ").trim())
    .filter((value) => value !== "")
    .sort((a, b) => b.length - a.length);

  let result = message;
  for (const value of values) {
    for (const form of new Set([value, JSON.stringify(value).slice(1, -1)])) {
      result = result.replace(patternFor(form), hidden);
    }
  }

  return result.endsWith("…") ? withoutCutValue(result, values) : result;
}

function patternFor(value: string): RegExp {
  const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return value.length >= shortestAnywhere
    ? new RegExp(escaped, "gi")
    : new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, "gu");
}

/** The start of a value left at the very end of a cut message ("…zeb.qux@exa…"). */
function withoutCutValue(message: string, values: string[]): string {
  const body = message.slice(0, -1).toLowerCase();

  for (const value of values) {
    for (let length = value.length - 1; length >= shortestAnywhere; length--) {
      if (body.endsWith(value.slice(0, length).toLowerCase())) {
        return `${message.slice(0, body.length - length)}${hidden}…`;
      }
    }
  }

  return message;
}
