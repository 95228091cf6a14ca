/**
 * URL paths of the participant API (contract sections 1 and 3), shared by the client and the
 * sandbox so that both encode OIDs the same way.
 */
export const apiBase = "/pages/auth/api/clinicaldata";
export const tokenPath = "/user-service/api/oauth/token";

/**
 * OIDs carry the environment in parentheses (`S_JUNO(TEST)`). The contract asks for `(` and
 * `)` to be percent-encoded, which `encodeURIComponent` does not do on its own.
 */
export function encodeOid(oid: string): string {
  return encodeURIComponent(oid).replaceAll("(", "%28").replaceAll(")", "%29");
}

export function siteParticipantsPath(studyOid: string, siteOid: string): string {
  return `${apiBase}/studies/${encodeOid(studyOid)}/sites/${encodeOid(siteOid)}/participants`;
}

export function studyParticipantsPath(studyOid: string): string {
  return `${apiBase}/studies/${encodeOid(studyOid)}/participants`;
}

/**
 * A site or study OID as this tool accepts it: letters, digits, `_`, `.` or `-`, optionally
 * followed by an environment in parentheses. The contract shows the shape (`S_JUNO(TEST)`)
 * but gives no grammar, so this is deliberately loose (see the README's Limitations).
 */
export const oidPattern = /^[A-Za-z0-9_.-]{1,40}(?:\([A-Za-z0-9_ -]{1,20}\))?$/;

export function isWellFormedOid(oid: string): boolean {
  return oidPattern.test(oid);
}
