import { siteParticipantsPath, studyParticipantsPath } from "../contract/paths.js";
import type { ParticipantBody } from "../contract/rules.js";
import type { FatalCode } from "../errors.js";
import { type DeliverOptions, deliver } from "./deliver.js";
import { readErrorCode } from "./error-body.js";
import { joinUrl } from "./login.js";

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
      return interpret(delivery, (text) => text);
    },

    async listParticipants(studyOid, siteOid) {
      const path =
        siteOid === undefined
          ? studyParticipantsPath(studyOid)
          : siteParticipantsPath(studyOid, siteOid);
      const delivery = await deliver(
        { method: "GET", url: joinUrl(options.serverUrl, path), headers: listHeaders },
        options,
      );
      return interpret(delivery, readListing);
    },
  };
}

function interpret<T>(
  delivery: Awaited<ReturnType<typeof deliver>>,
  read: (text: string) => T | undefined,
): ApiResult<T> {
  if (delivery.kind === "gave-up") return { ...delivery, kind: "failed" };

  const { answer, attempts } = delivery;
  const { status } = answer;

  if (status === 200) {
    const value = read(answer.text);
    return value === undefined
      ? {
          kind: "failed",
          reason: "HTTP 200 with an answer that is not the expected JSON",
          status,
          attempts,
        }
      : { kind: "ok", value, status, attempts };
  }

  const code = status === 400 ? readErrorCode(answer.text) : null;
  if (code !== null) return { kind: "rejected", code, status, attempts };

  return { kind: "failed", reason: describeStatus(status), status, attempts };
}

function readListing(text: string): ListedParticipant[] | undefined {
  try {
    const parsed = JSON.parse(text) as { studyParticipants?: unknown };
    if (!Array.isArray(parsed.studyParticipants)) return undefined;

    return parsed.studyParticipants.flatMap((entry: unknown) => {
      const { subjectKey, status } = (entry ?? {}) as { subjectKey?: unknown; status?: unknown };
      return typeof subjectKey === "string"
        ? [{ subjectKey, status: typeof status === "string" ? status : "" }]
        : [];
    });
  } catch {
    return undefined;
  }
}

function describeStatus(status: number): string {
  if (status === 401) return "HTTP 401: the token was refused, even after a fresh login";
  if (status === 403) return "HTTP 403: the server refused access";
  if (status === 404) return "HTTP 404: no such endpoint; check --server (the study's runtime URL)";
  if (status >= 500) return `HTTP ${status}: the server failed while handling the request`;
  return `HTTP ${status} without an errorCode`;
}
