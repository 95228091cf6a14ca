import type { IncomingMessage } from "node:http";
import { apiBase, tokenPath } from "../contract/paths.js";
import { authenticate, unauthorizedReply } from "./auth/bearer.js";
import type { TokenSigner } from "./auth/jwt.js";
import type { RateLimiter } from "./auth/rate-limit.js";
import { issueToken } from "./auth/token-route.js";
import { htmlReply, type Reply, textReply } from "./http/reply.js";
import { addParticipant } from "./routes/add-participant.js";
import { listParticipants } from "./routes/list-participants.js";
import type { SandboxStore } from "./state/store.js";

export interface SandboxContext {
  store: SandboxStore;
  signer: TokenSigner;
  limiter: RateLimiter;
}

export type Route =
  | { kind: "token" }
  | { kind: "site"; studyOid: string; siteOid: string }
  | { kind: "study"; studyOid: string }
  | { kind: "badEncoding" }
  | { kind: "unknown" };

const studiesPrefix = `${apiBase}/studies/`;

/** Sends a request to its route. Only the token route may be called without a token. */
export async function routeRequest(
  request: IncomingMessage,
  context: SandboxContext,
): Promise<Reply> {
  const target = request.url ?? "/";
  const queryStart = target.includes("?") ? target.indexOf("?") : target.length;
  const route = matchRoute(target.slice(0, queryStart));

  if (route.kind === "unknown") {
    return textReply(404, "Not found.");
  }

  if (route.kind === "badEncoding") {
    return htmlReply(400, "The request path is not correctly percent-encoded.");
  }

  if (route.kind === "token") {
    return request.method === "POST" ? issueToken(request, context) : methodNotAllowed("POST");
  }

  const allowed = route.kind === "site" ? ["GET", "POST"] : ["GET"];

  if (!allowed.includes(request.method ?? "")) {
    return methodNotAllowed(allowed.join(", "));
  }

  const user = authenticate(request, context.signer, context.store);

  if (user === undefined) {
    return unauthorizedReply();
  }

  if (route.kind === "study") {
    return listParticipants({ studyOid: route.studyOid, siteOid: undefined, user }, context.store);
  }

  if (request.method === "GET") {
    return listParticipants({ ...route, user }, context.store);
  }

  const register = new URLSearchParams(target.slice(queryStart)).get("register");
  return addParticipant(request, { ...route, register, user }, context.store);
}

/**
 * Matches the paths of contract sections 1-3. OIDs arrive percent-encoded (parentheses as
 * `%28` and `%29`) and are decoded segment by segment, so an encoded `/` stays inside its OID.
 */
export function matchRoute(pathname: string): Route {
  if (pathname === tokenPath) {
    return { kind: "token" };
  }

  if (!pathname.startsWith(studiesPrefix)) {
    return { kind: "unknown" };
  }

  const encoded = pathname.slice(studiesPrefix.length).split("/");

  if (encoded.some((segment) => segment === "")) {
    return { kind: "unknown" };
  }

  const segments = decodeSegments(encoded);

  if (segments === undefined) {
    return { kind: "badEncoding" };
  }

  const [studyOid, second, siteOid, fourth, ...rest] = segments;

  if (studyOid === undefined || rest.length > 0) {
    return { kind: "unknown" };
  }

  if (second === "participants" && siteOid === undefined) {
    return { kind: "study", studyOid };
  }

  if (second === "sites" && siteOid !== undefined && fourth === "participants") {
    return { kind: "site", studyOid, siteOid };
  }

  return { kind: "unknown" };
}

function decodeSegments(segments: string[]): string[] | undefined {
  try {
    return segments.map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
}

function methodNotAllowed(allow: string): Reply {
  return textReply(405, "Method not allowed.", { allow });
}
