import { setMaxListeners } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createTokenSigner } from "./auth/jwt.js";
import { RateLimiter } from "./auth/rate-limit.js";
import { createFaultDecider } from "./faults/decide.js";
import { countFaults, type FaultCounts } from "./faults/kinds.js";
import type { SandboxFaults } from "./faults/schema.js";
import { type FaultSettings, injectsNothing, resolveFaults } from "./faults/settings.js";
import { parseFixture } from "./fixture/load.js";
import type { SandboxFixture } from "./fixture/schema.js";
import { createListener, type SandboxRequest } from "./listener.js";
import { resolveSettings } from "./options.js";
import { routeRequest } from "./router.js";
import { type SandboxParticipant, SandboxStore } from "./state/store.js";

export interface SandboxOptions {
  fixture: SandboxFixture;
  /** 0 or undefined picks a free port. */
  port?: number;
  /** Default "127.0.0.1"; only loopback addresses (127.x, ::1, localhost) are accepted. */
  host?: string;
  /** Default: the fixture's limit, else 2 (contract section 2). */
  tokenCallsPerMinute?: number;
  /** Default: the fixture's limit, else 4 hours (contract section 2). */
  tokenLifetimeSeconds?: number;
  /**
   * Faults to inject into the participant routes (see `faults/schema.ts`). Each key given here
   * wins over the same key of the fixture's `faults`. Default: none.
   */
  faults?: SandboxFaults;
}

export interface Sandbox {
  /** Both the serverName and the authBase of this sandbox, e.g. `http://127.0.0.1:43123`. */
  url: string;
  /**
   * Stops the server and closes every open connection, idle or not, including those held open by
   * a lost response and those waiting out an injected latency.
   */
  close(): Promise<void>;
  /** A deep copy of the participants as they are now. */
  participants(): SandboxParticipant[];
  /** Every request handled so far, in the order each was answered, dropped or withheld. */
  requestLog(): SandboxRequest[];
  /** How many of each fault were injected so far, from the request log. */
  faultCounts(): FaultCounts;
  /** The faults in force, with every default filled in (none injects nothing). */
  faults: FaultSettings;
}

const windowMilliseconds = 60_000;

/**
 * Starts a local server that speaks the participant API of the contract (sections 1-3) with
 * the contract's rules, over the studies, users and participants of a fixture.
 */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  // The fixture is checked again, so that a hand-built object gets the same defaults and
  // reference checks as a file.
  const fixture = parseFixture(options.fixture, "given to startSandbox");
  const settings = resolveSettings(options, fixture);
  const faults = resolveFaults(options.faults, fixture.faults);

  const store = new SandboxStore(fixture);
  const signer = createTokenSigner({ lifetimeSeconds: settings.tokenLifetimeSeconds });
  const limiter = new RateLimiter({ limit: settings.tokenCallsPerMinute, windowMilliseconds });
  const log: SandboxRequest[] = [];
  const closing = new AbortController();
  // Every request waiting out an injected latency listens for the close; there may be many.
  setMaxListeners(0, closing.signal);

  const listener = createListener(
    (request) => routeRequest(request, { store, signer, limiter }),
    (entry) => log.push(entry),
    injectsNothing(faults)
      ? undefined
      : { decide: createFaultDecider(faults), burst: faults.burst429, signal: closing.signal },
  );
  const server = createServer(listener);
  const address = await listen(server, settings.port, settings.host);

  return {
    url: `http://${formatHost(address)}:${address.port}`,
    close: () => {
      closing.abort();
      return closeServer(server);
    },
    participants: () => store.snapshot(),
    requestLog: () => structuredClone(log),
    faultCounts: () => countFaults(log),
    faults: structuredClone(faults),
  };
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** `localhost` may bind to either family, so the URL names the address actually bound. */
function formatHost(address: AddressInfo): string {
  return address.family === "IPv6" ? `[${address.address}]` : address.address;
}

/**
 * Closing twice is harmless, so a test's cleanup may run after a test already closed it.
 * `closeAllConnections` also ends connections whose answer was withheld (`lost-response`), which
 * `close` alone would wait on for as long as their clients do.
 */
function closeServer(server: Server): Promise<void> {
  if (!server.listening) {
    return Promise.resolve();
  }

  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
