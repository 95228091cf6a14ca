import { describe, expect, it } from "vitest";
import { hideOptionValues, refuseSecretFlags } from "../../src/cli/secret-flags.js";
import type { FatalError } from "../../src/errors.js";

function refusal(args: string[]): FatalError | undefined {
  try {
    refuseSecretFlags(args);
    return undefined;
  } catch (error) {
    return error as FatalError;
  }
}

describe("refuseSecretFlags", () => {
  it.each([
    { args: ["import", "f.csv", "--password=s3cret-x"], wants: "OC_PASSWORD" },
    { args: ["import", "f.csv", "--password", "s3cret-x"], wants: "OC_PASSWORD" },
    { args: ["import", "f.csv", "-p", "s3cret-x"], wants: "OC_PASSWORD" },
    { args: ["import", "f.csv", "-ps3cret-x"], wants: "OC_PASSWORD" },
    { args: ["plan", "f.csv", "--PASS=s3cret-x"], wants: "OC_PASSWORD" },
    { args: ["import", "f.csv", "--token=s3cret-x"], wants: "OC_TOKEN" },
  ])("refuses $args without repeating the value", ({ args, wants }) => {
    const error = refusal(args);

    expect(error?.code).toBe("usage");
    expect(error?.message).toContain(wants);
    expect(error?.message).not.toContain("s3cret-x");
  });

  it.each([
    ["import", "f.csv", "--password-stdin"],
    ["import", "f.csv", "--password-file", "pw.txt"],
    ["import", "f.csv", "--password-file=pw.txt"],
    ["import", "--", "-p.csv"],
  ])("lets %j through", (...args) => {
    expect(refusal(args)).toBeUndefined();
  });
});

describe("hideOptionValues", () => {
  it.each([
    {
      input: "error: unknown option '--pasword=s3cret-x'",
      expected: "error: unknown option '--pasword=[hidden]'",
    },
    { input: "error: unknown option '-xs3cret-x'", expected: "error: unknown option '-x[hidden]'" },
    { input: "error: unknown option '--pasword'", expected: "error: unknown option '--pasword'" },
    { input: "error: unknown option '-x'", expected: "error: unknown option '-x'" },
  ])("turns $input into $expected", ({ input, expected }) => {
    expect(hideOptionValues(input)).toBe(expected);
  });
});
