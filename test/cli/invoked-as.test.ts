import { describe, expect, it } from "vitest";
import { invokedAs } from "../../src/cli/invoked-as.js";

describe("invokedAs", () => {
  it.each([
    { script: "/usr/local/bin/oc-participants", expected: ["oc-participants"] },
    { script: "/repo/node_modules/.bin/oc-participants", expected: ["oc-participants"] },
    { script: undefined, expected: ["oc-participants"] },
    { script: "/repo/bin/oc-participants.js", expected: ["node", "bin/oc-participants.js"] },
    { script: "bin/oc-participants.js", expected: ["node", "bin/oc-participants.js"] },
    {
      script: "/elsewhere/bin/oc-participants.js",
      expected: ["node", "/elsewhere/bin/oc-participants.js"],
    },
  ])("shows $script as $expected", ({ script, expected }) => {
    expect(invokedAs(script, "/repo")).toEqual(expected);
  });
});
