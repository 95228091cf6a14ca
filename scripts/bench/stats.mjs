/** The middle value (the mean of the two middle ones for an even count). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function rate(rows, ms) {
  return (rows / ms) * 1000;
}

/** Whole numbers with thousands separators: rates, rows and megabytes read at a glance. */
export function formatNumber(value, digits = 0) {
  return value.toLocaleString("en-US", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

export function formatRatio(value) {
  return value.toFixed(2);
}

/**
 * A Markdown table, columns padded so that it reads in a terminal too. The first column is
 * aligned left, the others (numbers) right.
 */
export function renderTable(headers, rows) {
  const cells = [headers, ...rows].map((row) => row.map(String));
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => row[column].length)));
  const pad = (text, column) =>
    column === 0 ? text.padEnd(widths[column]) : text.padStart(widths[column]);
  const line = (row) => `| ${row.map(pad).join(" | ")} |`;
  const rule = `| ${widths.map((width, column) => (column === 0 ? "-".repeat(width) : `${"-".repeat(width - 1)}:`)).join(" | ")} |`;

  return [line(cells[0]), rule, ...cells.slice(1).map(line)].join("\n");
}
