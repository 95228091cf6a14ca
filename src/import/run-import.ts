import { createParticipantApi } from "../client/api.js";
import { createHttpClient } from "../client/http.js";
import { type Credentials, delay, login } from "../client/login.js";
import { defaultRetryPolicy, type RetryPolicy } from "../client/retry.js";
import { createSession } from "../client/session.js";
import { usageError } from "../errors.js";
import { type ValidateOptions, validateFile } from "../validate/validate-file.js";
import { loadKnownParticipants } from "./known-participants.js";
import { interruptedOutcome, invalidOutcome, type RowOutcome } from "./outcome.js";
import { runPool } from "./run-pool.js";
import { noRowsError, type RunStart } from "./run-validate.js";
import { sendRow } from "./send-row.js";
import { createTally, type RunSummary } from "./tally.js";

export interface ImportOptions extends ValidateOptions {
  file: string;
  /** The study's runtime URL (contract section 1, `serverName`). */
  serverUrl: string;
  /** Where the token endpoint lives, when not on the server's host. */
  authUrl?: string;
  studyOid: string;
  register?: boolean;
  /** Either a username and password, or a token the user already has (`OC_TOKEN`). */
  credentials?: Credentials;
  token?: string;
  concurrency?: number;
  timeoutMs?: number;
  retryPolicy?: RetryPolicy;
  onOutcome?: (outcome: RowOutcome) => void;
  /** Told once the file has been read, the login made and the study listed, before any write. */
  onStart?: (start: RunStart) => void;
  /** Told when the token endpoint asks to wait (two logins a minute, contract section 2). */
  onLoginWait?: (ms: number) => void;
  /** When aborted, no new row is sent; requests in flight finish; the rest end `skipped`. */
  signal?: AbortSignal;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Checks the whole file first (a file that cannot be read sends nothing), logs in once, reads
 * which participants exist, then posts the valid rows with bounded concurrency. Every row's
 * outcome is told through `onOutcome` as soon as it is known.
 */
export async function runImport(options: ImportOptions): Promise<RunSummary> {
  const start = await scanFile(options);

  const policy = options.retryPolicy ?? defaultRetryPolicy;
  const sleep = options.sleep ?? delay;
  const concurrency = options.concurrency ?? 4;
  const http = createHttpClient({
    timeoutMs: options.timeoutMs ?? 30_000,
    connections: concurrency,
  });

  try {
    const { credentials, token } = options;
    if (credentials === undefined && token === undefined) {
      throw usageError("No credentials: set OC_USERNAME and OC_PASSWORD, or OC_TOKEN.");
    }

    const authUrl = options.authUrl ?? options.serverUrl;
    const fetchToken = (given: Credentials) =>
      login({ http, authUrl, credentials: given, policy, sleep, onWait: options.onLoginWait });
    const session = createSession({ token, credentials, fetchToken });
    await session.authorization();

    const api = createParticipantApi({
      http,
      session,
      policy,
      sleep,
      serverUrl: options.serverUrl,
    });
    const known = await loadKnownParticipants(api, options.studyOid);
    const context = { api, known, studyOid: options.studyOid, register: options.register ?? false };
    options.onStart?.(start);

    const tally = createTally();
    const report = (outcome: RowOutcome) => {
      tally.add(outcome);
      options.onOutcome?.(outcome);
    };

    const stopped = () => options.signal?.aborted === true;
    const { rows } = await validateFile(options.file, options);
    await runPool(
      rows,
      concurrency,
      async (checked) => {
        report(
          checked.findings.length > 0 ? invalidOutcome(checked) : await sendRow(checked, context),
        );
      },
      stopped,
    );

    // Rows the run never reached still get their outcome, so the report covers every row and
    // a second run knows what is left.
    for await (const checked of rows) {
      report(checked.findings.length > 0 ? invalidOutcome(checked) : interruptedOutcome(checked));
    }

    return tally.summary();
  } finally {
    await http.close();
  }
}

/** Reads the file through once: a broken file stops here, before any login or request. */
async function scanFile(options: ImportOptions): Promise<RunStart> {
  const { columns, rows } = await validateFile(options.file, options);
  let count = 0;
  for await (const _ of rows) count++;

  if (count === 0) throw noRowsError(options.file);
  return { rows: count, ignoredColumns: columns.ignored };
}
