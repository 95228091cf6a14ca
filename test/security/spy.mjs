// Preloaded into the CLI's process by the leak tests (NODE_OPTIONS=--import): it records every
// token the CLI sends or receives, so that a test knows the sandbox-issued tokens it must not
// find in the output, and it can force the failures that only a library would cause.

import { subscribe } from "node:diagnostics_channel";
// Preloaded into the CLI's process by the leak tests (NODE_OPTIONS=--import): it records every
// token the CLI sends or receives, so that a test knows the sandbox-issued tokens it must not
// find in the output, and it can force the failures that only a library would cause.
import fs, { appendFileSync } from "node:fs";
import { syncBuiltinESMExports } from "node:module";

const spyFile = process.env.CANARY_SPY_FILE;
const crash = process.env.CANARY_CRASH;
const seen = [];

function record(line) {
  seen.push(line);
  if (spyFile !== undefined) appendFileSync(spyFile, `${line}\n`);
}

subscribe("undici:request:create", ({ request }) => {
  // undici keeps the headers as one "name: value\r\n" string, or as a flat [name, value] list.
  const headers = Array.isArray(request.headers)
    ? request.headers.map((part, index) => (index % 2 === 0 ? `${part}: ` : `${part}\r\n`)).join("")
    : String(request.headers);
  for (const match of headers.matchAll(/authorization: Bearer (\S+)/gi)) record(`sent ${match[1]}`);
});

subscribe("undici:request:bodyChunkReceived", ({ request, chunk }) => {
  if (request.path.includes("/oauth/token"))
    record(`received ${Buffer.from(chunk).toString("utf8")}`);
});

/** What a library's error looks like when it quotes the request it failed on. */
function libraryError() {
  const error = new Error(
    `request failed: authorization: ${seen.at(-1) ?? "none"}; password=${process.env.OC_PASSWORD}; token=${process.env.OC_TOKEN}`,
  );
  error.headers = { authorization: `Bearer ${process.env.OC_TOKEN}` };
  return error;
}

if (crash === "action") {
  // Every command syncs its report to disk when it closes it, after the login if there is one.
  fs.fdatasyncSync = () => {
    throw libraryError();
  };
  syncBuiltinESMExports();
}

if (crash === "uncaught" || crash === "rejection") {
  subscribe("undici:request:headers", () => {
    setImmediate(() => {
      if (crash === "uncaught") throw libraryError();
      Promise.reject(libraryError());
    });
  });
}
