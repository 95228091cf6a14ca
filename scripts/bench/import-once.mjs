import { Agent, request } from "undici";
import { runImport, siteParticipantsPath, tokenPath, validateFile } from "../../dist/index.js";
import { credentials, studyOid } from "./fixture.mjs";

/**
 * One measured import, in a process of its own (see `child.mjs`), against a sandbox at URL.
 * `tool` runs the library's `runImport`, all of it: the pre-pass over the file, the login,
 * the study listing, the pre-flight and the posts. `bare` posts the same bodies to the same
 * endpoints with the same headers, at the same concurrency, in a plain loop of
 * `undici.request` calls on one Agent; its bodies and token are ready before the clock
 * starts. Leaves `{ rows, ms }` for `usage.mjs`, and for `tool` also `sendMs`: the time
 * from `onStart` (file checked, login made, study read) to the end.
 */
const [mode, url, file, concurrencyText] = process.argv.slice(2);
const concurrency = Number(concurrencyText);

const measure = { tool: importWithTool, bare: postBare }[mode];

if (measure === undefined) {
  throw new Error(`Unknown mode ${mode}: use tool or bare.`);
}

globalThis.benchResult = await measure();

async function importWithTool() {
  let sendingFrom = 0;
  const started = performance.now();
  const summary = await runImport({
    file,
    serverUrl: url,
    studyOid,
    credentials,
    concurrency,
    onStart: () => {
      sendingFrom = performance.now();
    },
  });
  const ended = performance.now();

  if (summary.outcomes.created !== summary.rows) {
    throw new Error(`Expected every row created: ${JSON.stringify(summary.outcomes)}`);
  }

  return { rows: summary.rows, ms: ended - started, sendMs: ended - sendingFrom };
}

async function postBare() {
  const posts = await readPosts();
  const agent = new Agent({ connections: concurrency });
  const headers = {
    "content-type": "application/json",
    accept: "application/json",
    authorization: `Bearer ${await logIn(agent)}`,
  };
  let next = 0;
  let created = 0;

  const worker = async () => {
    while (next < posts.length) {
      const post = posts[next++];
      const answer = await request(post.url, {
        method: "POST",
        headers,
        body: post.body,
        dispatcher: agent,
      });
      await answer.body.text();
      if (answer.statusCode === 200) created++;
    }
  };

  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const ms = performance.now() - started;
  await agent.close();

  if (created !== posts.length) throw new Error(`Only ${created} of ${posts.length} were created.`);
  return { rows: created, ms };
}

/** The URL and exact body the tool sends for each row (`api.ts`: `?register=n`, JSON). */
async function readPosts() {
  const posts = [];

  for await (const checked of (await validateFile(file)).rows) {
    if (checked.findings.length > 0) throw new Error(`Row ${checked.row} is not valid.`);
    const path = siteParticipantsPath(studyOid, checked.siteOid);
    posts.push({ url: `${url}${path}?register=n`, body: JSON.stringify(checked.body) });
  }

  return posts;
}

async function logIn(agent) {
  const answer = await request(`${url}${tokenPath}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(credentials),
    dispatcher: agent,
  });
  const text = await answer.body.text();
  if (answer.statusCode !== 200) throw new Error(`Login refused: HTTP ${answer.statusCode}`);
  return text.replace(/^"|"$/g, "");
}
