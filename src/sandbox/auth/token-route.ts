import type { IncomingMessage } from "node:http";
import { readJsonBody } from "../http/read-body.js";
import { htmlReply, type Reply, textReply } from "../http/reply.js";
import type { SandboxStore } from "../state/store.js";
import type { TokenSigner } from "./jwt.js";
import type { RateLimiter } from "./rate-limit.js";

export interface TokenRouteContext {
  store: SandboxStore;
  signer: TokenSigner;
  limiter: RateLimiter;
}

/**
 * `POST /user-service/api/oauth/token` (contract section 2). The rate limit comes first and
 * counts every call, so a wrong password spends a call just as a right one does.
 */
export async function issueToken(
  request: IncomingMessage,
  context: TokenRouteContext,
): Promise<Reply> {
  const decision = context.limiter.take(request.socket.remoteAddress ?? "unknown");

  if (!decision.allowed) {
    return htmlReply(429, "Too many token requests from this address. Wait and try again.", {
      "retry-after": String(decision.retryAfterSeconds),
    });
  }

  const body = await readJsonBody(request);

  if (!body.ok) {
    return body.reply;
  }

  const username = readString(body.value, "username");
  const password = readString(body.value, "password");
  const user = username === undefined ? undefined : context.store.findUser(username);

  if (user === undefined || password !== user.password) {
    return htmlReply(401, "Bad credentials.");
  }

  // The token is raw text, not JSON; some real servers wrap it in double quotes and a client
  // must cope with both (contract section 2), so the sandbox sends the harder form.
  return textReply(200, `"${context.signer.sign(user.username)}"`);
}

function readString(value: unknown, key: string): string | undefined {
  if (typeof value !== "object" || value === null) {
    return undefined;
  }

  const field: unknown = (value as Record<string, unknown>)[key];
  return typeof field === "string" ? field : undefined;
}
