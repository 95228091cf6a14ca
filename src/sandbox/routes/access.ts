import { serverCodes } from "../../contract/codes.js";
import type { FixtureSite, FixtureStudy, FixtureUser, RoleName } from "../fixture/schema.js";
import type { SandboxStore } from "../state/store.js";

/** Where a request is aimed: a site of a study, or the study itself (site OID = study OID). */
export interface Target {
  study: FixtureStudy;
  /** Undefined for the study level. */
  site: FixtureSite | undefined;
  oid: string;
  name: string;
}

export type TargetResult = { ok: true; target: Target } | { ok: false; code: string };

export type Purpose = "add" | "read";

/** Contract section 1, check 2: roles that may add at study level and at their own site. */
const studyRolesThatAdd: ReadonlySet<RoleName> = new Set([
  "data_manager",
  "data_specialist",
  "data_entry_person",
]);
const siteRolesThatAdd: ReadonlySet<RoleName> = new Set([
  "clinical_research_coordinator",
  "investigator",
]);

/**
 * Contract section 1, check 1, in its order: the study exists, the site exists, the study is
 * available, the site is available, the site belongs to the study. The contract accepts the
 * study OID in the site's place as a study-level request.
 */
export function findTarget(store: SandboxStore, studyOid: string, siteOid: string): TargetResult {
  const study = store.findStudy(studyOid);

  if (study === undefined) {
    return { ok: false, code: serverCodes.studyNotExist };
  }

  if (siteOid === studyOid) {
    if (!isAvailable(study.status)) return { ok: false, code: serverCodes.studyNotAvailable };
    return { ok: true, target: { study, site: undefined, oid: study.oid, name: study.name } };
  }

  const placed = store.findSite(siteOid);

  if (placed === undefined) {
    return { ok: false, code: serverCodes.siteNotExist };
  }

  if (!isAvailable(study.status)) return { ok: false, code: serverCodes.studyNotAvailable };
  if (!isAvailable(placed.site.status)) return { ok: false, code: serverCodes.siteNotAvailable };
  if (placed.studyOid !== study.oid) return { ok: false, code: serverCodes.siteNotInStudy };

  const { site } = placed;
  return { ok: true, target: { study, site, oid: site.oid, name: site.name } };
}

/**
 * Contract section 1, check 2. A role on the study covers all its sites; a role on a site covers
 * that site only, so a study-level request needs a study-level role. Reading needs only some
 * role: the contract says listing has the "same role checks" as adding, which the sandbox reads
 * as the noRoleSetUp check, so a monitor may list but never add.
 */
export function checkRole(user: FixtureUser, target: Target, purpose: Purpose): string | undefined {
  const studyRoles = rolesOn(user, target.study.oid);
  const siteRoles = target.site === undefined ? [] : rolesOn(user, target.site.oid);

  if (studyRoles.length === 0 && siteRoles.length === 0) {
    return serverCodes.noRoleSetUp;
  }

  if (purpose === "read") {
    return undefined;
  }

  const mayAdd =
    studyRoles.some((role) => studyRolesThatAdd.has(role)) ||
    siteRoles.some((role) => siteRolesThatAdd.has(role));

  return mayAdd ? undefined : serverCodes.noSufficientPrivileges;
}

/** Status names are compared case-insensitively (contract section 1, "Success"). */
export function isAvailable(status: string): boolean {
  return status.toLowerCase() === "available";
}

function rolesOn(user: FixtureUser, oid: string): RoleName[] {
  return user.roles.filter((role) => role.oid === oid).map((role) => role.role);
}
