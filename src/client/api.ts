import { siteParticipantsPath, studyParticipantsPath } from "../contract/paths.js";
import type { ParticipantBody } from "../contract/rules.js";
import type { FatalCode } from "../errors.js";
import { safeText } from "../safe-text.js";
import { type DeliverOptions, deliver } from "./deliver.js";
import { describeAnswer } from "./describe-answer.js";
import { readErrorCode } from "./error-body.js";
import { listingAnswerBytes } from "./http.js";
import { joinUrl } from "./login.js";
import { readJsonAnswer } from "./read-answer.js";

export interface ApiOptions extends DeliverOptions {
  /** The study's runtime URL, e.g. `https://acme.openclinica.io/OpenClinica`. */
  serverUrl: string;
}

export interface PostTarget {
  studyOid: string;
  siteOid: string;
  register: boolean;
}

/** The server's word on one request, as a tagged object; never thrown. */
export type ApiResult<T> =
  | { kind: "ok"; value: T; status: number; attempts: number }
  | { kind: "rejected"; code: string; status: number; attempts: number }
  | {
      kind: "failed";
      reason: string;
      status: number | null;
      attempts: number;
      /** The run cannot go on after this (see `deliver`). */
      fatal?: FatalCode;
    };

export interface ListedParticipant {
  subjectKey: string;
  status: string;
}

export interface ParticipantApi {
  postParticipant(target: PostTarget, body: ParticipantBody): Promise<ApiResult<unknown>>;
  listParticipants(studyOid: string, siteOid?: string): Promise<ApiResult<ListedParticipant[]>>;
}

/** The same header objects serve every request, so that `deliver` can add the token once. */
const postHeaders = { "content-type": "application/json", accept: "application/json" };
const listHeaders = { accept: "application/json" };

export function createParticipantApi(options: ApiOptions): ParticipantApi {
  // Every row of a run posts to one of a few URLs: each is built once, not once per row.
  const postUrls = new Map<string, string>();

  const postUrl = ({ studyOid, siteOid, register }: PostTarget): string => {
    const key = `${studyOid}\n${siteOid}\n${register}`;
    let url = postUrls.get(key);

    if (url === undefined) {
      const path = siteParticipantsPath(studyOid, siteOid);
      url = joinUrl(options.serverUrl, `${path}?register=${register ? "y" : "n"}`);
      postUrls.set(key, url);
    }

    return url;
  };

  return {
    async postParticipant(target, body) {
      const delivery = await deliver(
        {
          method: "POST",
          url: postUrl(target),
          headers: postHeaders,
          body: JSON.stringify(body),
        },
        options,
      );
      return answeredFor(interpret(delivery, readPosted), body.subjectKey);
    },

    async listParticipants(studyOid, siteOid) {
      const path =
        siteOid === undefined
          ? studyParticipantsPath(studyOid)
          : siteParticipantsPath(studyOid, siteOid);
      const delivery = await deliver(
        {
          method: "GET",
          url: joinUrl(options.serverUrl, path),
          headers: listHeaders,
          maxAnswerBytes: listingAnswerBytes,
        },
        options,
      );
      return interpret(delivery, readListing);
    },
  };
}

/**
 * The server's answer as a result. Only a 200 with the expected JSON is `ok`; a 200 with an HTML
 * page (a proxy's login page, say) or cut-off JSON is `failed`, never taken for a success.
 */
function interpret<T>(
  delivery: Awaited<ReturnType<typeof deliver>>,
  read: (value: unknown) => T | undefined,
): ApiResult<T> {
  if (delivery.kind === "gave-up") return { ...delivery, kind: "failed" };

  const { answer, attempts } = delivery;
  const { status } = answer;

  if (status === 200) {
    const body = readJsonAnswer(answer);
    const value = body.kind === "json" ? read(body.value) : undefined;
    if (value !== undefined) return { kind: "ok", value, status, attempts };

    const reason =
      body.kind === "not-json"
        ? body.reason
        : "the server answered JSON, but not the expected JSON (HTTP 200)";
    return { kind: "failed", reason, status, attempts };
  }

  const code = status === 400 ? readErrorCode(answer.text) : null;
  if (code !== null) return { kind: "rejected", code, status, attempts };

  return { kind: "failed", reason: describeAnswer(answer), status, attempts };
}

/** A participant's answer is an object (`subjectKey`, `subjectOid`, `status`: contract section 1). */
function readPosted(value: unknown): unknown {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? value : undefined;
}

/**
 * A 200 names the participant it is about (contract section 1, "Success"), matched without
 * regard to case as the server's upsert does. One that names another participant is not taken
 * as this row's success: something between the tool and the server is answering wrongly.
 */
function answeredFor(
  result: ApiResult<unknown>,
  sent: string | null | undefined,
): ApiResult<unknown> {
  if (result.kind !== "ok" || typeof sent !== "string") return result;

  const named = (result.value as { subjectKey?: unknown }).subjectKey;
  if (typeof named !== "string" || named.toLowerCase() === sent.toLowerCase()) return result;

  return {
    kind: "failed",
    reason: `the server answered 200 for another participant ID (${safeText(named, 40)}), so this row's outcome is unknown`,
    status: result.status,
    attempts: result.attempts,
  };
}

/** The listed IDs and statuses are server text that reaches reports and messages: made safe. */
function readListing(value: unknown): ListedParticipant[] | undefined {
  const listed = (value as { studyParticipants?: unknown } | null)?.studyParticipants;
  if (!Array.isArray(listed)) return undefined;

  return listed.flatMap((entry: unknown) => {
    const { subjectKey, status } = (entry ?? {}) as { subjectKey?: unknown; status?: unknown };
    return typeof subjectKey === "string"
      ? [{ subjectKey: safeText(subjectKey), status: safeText(status, 40) }]
      : [];
  });
}
