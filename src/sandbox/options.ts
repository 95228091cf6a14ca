import { isIPv4 } from "node:net";
import { usageError } from "../errors.js";
import type { SandboxFixture } from "./fixture/schema.js";

/** Contract section 2: the token endpoint allows 2 calls a minute per IP address. */
export const defaultTokenCallsPerMinute = 2;

/** Contract section 2: a token is valid for 4 hours. */
export const defaultTokenLifetimeSeconds = 4 * 3600;

export interface SandboxSettings {
  host: string;
  port: number;
  tokenCallsPerMinute: number;
  tokenLifetimeSeconds: number;
}

export interface SettingsInput {
  host?: string;
  port?: number;
  tokenCallsPerMinute?: number;
  tokenLifetimeSeconds?: number;
}

/**
 * Checks the options up front and fills in defaults. An option given to `startSandbox` wins over
 * the fixture's `limits`, which win over the contract's values.
 */
export function resolveSettings(options: SettingsInput, fixture: SandboxFixture): SandboxSettings {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? 0;

  // The sandbox holds passwords meant to be public; it must never be reachable from elsewhere.
  if (!isLoopback(host)) {
    throw usageError(
      `The sandbox listens only on this machine, but host "${host}" is not a loopback address. Use 127.0.0.1, ::1 or localhost.`,
    );
  }

  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw usageError(`The sandbox port must be a whole number from 0 to 65535, not ${port}.`);
  }

  const tokenCallsPerMinute = positiveInteger(
    "tokenCallsPerMinute",
    options.tokenCallsPerMinute ?? fixture.limits?.tokenCallsPerMinute,
    defaultTokenCallsPerMinute,
  );
  const tokenLifetimeSeconds = positiveInteger(
    "tokenLifetimeSeconds",
    options.tokenLifetimeSeconds ?? fixture.limits?.tokenLifetimeSeconds,
    defaultTokenLifetimeSeconds,
  );

  return { host, port, tokenCallsPerMinute, tokenLifetimeSeconds };
}

export function isLoopback(host: string): boolean {
  if (host === "localhost" || host === "::1") {
    return true;
  }

  return isIPv4(host) && host.startsWith("127.");
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) {
    return fallback;
  }

  if (!Number.isInteger(value) || value <= 0) {
    throw usageError(`The sandbox option ${name} must be a whole number above 0, not ${value}.`);
  }

  return value;
}
