import { randomInt } from "node:crypto";

/**
 * Contract section 1, "Success": a participant's OID is `SS_` plus the first 8 alphanumerics of
 * the upper-cased participant ID, with a random suffix when that OID is already taken.
 */
export function allocateSubjectOid(subjectKey: string, isTaken: (oid: string) => boolean): string {
  const alphanumerics = subjectKey.toUpperCase().replace(/[^A-Z0-9]/g, "");
  const base = `SS_${alphanumerics.slice(0, 8)}`;

  if (!isTaken(base)) {
    return base;
  }

  // The suffix grows with each failed try, so even a crowded study finds a free OID quickly.
  for (let digits = 3; ; digits += 1) {
    const candidate = `${base}_${randomInt(10 ** digits)
      .toString()
      .padStart(digits, "0")}`;

    if (!isTaken(candidate)) {
      return candidate;
    }
  }
}
