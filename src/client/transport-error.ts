/**
 * Short, printable reasons for the errors undici and Node's `net` and `tls` throw. A library
 * error is never passed on as it is: some carry the request's headers, token included.
 */

const privateCaHint = "if the server uses a private CA, pass its certificate with --ca-file";

/** Certificate problems (OpenSSL's verify codes, as Node names them): no retry can cure them. */
const certificateReasons: Record<string, string> = {
  CERT_HAS_EXPIRED: "the server's TLS certificate has expired",
  CERT_NOT_YET_VALID: "the server's TLS certificate is not valid yet (check this machine's clock)",
  CERT_REVOKED: "the server's TLS certificate has been revoked",
  CERT_UNTRUSTED: `the server's TLS certificate is not trusted; ${privateCaHint}`,
  CERT_SIGNATURE_FAILURE: "the server's TLS certificate has a bad signature",
  DEPTH_ZERO_SELF_SIGNED_CERT: `the server's TLS certificate is self-signed; ${privateCaHint}`,
  SELF_SIGNED_CERT_IN_CHAIN: `the server's TLS certificate comes from an untrusted CA; ${privateCaHint}`,
  UNABLE_TO_GET_ISSUER_CERT: `the server's TLS certificate cannot be verified; ${privateCaHint}`,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: `the server's TLS certificate comes from an unknown CA; ${privateCaHint}`,
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: `the server's TLS certificate cannot be verified; ${privateCaHint}`,
  ERR_TLS_CERT_ALTNAME_INVALID:
    "the server's TLS certificate is for another host name; check the URL's host",
  ERR_SSL_WRONG_VERSION_NUMBER:
    "the server does not speak TLS on that port; check whether the URL should be http:// or use another port",
};

const networkReasons: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host name lookup failed",
  ETIMEDOUT: "connection timed out",
  EPIPE: "connection closed while sending",
  UND_ERR_SOCKET: "connection closed by the server",
  UND_ERR_CONNECT_TIMEOUT: "connection timed out",
};

export function describeTransportError(error: unknown, timeoutMs: number): string {
  const name = (error as { name?: unknown }).name;
  if (name === "TimeoutError" || name === "AbortError") return `no answer within ${timeoutMs} ms`;

  const code = errorCode(error);
  if (code === "UND_ERR_HEADERS_TIMEOUT") return `no answer within ${timeoutMs} ms`;
  if (code === "UND_ERR_BODY_TIMEOUT") return `the answer stalled for ${timeoutMs} ms`;

  const known = certificateReasons[code] ?? networkReasons[code];
  if (known !== undefined) return known;
  if (code.startsWith("ERR_SSL_") || code.startsWith("ERR_TLS_")) {
    return `the TLS connection failed (${code})`;
  }
  return `network error${code === "" ? "" : ` (${code})`}`;
}

/** A certificate or TLS handshake failure: the same server fails the same way every time. */
export function isPermanentTransportError(error: unknown): boolean {
  const code = errorCode(error);
  return code in certificateReasons || code.startsWith("ERR_SSL_") || code.startsWith("ERR_TLS_");
}

/**
 * Failures that come before the request's first byte leaves this machine: the host has no
 * address, or no connection could be made. Anything else (a timeout waiting for the answer, a
 * connection cut after it was made) may have reached the server.
 */
const unsentCodes = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/** True only when the request certainly never reached the server, so sending it again is safe. */
export function isUnsentTransportError(error: unknown): boolean {
  return unsentCodes.has(errorCode(error));
}

/** The error's own code, else its cause's (undici wraps socket errors); only a plain code. */
function errorCode(error: unknown): string {
  const own = (error as { code?: unknown }).code;
  const cause = (error as { cause?: { code?: unknown } }).cause?.code;
  const known = (value: unknown) =>
    typeof value === "string" && (value in certificateReasons || value in networkReasons);
  const code = known(own) ? own : (cause ?? own);
  return typeof code === "string" && /^[A-Z0-9_]{1,60}$/.test(code) ? code : "";
}
