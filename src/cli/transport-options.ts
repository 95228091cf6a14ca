import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { type Command, Option } from "commander";
import { checkTransport, type NamedUrl } from "../client/transport-rules.js";
import { usageError } from "../errors.js";
import type { CliIo } from "./io.js";

/** The flags that decide how a run's connections are protected. */
export interface TransportFlags {
  caFile?: string;
  allowHttp?: boolean;
}

/** What the client needs of them: extra trusted certificates, and the user's word on http. */
export interface Transport {
  ca?: string;
  allowHttp: boolean;
}

export function addTransportOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        "--ca-file <file>",
        "also trust this private CA (PEM) for the server and the token endpoint",
      ).env("OC_CA_FILE"),
    )
    .option(
      "--allow-http",
      "allow plain http:// to a host other than this machine (unencrypted: password, token, data)",
    );
}

/**
 * Checks the URLs against the transport rule (`transport-rules.ts`) before anything is sent,
 * reads the private CA, and says out loud, even with --quiet, what travels unprotected.
 * `caOption` names where the CA file came from (`--ca-file` or `OC_CA_FILE`), for messages.
 */
export function resolveTransport(
  flags: TransportFlags,
  urls: readonly NamedUrl[],
  io: CliIo,
  caOption = "--ca-file",
): Transport {
  const allowHttp = flags.allowHttp === true || readAllowHttp(io.env.OC_ALLOW_HTTP);

  for (const { option, url } of checkTransport(urls, allowHttp)) {
    io.warn(
      `Warning: ${option} ${url} is plain http://; the password, the token and the participants' data travel unencrypted and can be read or changed on the way.`,
    );
  }

  // Node reads only the exact value "0" as "do not verify" (doc: NODE_TLS_REJECT_UNAUTHORIZED).
  if (io.env.NODE_TLS_REJECT_UNAUTHORIZED === "0") {
    io.warn(
      "Warning: NODE_TLS_REJECT_UNAUTHORIZED=0 is ignored: oc-participants always verifies the server's TLS certificate. For a server with a private CA, pass --ca-file (or set OC_CA_FILE) instead, and unset NODE_TLS_REJECT_UNAUTHORIZED.",
    );
  }

  if (flags.caFile === undefined) return { allowHttp };
  return { ca: readCaFile(flags.caFile, caOption) + extraCertificates(io.env), allowHttp };
}

/** The certificates of a PEM file, checked one by one, so that a bad file fails here, by name. */
export function readCaFile(path: string, option = "--ca-file"): string {
  const fix =
    "Give the CA's certificate in PEM form: a text file that starts with -----BEGIN CERTIFICATE-----.";
  let text: string;
  try {
    text = readFileSync(path, "latin1");
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw usageError(`${option} ${path} cannot be read (${String(code ?? error)}). ${fix}`, error);
  }

  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g);
  if (blocks === null) {
    throw usageError(
      `${option} ${path} holds no PEM certificate. ${fix} A binary (DER) .cer or .crt file converts with: openssl x509 -inform der -in ${path} -out ca.pem`,
    );
  }

  for (const [index, block] of blocks.entries()) {
    try {
      new X509Certificate(block);
    } catch (error) {
      throw usageError(
        `${option} ${path}: certificate ${index + 1} of ${blocks.length} is damaged and cannot be read. ${fix}`,
        error,
      );
    }
  }

  return `${blocks.join("\n")}\n`;
}

/**
 * Node adds NODE_EXTRA_CA_CERTS to its default store only; a `ca` list replaces that store, so
 * the extra certificates are read again here to keep trusting them. An unreadable file was
 * already reported by Node at startup.
 */
function extraCertificates(env: NodeJS.ProcessEnv): string {
  const path = env.NODE_EXTRA_CA_CERTS;
  if (path === undefined || path === "") return "";

  try {
    return readCaFile(path, "NODE_EXTRA_CA_CERTS");
  } catch {
    return "";
  }
}

/** `OC_ALLOW_HTTP=1` (or true, yes) allows; empty, 0, false or no does not; anything else is a typo. */
function readAllowHttp(value: string | undefined): boolean {
  const text = (value ?? "").trim().toLowerCase();
  if (["1", "true", "yes"].includes(text)) return true;
  if (["", "0", "false", "no"].includes(text)) return false;
  throw usageError(
    `OC_ALLOW_HTTP "${value}" is not understood. Set it to 1 (or true, yes) to allow plain http:// to another host, or to 0 (or false, no, empty) not to.`,
  );
}
