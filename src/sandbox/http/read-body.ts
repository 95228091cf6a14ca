import type { IncomingMessage } from "node:http";
import { htmlReply, type Reply } from "./reply.js";

/** Far above any participant body (six short strings), and small enough to refuse a flood. */
export const bodyLimitBytes = 64 * 1024;

export type JsonBody = { ok: true; value: unknown } | { ok: false; reply: Reply };

/**
 * Reads a JSON request body the way a Spring endpoint would: a wrong content type is a 415, and
 * a body that is not JSON is a 400, both with an HTML page (contract section 1, "Failure").
 */
export async function readJsonBody(request: IncomingMessage): Promise<JsonBody> {
  if (!isJsonContentType(request.headers["content-type"])) {
    return refuse(htmlReply(415, "The request body must be sent as application/json."));
  }

  const text = await readBodyText(request);

  if (text === undefined) {
    return refuse(
      htmlReply(413, `The request body is larger than ${bodyLimitBytes} bytes.`, {
        connection: "close",
      }),
    );
  }

  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return refuse(htmlReply(400, "The request body is not valid JSON."));
  }
}

function isJsonContentType(header: string | undefined): boolean {
  const mediaType = header?.split(";")[0]?.trim().toLowerCase();
  return mediaType === "application/json";
}

const bodies = new WeakMap<IncomingMessage, Promise<string | undefined>>();

/**
 * The body as UTF-8 text, or undefined when it passes the limit. A stream is read once, so the
 * text is kept per request: the request log reads a POST's participant ID before the route does.
 */
export function readBodyText(request: IncomingMessage): Promise<string | undefined> {
  let text = bodies.get(request);

  if (text === undefined) {
    text = readText(request);
    bodies.set(request, text);
  }

  return text;
}

async function readText(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;

  // Past the limit the rest is still read and thrown away: stopping mid-body would reset the
  // connection before the client could read the 413.
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;

    if (size <= bodyLimitBytes) {
      chunks.push(buffer);
    }
  }

  return size <= bodyLimitBytes ? Buffer.concat(chunks).toString("utf8") : undefined;
}

function refuse(reply: Reply): JsonBody {
  return { ok: false, reply };
}
