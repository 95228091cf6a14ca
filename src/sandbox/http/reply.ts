import { type ServerResponse, STATUS_CODES } from "node:http";

/**
 * What a route answers. Routes return a reply instead of writing to the response, so that one
 * place sends it, logs it and turns an exception into a 500.
 */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The errorCode of a 400 business or validation error, for the request log. */
  errorCode?: string;
}

/** The `params` of a business error (contract section 1, "Failure"). */
export interface ErrorParams {
  studyOid: string;
  siteOid: string;
}

export function jsonReply(status: number, value: unknown): Reply {
  return {
    status,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(value),
  };
}

/** Contract section 1, "Failure": every business error is a 400 with exactly one code. */
export function errorCodeReply(code: string, params: ErrorParams): Reply {
  return {
    ...jsonReply(400, {
      message: code,
      params: { studyOid: params.studyOid, siteOid: params.siteOid },
    }),
    errorCode: code,
  };
}

/**
 * The contract warns that 401, 415, malformed-JSON 400 and 500 answers may be HTML. The sandbox
 * answers them that way, so a client that assumes JSON on a non-200 answer fails its tests.
 */
export function htmlReply(
  status: number,
  detail: string,
  headers: Record<string, string> = {},
): Reply {
  const title = `${status} ${STATUS_CODES[status] ?? "Error"}`;
  const body =
    `<!doctype html><html><head><title>${title}</title></head>` +
    `<body><h1>${title}</h1><p>${escapeHtml(detail)}</p></body></html>`;

  return {
    status,
    headers: { "content-type": "text/html;charset=utf-8", ...headers },
    body,
  };
}

export function textReply(
  status: number,
  text: string,
  headers: Record<string, string> = {},
): Reply {
  return {
    status,
    headers: { "content-type": "text/plain;charset=utf-8", ...headers },
    body: text,
  };
}

export function sendReply(response: ServerResponse, reply: Reply): void {
  response.writeHead(reply.status, {
    ...reply.headers,
    "content-length": String(Buffer.byteLength(reply.body)),
  });
  response.end(reply.body);
}

function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}
