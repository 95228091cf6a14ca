import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { CountryCode } from "libphonenumber-js";
import { normalisePhone, type PhoneResult } from "./phone.js";

/**
 * Checks phone numbers a list at a time. libphonenumber-js takes about 10 µs a number, more
 * than reading the row it came from, so for a large file the numbers are checked on a worker
 * thread while the main thread reads and checks the rows that follow (BENCHMARKS.md). The
 * answers are the same either way: both call `normalisePhone`.
 */
export interface PhoneChecker {
  check(texts: string[]): Promise<PhoneResult[]>;
  close(): Promise<void>;
  /** Whether the numbers are checked on a worker thread. */
  readonly threaded: boolean;
}

export interface PhoneCheckerOptions {
  defaultCountry?: CountryCode;
  /** On a worker thread, when the compiled worker is there (not when run from the sources). */
  threaded: boolean;
}

const workerFile = fileURLToPath(new URL("./phone-worker.js", import.meta.url));

export function createPhoneChecker(options: PhoneCheckerOptions): PhoneChecker {
  if (options.threaded && existsSync(workerFile)) return threadedChecker(options.defaultCountry);

  return {
    check: async (texts) => texts.map((text) => normalisePhone(text, options.defaultCountry)),
    close: async () => {},
    threaded: false,
  };
}

interface Pending {
  resolve: (results: PhoneResult[]) => void;
  reject: (error: Error) => void;
}

function threadedChecker(defaultCountry: CountryCode | undefined): PhoneChecker {
  const worker = new Worker(workerFile, {
    workerData: { defaultCountry },
    // Its garbage is short-lived: a small young generation keeps its memory small.
    resourceLimits: { maxYoungGenerationSizeMb: 4 },
  });
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let failure: Error | undefined;

  // The worker keeps the process alive only while an answer is awaited, so that a reader
  // abandoned half-way never holds the process open.
  worker.unref();
  const settle = (id: number) => {
    const waiting = pending.get(id);
    pending.delete(id);
    if (pending.size === 0) worker.unref();
    return waiting;
  };

  worker.on("message", ({ id, results }: { id: number; results: PhoneResult[] }) => {
    settle(id)?.resolve(results);
  });
  const fail = (error: Error) => {
    failure = error;
    for (const id of [...pending.keys()]) settle(id)?.reject(error);
  };
  worker.on("error", fail);
  worker.on("exit", () => fail(new Error("The phone-number worker thread stopped.")));

  return {
    threaded: true,
    check(texts) {
      if (failure !== undefined) return Promise.reject(failure);
      if (texts.length === 0) return Promise.resolve([]);

      const id = nextId++;
      const answer = new Promise<PhoneResult[]>((resolve, reject) => {
        pending.set(id, { resolve, reject });
      });
      worker.ref();
      worker.postMessage({ id, texts });
      return answer;
    },
    async close() {
      worker.removeAllListeners("exit");
      await worker.terminate();
    },
  };
}
