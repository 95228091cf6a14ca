import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import type { DecideFault, FaultDecision } from "./faults/decide.js";
import type { FaultKind } from "./faults/kinds.js";
import { faultReply, isAnsweredFault } from "./faults/replies.js";
import type { BurstSettings } from "./faults/settings.js";
import { readBodyText } from "./http/read-body.js";
import { htmlReply, type Reply, sendReply } from "./http/reply.js";
import { matchRoute } from "./router.js";

/**
 * One line of the sandbox's request log, kept for tests. It never holds a header, and of a body
 * only the participant ID, never a contact detail.
 */
export interface SandboxRequest {
  method: string;
  /** The path as sent, still percent-encoded, without the query. */
  path: string;
  /** The `subjectKey` of a participant POST, when its body has one (also for faulted requests). */
  subjectKey?: string;
  /** When the request arrived, in milliseconds since the epoch. */
  receivedAt: number;
  /** When it was answered, dropped or withheld, in milliseconds since the epoch. */
  answeredAt: number;
  /**
   * The status answered. For `reset-after` and `lost-response` it is the status the request
   * earned but never got (the write was applied); for `reset-before` it is 0, as nothing ran.
   */
  status: number;
  errorCode?: string;
  /** The fault injected into this request, if any (see `faults/kinds.ts`). */
  fault?: FaultKind;
}

export type RequestHandler = (request: IncomingMessage) => Promise<Reply>;

export interface ListenerFaults {
  decide: DecideFault;
  burst: BurstSettings | undefined;
  /** Aborted when the sandbox closes, so that no request is left waiting out its latency. */
  signal: AbortSignal;
}

const healthy: FaultDecision = { latencyMs: 0, fault: undefined };

/**
 * Turns a handler into a `node:http` listener that answers every request at most once. A handler
 * that throws gets a 500 with an HTML page (contract section 1, "Failure") and the server keeps
 * serving. Nothing is printed: the requests carry participants' personal data.
 *
 * With `faults`, each request's fate is decided as it arrives, so that the seeded faults follow
 * the order of arrival however long each request takes.
 */
export function createListener(
  handle: RequestHandler,
  record: (entry: SandboxRequest) => void,
  faults?: ListenerFaults,
): RequestListener {
  return (request, response) => {
    const receivedAt = Date.now();
    const decision = faults?.decide(request) ?? healthy;

    void serve(request, response, { handle, record, decision, faults, receivedAt })
      // Only a socket that broke while the answer was written, or a sandbox that closed while
      // the request waited, lands here; drop the connection quietly.
      .catch(() => response.destroy());
  };
}

interface ServeContext {
  handle: RequestHandler;
  record: (entry: SandboxRequest) => void;
  decision: FaultDecision;
  faults: ListenerFaults | undefined;
  receivedAt: number;
}

async function serve(
  request: IncomingMessage,
  response: ServerResponse,
  context: ServeContext,
): Promise<void> {
  const { fault, latencyMs } = context.decision;
  // Read first, whatever the request's fate, so that the log can tie every attempt to its row.
  const logged = { receivedAt: context.receivedAt, subjectKey: await subjectKeyOf(request) };

  if (latencyMs > 0) {
    await delay(latencyMs, undefined, { signal: context.faults?.signal });
  }

  if (fault === "reset-before") {
    context.record(logEntry(request, undefined, fault, logged));
    request.socket.resetAndDestroy();
    return;
  }

  const reply = isAnsweredFault(fault)
    ? faultReply(fault, context.faults?.burst, Date.now())
    : await answer(request, context.handle);

  context.record(logEntry(request, reply, fault, logged));

  // A TCP reset, not a clean close, so the client cannot mistake it for an empty answer.
  if (fault === "reset-after") {
    request.socket.resetAndDestroy();
    return;
  }

  // The write is applied and the answer withheld: the socket stays open and silent until the
  // client gives up or the sandbox closes, which is how a client meets a lost response.
  if (fault === "lost-response") {
    return;
  }

  sendReply(response, reply);
}

async function answer(request: IncomingMessage, handle: RequestHandler): Promise<Reply> {
  try {
    return await handle(request);
  } catch {
    return htmlReply(500, "The sandbox server met an unexpected error.");
  }
}

/** The participant ID a POST to a site's participants carries, if its body is JSON with one. */
async function subjectKeyOf(request: IncomingMessage): Promise<string | undefined> {
  if (request.method !== "POST" || matchRoute(pathOf(request)).kind !== "site") {
    return undefined;
  }

  try {
    const body: unknown = JSON.parse((await readBodyText(request)) ?? "");
    const subjectKey = (body as { subjectKey?: unknown } | null)?.subjectKey;
    return typeof subjectKey === "string" ? subjectKey : undefined;
  } catch {
    return undefined;
  }
}

function pathOf(request: IncomingMessage): string {
  return (request.url ?? "/").split("?")[0] ?? "/";
}

function logEntry(
  request: IncomingMessage,
  reply: Reply | undefined,
  fault: FaultKind | undefined,
  logged: { receivedAt: number; subjectKey: string | undefined },
): SandboxRequest {
  const entry: SandboxRequest = {
    method: request.method ?? "",
    path: pathOf(request),
    status: reply?.status ?? 0,
    receivedAt: logged.receivedAt,
    answeredAt: Date.now(),
  };

  if (logged.subjectKey !== undefined) {
    entry.subjectKey = logged.subjectKey;
  }

  if (reply?.errorCode !== undefined) {
    entry.errorCode = reply.errorCode;
  }

  if (fault !== undefined) {
    entry.fault = fault;
  }

  return entry;
}
