import type { IncomingMessage, RequestListener } from "node:http";
import { htmlReply, type Reply, sendReply } from "./http/reply.js";

/** One line of the sandbox's request log, kept for tests. It never holds a body or a header. */
export interface SandboxRequest {
  method: string;
  /** The path as sent, still percent-encoded, without the query. */
  path: string;
  status: number;
  errorCode?: string;
}

export type RequestHandler = (request: IncomingMessage) => Promise<Reply>;

/**
 * Turns a handler into a `node:http` listener that answers every request exactly once. A handler
 * that throws gets a 500 with an HTML page (contract section 1, "Failure") and the server keeps
 * serving. Nothing is printed: the requests carry participants' personal data.
 */
export function createListener(
  handle: RequestHandler,
  record: (entry: SandboxRequest) => void,
): RequestListener {
  return (request, response) => {
    void answer(request, handle)
      .then((reply) => {
        const path = (request.url ?? "/").split("?")[0] ?? "/";
        const entry: SandboxRequest = { method: request.method ?? "", path, status: reply.status };

        if (reply.errorCode !== undefined) {
          entry.errorCode = reply.errorCode;
        }

        record(entry);
        sendReply(response, reply);
      })
      // Only a socket that broke while the answer was written lands here; drop it quietly.
      .catch(() => response.destroy());
  };
}

async function answer(request: IncomingMessage, handle: RequestHandler): Promise<Reply> {
  try {
    return await handle(request);
  } catch {
    return htmlReply(500, "The sandbox server met an unexpected error.");
  }
}
