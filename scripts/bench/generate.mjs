import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { sites } from "./fixture.mjs";

export const header = "Participant ID,Site OID,First Name,Last Name,Secondary ID,Email,Mobile";

/**
 * Writes a participant CSV as study teams make them: accented and non-Latin names, contact
 * fields often empty, phone numbers typed in several ways, a quoted name now and then. Every
 * `invalidEvery`-th row (20: 5%) is wrong in one of the ways the README lists, taken in turn,
 * so that validation takes its error paths as often as a real file would. Participant IDs
 * start with `prefix`, so that files made for different runs never share one. The same
 * options give the same file.
 */
export async function writeParticipantFile(path, options) {
  const { rows, prefix = "BN", invalidEvery = 20, seed = 1 } = options;
  const random = seededRandom(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const out = createWriteStream(path);
  let buffer = `${header}\n`;
  let invalid = 0;

  for (let index = 1; index <= rows; index++) {
    const row = makeRow(index, prefix, random, pick);

    if (invalidEvery > 0 && index % invalidEvery === 0) {
      damages[invalid % damages.length](row, index, prefix);
      invalid++;
    }

    buffer += `${formatRow(row)}\n`;

    if (buffer.length > 65_536) {
      if (!out.write(buffer)) await once(out, "drain");
      buffer = "";
    }
  }

  out.end(buffer);
  await once(out, "finish");
  return { rows, invalid };
}

function makeRow(index, prefix, random, pick) {
  const site = siteFor(index);
  const first = pick(firstNames);
  const last = pick(lastNames);
  const hasEmail = random() < 0.75;

  return {
    id: participantId(prefix, site.code, index),
    site: site.oid,
    first,
    last,
    secondary: random() < 0.7 ? `${site.code === "BOS" ? "MRN" : "IPP"}-${3_000_000 + index}` : "",
    email: hasEmail ? `${ascii(first)}.${ascii(last)}${index}@${pick(domains)}` : "",
    phone: random() < 0.8 ? phoneNumber(site.code, random, pick) : "",
    extra: false,
  };
}

/** Two rows in three at Boston, one at Lyon. */
function siteFor(index) {
  return sites[index % 3 === 0 ? 1 : 0];
}

function participantId(prefix, siteCode, index) {
  return `${prefix}-${siteCode}-${String(index).padStart(7, "0")}`;
}

/** One damage per invalid row, each a rule of the README's errorCode table. */
const damages = [
  (row) => {
    row.phone = "1.61755501E+10";
  },
  (row) => {
    row.email = "someone@localhost";
  },
  (row) => {
    row.last = "Rodríguez de la Fuente y Montenegro-Villalobos";
  },
  (row) => {
    row.id = "";
  },
  (row, index, prefix) => {
    // An earlier row's ID in lower case: the server would treat both as one participant.
    row.id = participantId(prefix, siteFor(index - 1).code, index - 1).toLowerCase();
  },
  (row) => {
    row.phone = "+16175550101.0";
  },
  (row) => {
    row.email = "two words@example.org";
  },
  (row) => {
    row.id = `<b>${row.id}</b>`;
  },
  (row) => {
    row.site = "Boston General";
  },
  (row) => {
    row.extra = true;
  },
];

const firstNames = [
  ..."Margaret Liam Élodie Théo Seán Zoë Hugo Fernanda Camille Mathéo Léa Björn Anaïs".split(" "),
  ..."Oluwaseun Kenji Priya Jean-Robert 芳".split(" "),
  "Thị Lan",
  "María José",
];

const lastNames = [
  ..."O'Brien Martin Bernard Donovan Murphy 王 Nguyễn Dubois Girard Rodríguez Moreau".split(" "),
  ..."Ortiz-Vélez Kaplan Lefèvre Pierre-Louis Gonçalves Adeyemi Lindqvist Sharma".split(" "),
  "Ó Súilleabháin",
  "Smith, Jr.",
];

const domains = ["example.org", "example.net", "example.com", "hospital.example.org"];

function phoneNumber(siteCode, random, pick) {
  const digits = (count) => String(Math.floor(random() * 10 ** count)).padStart(count, "0");

  if (siteCode === "BOS") {
    const area = pick(["617", "508", "857", "339", "781", "978"]);
    const exchange = String(200 + Math.floor(random() * 800));
    const line = digits(4);
    return pick([
      `+1 (${area}) ${exchange}-${line}`,
      `+1 ${area} ${exchange} ${line}`,
      `+1-${area}-${exchange}-${line}`,
      `+1${area}${exchange}${line}`,
    ]);
  }

  const pairs = [digits(2), digits(2), digits(2), digits(2)];
  const mobile = pick(["6", "7"]);
  return pick([
    `+33 ${mobile} ${pairs.join(" ")}`,
    `+33 (0)${mobile} ${pairs.join(" ")}`,
    `+33-${mobile}-${pairs.join("-")}`,
  ]);
}

function formatRow(row) {
  const cells = [row.id, row.site, row.first, row.last, row.secondary, row.email, row.phone];
  const line = cells.map(quote).join(",");
  // A stray delimiter: one field too many, which the reader refuses as malformed.
  return row.extra ? `${line},oops` : line;
}

function quote(cell) {
  return /[",\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

function ascii(name) {
  const plain = name
    .normalize("NFD")
    .replace(/[^A-Za-z]/g, "")
    .toLowerCase();
  return plain === "" ? "p" : plain;
}

/** mulberry32: small, fast, and good enough to make a file that looks mixed. */
function seededRandom(seed) {
  let state = seed >>> 0;

  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}
