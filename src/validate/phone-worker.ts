import { parentPort, workerData } from "node:worker_threads";
import type { CountryCode } from "libphonenumber-js";
import { normalisePhone } from "./phone.js";

/**
 * The worker thread behind `createPhoneChecker`: it checks lists of phone numbers and answers
 * each list with its results, in order. It holds no state but the default country.
 */
const defaultCountry = (workerData as { defaultCountry?: CountryCode }).defaultCountry;

parentPort?.on("message", ({ id, texts }: { id: number; texts: string[] }) => {
  parentPort?.postMessage({
    id,
    results: texts.map((text) => normalisePhone(text, defaultCountry)),
  });
});
