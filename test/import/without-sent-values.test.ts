import { describe, expect, it } from "vitest";
import { withoutSentValues } from "../../src/import/without-sent-values.js";

const body = {
  subjectKey: "HH-0001",
  firstName: "Zebulon",
  lastName: "Li",
  identifier: "SEC-99887",
  emailAddress: "zeb.qux@example.org",
  phoneNumber: "+1 6175550142",
};

describe("withoutSentValues", () => {
  it.each([
    {
      name: "each contact value, as sent",
      message: 'the server said: "bad email zeb.qux@example.org for Zebulon (SEC-99887)"',
      expected: 'the server said: "bad email [redacted] for [redacted] ([redacted])"',
    },
    {
      name: "a value in another case",
      message: "unknown ZEBULON",
      expected: "unknown [redacted]",
    },
    {
      name: "a short value only as a whole word",
      message: "Li is not Lisbon",
      expected: "[redacted] is not Lisbon",
    },
    {
      name: "a value cut off by the end of a shortened message",
      message: 'the server said: "phone +1 617555…',
      expected: 'the server said: "phone [redacted]…',
    },
    {
      name: "nothing when nothing was sent",
      message: "HTTP 502",
      expected: "HTTP 502",
    },
    {
      name: "the participant ID never, as reports carry it anyway",
      message: "HH-0001 refused",
      expected: "HH-0001 refused",
    },
  ])("takes out $name", ({ message, expected }) => {
    expect(withoutSentValues(message, body)).toBe(expected);
  });

  it("takes out a value whose spacing the message tidied", () => {
    const spaced = { ...body, firstName: "Mary  Ann" };

    expect(withoutSentValues("for Mary Ann", spaced)).toBe("for [redacted]");
  });
});
