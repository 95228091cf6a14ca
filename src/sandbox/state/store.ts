import type {
  FixtureParticipant,
  FixtureSite,
  FixtureStudy,
  FixtureUser,
  SandboxFixture,
} from "../fixture/schema.js";
import { allocateSubjectOid } from "./subject-oid.js";

/** A participant as the sandbox holds it. Contact fields are absent when never set or cleared. */
export interface SandboxParticipant {
  subjectKey: string;
  subjectOid: string;
  studyOid: string;
  /** A site OID, or the study OID for a participant added at study level. */
  siteOid: string;
  status: string;
  participateStatus: string;
  firstName?: string;
  lastName?: string;
  identifier?: string;
  emailAddress?: string;
  phoneNumber?: string;
  createdBy: string;
  createdAt: string;
  lastModified: string;
  lastModifiedBy: string;
}

export const contactFields = [
  "firstName",
  "lastName",
  "identifier",
  "emailAddress",
  "phoneNumber",
] as const;

export type ContactField = (typeof contactFields)[number];

/** Contract section 1: an absent or `null` field is left unchanged; `""` clears it. */
export type ContactChanges = Partial<Record<ContactField, string | null>>;

/** What a new participant needs besides its contact fields. */
export interface ParticipantDraft {
  studyOid: string;
  siteOid: string;
  subjectKey: string;
  status?: string;
  participateStatus?: string;
}

export interface PlacedSite {
  site: FixtureSite;
  studyOid: string;
}

/** Who created the fixture's own participants, as the listing reports it. */
const fixtureAuthor = "sandbox";

/** The sandbox's whole state. It lives in memory and ends with the server. */
export class SandboxStore {
  readonly #studies = new Map<string, FixtureStudy>();
  readonly #sites = new Map<string, PlacedSite>();
  readonly #users = new Map<string, FixtureUser>();
  readonly #participants: SandboxParticipant[] = [];
  // Indexes, so that adding or updating a participant does not scan the study: scans per
  // request made a bulk import slow down as the study filled (BENCHMARKS.md).
  readonly #bySubjectOid = new Map<string, SandboxParticipant>();
  readonly #byStudyAndKey = new Map<string, SandboxParticipant[]>();

  constructor(fixture: SandboxFixture) {
    for (const study of fixture.studies) {
      this.#studies.set(study.oid, study);

      for (const site of study.sites) {
        this.#sites.set(site.oid, { site, studyOid: study.oid });
      }
    }

    for (const user of fixture.users) {
      this.#users.set(user.username, user);
    }

    for (const participant of fixture.participants) {
      this.#addFromFixture(participant);
    }
  }

  findStudy(oid: string): FixtureStudy | undefined {
    return this.#studies.get(oid);
  }

  findSite(oid: string): PlacedSite | undefined {
    return this.#sites.get(oid);
  }

  findUser(username: string): FixtureUser | undefined {
    return this.#users.get(username);
  }

  participantsOfStudy(studyOid: string): readonly Readonly<SandboxParticipant>[] {
    return this.#participants.filter((participant) => participant.studyOid === studyOid);
  }

  /**
   * The participants of a study whose ID is `subjectKey` compared as the server looks IDs up,
   * ignoring case (upper-cased, contract section 1, check 8), in the order they were added.
   */
  participantsWithKey(
    studyOid: string,
    subjectKey: string,
  ): readonly Readonly<SandboxParticipant>[] {
    return this.#byStudyAndKey.get(studyKey(studyOid, subjectKey)) ?? [];
  }

  createParticipant(
    draft: ParticipantDraft,
    changes: ContactChanges,
    username: string,
  ): SandboxParticipant {
    const now = new Date().toISOString();
    const participant: SandboxParticipant = {
      subjectKey: draft.subjectKey,
      subjectOid: this.#allocateOid(draft.subjectKey),
      studyOid: draft.studyOid,
      siteOid: draft.siteOid,
      status: draft.status ?? "AVAILABLE",
      participateStatus: draft.participateStatus ?? "",
      createdBy: username,
      createdAt: now,
      lastModified: now,
      lastModifiedBy: username,
    };

    applyChanges(participant, changes);
    this.#participants.push(participant);
    this.#bySubjectOid.set(participant.subjectOid, participant);

    const key = studyKey(participant.studyOid, participant.subjectKey);
    const sameKey = this.#byStudyAndKey.get(key);
    if (sameKey === undefined) this.#byStudyAndKey.set(key, [participant]);
    else sameKey.push(participant);

    return participant;
  }

  /** Subject OIDs are unique, so the OID names the stored record to change. */
  updateParticipant(
    subjectOid: string,
    changes: ContactChanges,
    username: string,
    participateStatus?: string,
  ): SandboxParticipant | undefined {
    const participant = this.#bySubjectOid.get(subjectOid);

    if (participant === undefined) {
      return undefined;
    }

    applyChanges(participant, changes);
    participant.lastModified = new Date().toISOString();
    participant.lastModifiedBy = username;

    if (participateStatus !== undefined) {
      participant.participateStatus = participateStatus;
    }

    return participant;
  }

  /** A deep copy, so that a test can neither see later changes nor cause them. */
  snapshot(): SandboxParticipant[] {
    return structuredClone(this.#participants);
  }

  #addFromFixture(participant: FixtureParticipant): void {
    const { subjectKey, siteOid, status, ...contact } = participant;
    const studyOid = this.#sites.get(siteOid)?.studyOid ?? siteOid;

    this.createParticipant({ studyOid, siteOid, subjectKey, status }, contact, fixtureAuthor);
  }

  #allocateOid(subjectKey: string): string {
    return allocateSubjectOid(subjectKey, (oid) => this.#bySubjectOid.has(oid));
  }
}

function studyKey(studyOid: string, subjectKey: string): string {
  return `${studyOid}\n${subjectKey.toUpperCase()}`;
}

function applyChanges(participant: SandboxParticipant, changes: ContactChanges): void {
  for (const field of contactFields) {
    const value = changes[field];

    if (value === "") {
      delete participant[field];
    } else if (typeof value === "string") {
      participant[field] = value;
    }
  }
}
