/**
 * The faults the sandbox can inject, by what the client sees:
 *
 * - `503`, `500`, `429`: an HTML error answer; the request is not applied.
 * - `reset-before`: the connection is reset with no answer; the request is not applied.
 * - `reset-after`: the request is applied, then the connection is reset with no answer.
 * - `lost-response`: the request is applied, and the answer is never sent; the connection stays
 *   open and silent until the client gives up or the sandbox closes.
 */
export const faultKinds = [
  "503",
  "500",
  "429",
  "reset-before",
  "reset-after",
  "lost-response",
] as const;

export type FaultKind = (typeof faultKinds)[number];

export type FaultCounts = Record<FaultKind, number>;

/** How many of each fault the log holds; every kind is present, 0 when none was injected. */
export function countFaults(log: readonly { fault?: FaultKind }[]): FaultCounts {
  const counts = Object.fromEntries(faultKinds.map((kind) => [kind, 0])) as FaultCounts;

  for (const entry of log) {
    if (entry.fault !== undefined) {
      counts[entry.fault] += 1;
    }
  }

  return counts;
}
