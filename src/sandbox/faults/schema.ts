import { z } from "zod";

const share = z.number().min(0).max(1);

const milliseconds = z.number().nonnegative();

const latencyRange = z
  .strictObject({ min: milliseconds, max: milliseconds })
  .refine((range) => range.min <= range.max, { message: "min must not be above max" });

const burstSchema = z.strictObject({
  every: z.int().positive(),
  length: z.int().positive(),
  retryAfterSeconds: z.int().nonnegative().default(1),
  retryAfterAsDate: z.boolean().default(false),
});

/**
 * The faults a sandbox injects, from `SandboxOptions.faults` or a fixture's `faults` key. Every
 * key is optional and no fault is the default, so a sandbox behaves like a healthy server until
 * asked otherwise.
 *
 * ```jsonc
 * {
 *   "latencyMs": 50,                 // or { "min": 20, "max": 200 }, drawn per request
 *   "share503": 0.05,                // shares are fractions of requests, 0 to 1, and
 *   "share500": 0.01,                // together may not pass 1
 *   "resetBeforeShare": 0.01,
 *   "resetAfterShare": 0.01,
 *   "loseResponseShare": 0.01,
 *   "burst429": { "every": 200, "length": 20, "retryAfterSeconds": 1, "retryAfterAsDate": false },
 *   "includeTokenRoute": false,      // default: the token endpoint keeps only its own 429
 *   "seed": 1                        // the same seed gives the same faults in the same order
 * }
 * ```
 *
 * Which fault a request gets, and in which order they win, is decided in one place:
 * `decideFault` in `decide.ts`.
 */
export const faultsSchema = z.strictObject({
  latencyMs: z
    .union([milliseconds, latencyRange], {
      error: 'expected milliseconds, such as 50, or a range such as { "min": 20, "max": 200 }',
    })
    .optional(),
  share503: share.optional(),
  share500: share.optional(),
  resetBeforeShare: share.optional(),
  resetAfterShare: share.optional(),
  loseResponseShare: share.optional(),
  burst429: burstSchema.optional(),
  includeTokenRoute: z.boolean().optional(),
  seed: z.int().min(0).max(0xffff_ffff).optional(),
});

/** The faults as given (defaults not yet filled in). */
export type SandboxFaults = z.input<typeof faultsSchema>;

/** The faults after checking; `burst429` has its defaults. */
export type CheckedFaults = z.output<typeof faultsSchema>;
