import cliProgress from "cli-progress";
import type { OutcomeKind, RowOutcome } from "../import/outcome.js";

export interface Progress {
  start(total: number): void;
  tick(outcome: RowOutcome): void;
  stop(): void;
}

export interface ProgressOptions {
  stream: NodeJS.WriteStream;
  /** No progress at all (`--quiet`, or `--json`). */
  quiet: boolean;
  /** How often a plain line is written when the stream is not a terminal. */
  plainEveryMs?: number;
  now?: () => number;
}

const shown: Partial<Record<OutcomeKind, string>> = {
  created: "ok",
  updated: "ok",
  invalid: "invalid",
  conflict: "invalid",
  rejected: "rejected",
  failed: "failed",
  skipped: "failed",
};

/**
 * Progress of an import on stderr: a live bar at a terminal (rows done of total, rate, ETA and
 * counts), and for a CI log or a pipe a plain line every few seconds, with no escape codes.
 */
export function createProgress(options: ProgressOptions): Progress {
  if (options.quiet) return { start() {}, tick() {}, stop() {} };
  return options.stream.isTTY === true ? barProgress(options.stream) : plainProgress(options);
}

function barProgress(stream: NodeJS.WriteStream): Progress {
  const counts = { ok: 0, invalid: 0, rejected: 0, failed: 0 };
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format:
        "{bar} {value}/{total} rows | {rate}/s | ETA {eta_formatted} | ok {ok} invalid {invalid} rejected {rejected} failed {failed}",
      hideCursor: true,
      etaBuffer: 200,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  let done = 0;

  const rate = () => Math.round(done / Math.max(0.001, (Date.now() - started) / 1000));

  return {
    start: (total) => bar.start(total, 0, { ...counts, rate: 0 }),
    tick(outcome) {
      done++;
      const key = shown[outcome.outcome];
      if (key !== undefined) counts[key as keyof typeof counts]++;
      bar.update(done, { ...counts, rate: rate() });
    },
    stop: () => bar.stop(),
  };
}

function plainProgress(options: ProgressOptions): Progress {
  const now = options.now ?? Date.now;
  const every = options.plainEveryMs ?? 5000;
  const counts = { ok: 0, invalid: 0, rejected: 0, failed: 0 };
  let total = 0;
  let done = 0;
  let started = now();
  let lastLine = started;

  const write = () => {
    const seconds = Math.max(0.001, (now() - started) / 1000);
    const rate = Math.round(done / seconds);
    const parts = Object.entries(counts).map(([name, count]) => `${name} ${count}`);
    options.stream.write(`progress: ${done}/${total} rows, ${rate}/s, ${parts.join(", ")}\n`);
  };

  return {
    start(rows) {
      total = rows;
      started = now();
      lastLine = started;
    },
    tick(outcome) {
      done++;
      const key = shown[outcome.outcome];
      if (key !== undefined) counts[key as keyof typeof counts]++;
      if (now() - lastLine >= every) {
        lastLine = now();
        write();
      }
    },
    stop() {},
  };
}
