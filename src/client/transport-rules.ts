import { usageError } from "../errors.js";

/** A URL a run will send to, and the option that gave it, for messages. */
export interface NamedUrl {
  option: string;
  url: string;
}

/**
 * The password, the token and every participant's name, email and phone travel to these URLs.
 * Over `https:` they are encrypted and the server's certificate is verified (see `http.ts`).
 * Plain `http:` is allowed to a loopback address, where nothing leaves the machine (that is how
 * the sandbox is reached); to any other host only when the user says so out loud with
 * `--allow-http`. A URL holding credentials is refused outright. Returns the URLs that will
 * travel unencrypted, so that the caller can warn.
 * It looks at the URL alone, before any name lookup or connection.
 */
export function checkTransport(urls: readonly NamedUrl[], allowHttp: boolean): NamedUrl[] {
  for (const { option, url } of urls) refuseUserInfo(option, url);

  const plain = urls.filter(({ url }) => isPlainRemoteHttp(url));
  const [first] = plain;

  if (first !== undefined && !allowHttp) {
    throw usageError(
      `${first.option} ${first.url} is plain http:// to a host that is not this machine: the password, the token and the participants' data would travel unencrypted. Use its https:// URL, or pass --allow-http (or set OC_ALLOW_HTTP=1) if that is really what you want.`,
    );
  }

  return plain;
}

/**
 * A URL may carry a user and password (`https://jdoe:pw@host`). URLs are printed in messages
 * and a password belongs in OC_PASSWORD, so one that does is refused, without repeating it.
 */
function refuseUserInfo(option: string, url: string): void {
  const parsed = parseUrl(url);
  if (parsed !== undefined && (parsed.username !== "" || parsed.password !== "")) {
    throw usageError(
      `${option} holds a user name or password. Give the URL without them, and the credentials in OC_USERNAME and OC_PASSWORD.`,
    );
  }
}

/** True for an `http:` URL whose host is not a loopback address. */
export function isPlainRemoteHttp(url: string): boolean {
  const parsed = parseUrl(url);
  return parsed !== undefined && parsed.protocol === "http:" && !isLoopbackHost(parsed.hostname);
}

/**
 * 127.0.0.0/8, ::1 (also IPv4-mapped, ::ffff:127.x.x.x) and the name `localhost`. The URL
 * parser has already normalised other spellings (`127.1`, `0x7f.0.0.1`, `[0:0::1]`). Other
 * names, even ones that resolve to 127.0.0.1 today, are not trusted: what they resolve to can
 * change without the command changing.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, "$1");

  if (host === "localhost" || host === "localhost.") return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return true;
  return host === "::1" || /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(host);
}

function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}
