/**
 * Recognises files that are not CSV text from their first bytes, so that a workbook, a PDF or
 * a compressed file is refused by name instead of being parsed into a meaningless header.
 * The signatures are the formats' own magic numbers (ZIP local file header, OLE compound
 * file, `%PDF-`, gzip RFC 1952, PNG, JPEG).
 */
export type FileKind =
  | "xlsx"
  | "docx"
  | "ods"
  | "odt"
  | "zip"
  | "ole"
  | "pdf"
  | "gzip"
  | "image"
  | "utf16"
  | "binary";

interface Signature {
  kind: FileKind;
  bytes: number[];
}

const signatures: Signature[] = [
  { kind: "zip", bytes: [0x50, 0x4b, 0x03, 0x04] },
  { kind: "zip", bytes: [0x50, 0x4b, 0x05, 0x06] },
  { kind: "ole", bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
  { kind: "pdf", bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { kind: "gzip", bytes: [0x1f, 0x8b] },
  { kind: "image", bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { kind: "image", bytes: [0xff, 0xd8, 0xff] },
];

/**
 * Office files are ZIP archives; the names of the first entries, stored uncompressed in their
 * local headers, say which program wrote them (ECMA-376 part 2, ODF 1.2 section 3.3).
 */
const zipContents: { kind: FileKind; marker: string }[] = [
  { kind: "ods", marker: "application/vnd.oasis.opendocument.spreadsheet" },
  { kind: "odt", marker: "application/vnd.oasis.opendocument.text" },
  { kind: "xlsx", marker: "xl/" },
  { kind: "docx", marker: "word/" },
];

const descriptions: Record<FileKind, { looksLike: string; fix: string }> = {
  xlsx: {
    looksLike: "an Excel workbook (.xlsx)",
    fix: "In Excel: File > Save As > CSV UTF-8.",
  },
  docx: {
    looksLike: "a Word document (.docx)",
    fix: "Export the participant table from a spreadsheet as CSV UTF-8.",
  },
  ods: {
    looksLike: "a LibreOffice spreadsheet (.ods)",
    fix: "In LibreOffice Calc: File > Save As, file type Text CSV, character set UTF-8.",
  },
  odt: {
    looksLike: "a LibreOffice text document (.odt)",
    fix: "Export the participant table from a spreadsheet as CSV UTF-8.",
  },
  zip: {
    looksLike: "a ZIP archive",
    fix: "Unzip it and pass the CSV file inside.",
  },
  ole: {
    looksLike: "an Excel 97-2003 workbook (.xls) or another old Office file",
    fix: "In Excel: File > Save As > CSV UTF-8.",
  },
  pdf: {
    looksLike: "a PDF document",
    fix: "Pass the CSV the participant list was exported as, not a printout of it.",
  },
  gzip: {
    looksLike: "a gzip-compressed file",
    fix: "Decompress it (gunzip) and pass the CSV file inside.",
  },
  image: {
    looksLike: "an image",
    fix: "Pass the participant list as a CSV file.",
  },
  utf16: {
    looksLike: "UTF-16 text without a byte order mark",
    fix: "Pass --encoding utf-16le (or utf-16be), or save the file as CSV UTF-8.",
  },
  binary: {
    looksLike: "a binary file (it holds NUL bytes)",
    fix: "Pass the participant list as a CSV file; if it is UTF-16 text, pass --encoding utf-16.",
  },
};

/**
 * The kind of a file that is not CSV text, from its first chunk, or undefined for text.
 * `multiByteEncoding` is set when the bytes are to be read as UTF-16 or UTF-32, where NUL bytes
 * are ordinary.
 */
export function detectFileKind(head: Buffer, multiByteEncoding: boolean): FileKind | undefined {
  const signature = signatures.find(({ bytes }) => bytes.every((byte, at) => head[at] === byte));
  if (signature?.kind === "zip") return zipKind(head);
  if (signature !== undefined) return signature.kind;
  if (multiByteEncoding || !head.includes(0)) return undefined;

  return looksLikeUtf16(head) ? "utf16" : "binary";
}

/** The sentence that refuses a file of this kind: what it looks like and how to get a CSV. */
export function describeFileKind(path: string, kind: FileKind): string {
  const { looksLike, fix } = descriptions[kind];
  return `${path} looks like ${looksLike}, not a CSV. Nothing was sent. ${fix}`;
}

function zipKind(head: Buffer): FileKind {
  const text = head.toString("latin1");
  return zipContents.find(({ marker }) => text.includes(marker))?.kind ?? "zip";
}

/**
 * ASCII text in UTF-16 has a NUL in every other byte. Most of the pairs looking that way,
 * rather than all of them, allows for a few non-ASCII letters.
 */
function looksLikeUtf16(head: Buffer): boolean {
  const pairs = Math.floor(Math.min(head.length, 4096) / 2);
  let even = 0;
  let odd = 0;

  for (let pair = 0; pair < pairs; pair++) {
    if (head[pair * 2] === 0) even++;
    if (head[pair * 2 + 1] === 0) odd++;
  }

  return pairs > 0 && Math.max(even, odd) >= pairs * 0.6 && Math.min(even, odd) < pairs * 0.1;
}
