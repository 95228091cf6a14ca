import { describe, expect, it } from "vitest";
import {
  encodeOid,
  isWellFormedOid,
  siteParticipantsPath,
  studyParticipantsPath,
  tokenPath,
} from "../../src/contract/paths.js";

describe("encodeOid", () => {
  it.each([
    {
      name: "percent-encodes the environment's parentheses",
      input: "S_JUNO(TEST)",
      expected: "S_JUNO%28TEST%29",
    },
    { name: "leaves a plain OID alone", input: "S_JUNO", expected: "S_JUNO" },
    { name: "keeps _ . - as they are", input: "S_A-B.C_D(PROD)", expected: "S_A-B.C_D%28PROD%29" },
    { name: "encodes a space", input: "S_X(MY ENV)", expected: "S_X%28MY%20ENV%29" },
    { name: "encodes a slash, so an OID stays one segment", input: "S_A/B", expected: "S_A%2FB" },
    { name: "encodes every parenthesis", input: "((x))", expected: "%28%28x%29%29" },
  ])("$name", ({ input, expected }) => {
    const encoded = encodeOid(input);

    expect(encoded).toBe(expected);
  });
});

describe("path builders", () => {
  it.each([
    {
      name: "the site path encodes both OIDs",
      input: () => siteParticipantsPath("S_JUNO(TEST)", "S_OHIO(TEST)"),
      expected:
        "/pages/auth/api/clinicaldata/studies/S_JUNO%28TEST%29/sites/S_OHIO%28TEST%29/participants",
    },
    {
      name: "the site path takes the study OID in the site's place",
      input: () => siteParticipantsPath("S_JUNO(TEST)", "S_JUNO(TEST)"),
      expected:
        "/pages/auth/api/clinicaldata/studies/S_JUNO%28TEST%29/sites/S_JUNO%28TEST%29/participants",
    },
    {
      name: "the study path encodes the study OID",
      input: () => studyParticipantsPath("S_JUNO(PROD)"),
      expected: "/pages/auth/api/clinicaldata/studies/S_JUNO%28PROD%29/participants",
    },
    {
      name: "the token path is the user service's",
      input: () => tokenPath,
      expected: "/user-service/api/oauth/token",
    },
  ])("$name", ({ input, expected }) => {
    const path = input();

    expect(path).toBe(expected);
  });
});

describe("isWellFormedOid", () => {
  it.each([
    { name: "an OID with an environment", input: "S_JUNO(TEST)", expected: true },
    { name: "an OID without an environment", input: "S_JUNO", expected: true },
    { name: "dots and hyphens", input: "S_A-B.C", expected: true },
    { name: "an environment with a space", input: "S_X(MY ENV)", expected: true },
    {
      name: "40 characters before the environment",
      input: `${"S".repeat(40)}(TEST)`,
      expected: true,
    },
    { name: "41 characters", input: "S".repeat(41), expected: false },
    { name: "an empty string", input: "", expected: false },
    { name: "a space in the OID", input: "S JUNO", expected: false },
    { name: "an unclosed environment", input: "S_JUNO(TEST", expected: false },
    { name: "an empty environment", input: "S_JUNO()", expected: false },
    { name: "a slash", input: "S_A/B", expected: false },
    { name: "a site name instead of an OID", input: "Boston General", expected: false },
  ])("$name is $expected", ({ input, expected }) => {
    const wellFormed = isWellFormedOid(input);

    expect(wellFormed).toBe(expected);
  });
});
