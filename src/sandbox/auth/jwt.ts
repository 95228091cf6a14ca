import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export interface TokenSigner {
  sign(username: string): string;
  /** The token's username, or undefined when the token is malformed, forged or expired. */
  verify(token: string): string | undefined;
}

export interface TokenSignerOptions {
  lifetimeSeconds: number;
  /** Milliseconds since the epoch; tests pass their own clock. */
  now?: () => number;
}

const header = encodeJson({ alg: "HS256", typ: "JWT" });

/**
 * Signs and checks the sandbox's tokens: HS256 JWTs (RFC 7519) whose payload is
 * `{sub, iat, exp}`, signed with a secret made afresh on every start, so a token never outlives
 * the sandbox that issued it.
 *
 * The real server does not check `exp` (contract section 2). The sandbox does, on purpose: it
 * lets tests prove that a client renews its token before the token runs out.
 */
export function createTokenSigner(options: TokenSignerOptions): TokenSigner {
  const secret = randomBytes(32);
  const now = options.now ?? Date.now;

  const signature = (content: string) =>
    createHmac("sha256", secret).update(content).digest("base64url");

  return {
    sign(username) {
      const issuedAt = Math.floor(now() / 1000);
      const payload = encodeJson({
        sub: username,
        iat: issuedAt,
        exp: issuedAt + options.lifetimeSeconds,
      });
      const content = `${header}.${payload}`;

      return `${content}.${signature(content)}`;
    },

    verify(token) {
      const [tokenHeader, payload, tokenSignature, ...rest] = token.split(".");

      if (tokenHeader !== header || payload === undefined || tokenSignature === undefined) {
        return undefined;
      }

      if (rest.length > 0 || !sameText(tokenSignature, signature(`${header}.${payload}`))) {
        return undefined;
      }

      const claims = decodeJson(payload);

      if (typeof claims?.sub !== "string" || typeof claims.exp !== "number") {
        return undefined;
      }

      return now() / 1000 < claims.exp ? claims.sub : undefined;
    },
  };
}

function encodeJson(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

function decodeJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Compares signatures in constant time, so their bytes cannot be guessed one at a time. */
function sameText(left: string, right: string): boolean {
  const leftBytes = Buffer.from(left);
  const rightBytes = Buffer.from(right);

  return leftBytes.length === rightBytes.length && timingSafeEqual(leftBytes, rightBytes);
}
