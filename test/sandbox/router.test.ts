import { describe, expect, it } from "vitest";
import { matchRoute } from "../../src/sandbox/router.js";

const api = "/pages/auth/api/clinicaldata/studies";

const cases = [
  { path: "/user-service/api/oauth/token", expected: { kind: "token" } },
  {
    path: `${api}/S_A%28TEST%29/sites/S_B%28TEST%29/participants`,
    expected: { kind: "site", studyOid: "S_A(TEST)", siteOid: "S_B(TEST)" },
  },
  {
    path: `${api}/S_A(TEST)/sites/S_B(TEST)/participants`,
    expected: { kind: "site", studyOid: "S_A(TEST)", siteOid: "S_B(TEST)" },
  },
  {
    path: `${api}/S_A%2FX/sites/S_B/participants`,
    expected: { kind: "site", studyOid: "S_A/X", siteOid: "S_B" },
  },
  { path: `${api}/S_A%28TEST%29/participants`, expected: { kind: "study", studyOid: "S_A(TEST)" } },
  { path: `${api}/S_A%E0%A4%A/participants`, expected: { kind: "badEncoding" } },
  { path: `${api}/S_A/sites/S_B/participants/bulk`, expected: { kind: "unknown" } },
  { path: `${api}/S_A/sites/S_B`, expected: { kind: "unknown" } },
  { path: `${api}//participants`, expected: { kind: "unknown" } },
  { path: `${api}/S_A/participants/`, expected: { kind: "unknown" } },
  { path: "/pages/auth/api/jobs/1/downloadFile", expected: { kind: "unknown" } },
  { path: "/", expected: { kind: "unknown" } },
];

describe("matchRoute", () => {
  it.each(cases)("matches $path", ({ path, expected }) => {
    expect(matchRoute(path)).toEqual(expected);
  });
});
