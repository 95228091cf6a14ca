import type { IncomingMessage } from "node:http";
import type { FixtureUser } from "../fixture/schema.js";
import { htmlReply, type Reply } from "../http/reply.js";
import type { SandboxStore } from "../state/store.js";
import type { TokenSigner } from "./jwt.js";

const bearerPattern = /^Bearer\s+(\S+)\s*$/i;

/**
 * The user behind an `Authorization: Bearer <jwt>` header, or undefined when the header is
 * missing, the token is forged or expired, or its user is not in the fixture (contract
 * section 1: any of these is a 401).
 */
export function authenticate(
  request: IncomingMessage,
  signer: TokenSigner,
  store: SandboxStore,
): FixtureUser | undefined {
  const token = bearerPattern.exec(request.headers.authorization ?? "")?.[1];

  if (token === undefined) {
    return undefined;
  }

  const username = signer.verify(token);
  return username === undefined ? undefined : store.findUser(username);
}

/** Like the real server, the sandbox answers a 401 with an HTML page, not JSON. */
export function unauthorizedReply(): Reply {
  return htmlReply(401, "Full authentication is required to access this resource.", {
    "www-authenticate": "Bearer",
  });
}
