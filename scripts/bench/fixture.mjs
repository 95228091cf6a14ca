/**
 * The study the import benchmark loads into: two sites, no enrollment cap (so that no run is
 * refused for filling the study), Participate off, and one data manager. The sandbox starts
 * empty for each run, so every row is a `created`.
 */
export const studyOid = "S_BENCH(TEST)";

export const sites = [
  { oid: "S_BN_BOS(TEST)", code: "BOS" },
  { oid: "S_BN_LYON(TEST)", code: "LYO" },
];

export const credentials = { username: "bench.dm", password: "bench-dm" };

export const fixture = {
  studies: [
    {
      oid: studyOid,
      name: "Benchmark study (sandbox)",
      participantIdGeneration: "manual",
      sites: sites.map((site) => ({ oid: site.oid, name: `${site.code} (sandbox)` })),
    },
  ],
  users: [{ ...credentials, roles: [{ oid: studyOid, role: "data_manager" }] }],
  participants: [],
};

/** Far above anything a run needs: the contract's two logins a minute would stall the loop. */
export const tokenCallsPerMinute = 100_000;
