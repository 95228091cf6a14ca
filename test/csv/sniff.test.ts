import { describe, expect, it } from "vitest";
import { type Layout, sniffLayout } from "../../src/csv/sniff.js";

const cases: { name: string; input: { head: string; forced?: string }; expected: Layout }[] = [
  {
    name: "a comma header",
    input: { head: "Participant ID,Email\nP-1,a@example.org\n" },
    expected: {
      delimiter: ",",
      text: "Participant ID,Email\nP-1,a@example.org\n",
      skippedLines: 0,
    },
  },
  {
    name: "a semicolon header",
    input: { head: "Participant ID;Email\n" },
    expected: { delimiter: ";", text: "Participant ID;Email\n", skippedLines: 0 },
  },
  {
    name: "a tab header",
    input: { head: "Participant ID\tEmail\n" },
    expected: { delimiter: "\t", text: "Participant ID\tEmail\n", skippedLines: 0 },
  },
  {
    name: "a pipe header",
    input: { head: "Participant ID|Email|Mobile\n" },
    expected: { delimiter: "|", text: "Participant ID|Email|Mobile\n", skippedLines: 0 },
  },
  {
    name: "a semicolon header whose quoted names hold commas",
    input: { head: '"Name, first";"Name, last";ID\n' },
    expected: { delimiter: ";", text: '"Name, first";"Name, last";ID\n', skippedLines: 0 },
  },
  {
    name: "a header where semicolons outnumber commas",
    input: { head: "A;B;C,D\n" },
    expected: { delimiter: ";", text: "A;B;C,D\n", skippedLines: 0 },
  },
  {
    name: "a tie, which goes to the comma",
    input: { head: "A;B,C\n" },
    expected: { delimiter: ",", text: "A;B,C\n", skippedLines: 0 },
  },
  {
    name: "a single column, read as commas",
    input: { head: "Participant ID\nP-1;x;y\n" },
    expected: { delimiter: ",", text: "Participant ID\nP-1;x;y\n", skippedLines: 0 },
  },
  {
    name: "only the first line deciding, with CR line endings",
    input: { head: "A;B\rC,D,E,F\r" },
    expected: { delimiter: ";", text: "A;B\rC,D,E,F\r", skippedLines: 0 },
  },
  {
    name: "an empty file",
    input: { head: "" },
    expected: { delimiter: ",", text: "", skippedLines: 0 },
  },
  {
    name: "Excel's sep=; line with CRLF",
    input: { head: "sep=;\r\nA,B,C;D\r\n" },
    expected: { delimiter: ";", text: "A,B,C;D\r\n", skippedLines: 1 },
  },
  {
    name: "a SEP=| line in capitals",
    input: { head: "SEP=|\nA|B\n" },
    expected: { delimiter: "|", text: "A|B\n", skippedLines: 1 },
  },
  {
    name: "a sep= line naming a tab, with a CR",
    input: { head: "sep=\t\rA\tB\r" },
    expected: { delimiter: "\t", text: "A\tB\r", skippedLines: 1 },
  },
  {
    name: "a sep= line with trailing spaces",
    input: { head: "sep=, \nA,B\n" },
    expected: { delimiter: ",", text: "A,B\n", skippedLines: 1 },
  },
  {
    name: "a sep= line and nothing else",
    input: { head: "sep=;" },
    expected: { delimiter: ";", text: "", skippedLines: 1 },
  },
  {
    name: "a header that starts with sep but is no sep= line",
    input: { head: "sepal;petal\n" },
    expected: { delimiter: ";", text: "sepal;petal\n", skippedLines: 0 },
  },
  {
    name: "a forced delimiter over the header's",
    input: { head: "A;B,C,D\n", forced: ";" },
    expected: { delimiter: ";", text: "A;B,C,D\n", skippedLines: 0 },
  },
  {
    name: "a forced delimiter over a sep= line, which is still dropped",
    input: { head: "sep=;\nA|B\n", forced: "|" },
    expected: { delimiter: "|", text: "A|B\n", skippedLines: 1 },
  },
];

describe("sniffLayout", () => {
  it.each(cases)("reads $name", ({ input, expected }) => {
    const { head, forced } = input;

    const layout = sniffLayout(head, forced);

    expect(layout).toEqual(expected);
  });
});
