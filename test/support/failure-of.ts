import { FatalError } from "../../src/errors.js";

/** The FatalError that `act` rejects with; fails the test if it resolves or throws anything else. */
export async function failureOf(act: () => Promise<unknown>): Promise<FatalError> {
  const error = await act().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof FatalError)) throw new Error(`expected a FatalError, got ${error}`);
  return error;
}
