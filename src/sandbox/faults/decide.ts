import type { IncomingMessage } from "node:http";
import { matchRoute, type Route } from "../router.js";
import type { FaultKind } from "./kinds.js";
import { createRandom } from "./random.js";
import type { FaultSettings } from "./settings.js";

/** A request's fate: how long to wait before handling it, and which fault, if any, it gets. */
export interface FaultDecision {
  latencyMs: number;
  fault: FaultKind | undefined;
}

export type DecideFault = (request: IncomingMessage) => FaultDecision;

const healthy: FaultDecision = { latencyMs: 0, fault: undefined };

/**
 * Makes the one function that decides each request's fate. It is called once per request, in
 * the order requests arrive, and its rules are:
 *
 * 1. Only the participant routes (the POST and both listings, whatever the method) are touched;
 *    the token route only with `includeTokenRoute`, and unknown paths never. Faults act like a
 *    flaky proxy in front of the server: they do not look at the token or the body.
 * 2. Every touched request waits `latencyMs` first, whatever else befalls it.
 * 3. Every touched request counts towards `burst429` and draws one number from the seeded
 *    generator, even when the burst decides its fate, so that the random faults of the n-th
 *    request depend only on the seed and n, not on the other settings.
 * 4. A burst wins over chance: after each run of `every` requests, the next `length` get a 429.
 * 5. Otherwise the draw falls in consecutive bands of [0, 1), in this order: reset-before, 503,
 *    500, reset-after, lost-response; past the last band the request is handled normally.
 *
 * Latency ranges draw from a second generator, so that adding one does not change which
 * requests fail.
 */
export function createFaultDecider(settings: FaultSettings): DecideFault {
  const drawFate = createRandom(settings.seed);
  const drawLatency = createRandom(settings.seed ^ 0x9e37_79b9);
  const bands: [FaultKind, number][] = [
    ["reset-before", settings.resetBeforeShare],
    ["503", settings.share503],
    ["500", settings.share500],
    ["reset-after", settings.resetAfterShare],
    ["lost-response", settings.loseResponseShare],
  ];
  let touched = 0;

  return function decideFault(request) {
    if (!isTouched(request, settings.includeTokenRoute)) {
      return healthy;
    }

    touched += 1;
    const draw = drawFate();
    const { min, max } = settings.latency;
    const latencyMs = max > min ? min + drawLatency() * (max - min) : min;

    if (isInBurst(touched, settings)) {
      return { latencyMs, fault: "429" };
    }

    return { latencyMs, fault: pickBand(draw, bands) };
  };
}

function isTouched(request: IncomingMessage, includeTokenRoute: boolean): boolean {
  const path = (request.url ?? "/").split("?")[0] ?? "/";
  const kind: Route["kind"] = matchRoute(path).kind;

  return kind === "site" || kind === "study" || (kind === "token" && includeTokenRoute);
}

/** Requests are counted from 1; in each cycle of `every + length`, the last `length` are refused. */
function isInBurst(count: number, settings: FaultSettings): boolean {
  const burst = settings.burst429;

  if (burst === undefined) {
    return false;
  }

  return (count - 1) % (burst.every + burst.length) >= burst.every;
}

function pickBand(draw: number, bands: [FaultKind, number][]): FaultKind | undefined {
  let upper = 0;

  for (const [fault, share] of bands) {
    upper += share;

    if (draw < upper) {
      return fault;
    }
  }

  return undefined;
}
