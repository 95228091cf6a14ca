/**
 * Remembers each key's first row, for the duplicate participant ID check.
 *
 * A `Map<string, number>` holding a million IDs costs about 55-60 MB of V8 heap, and more while
 * the collector catches up. This index keeps the same facts in about 34 MB, almost all of it in
 * typed arrays off the V8 heap. Lookups compare the actual characters, never just a hash, so
 * two different IDs are never reported as duplicates.
 */
export interface FirstRowIndex {
  /** Records `row` for `key` if the key is new and returns undefined; otherwise returns the row first recorded for it (and records nothing). */
  firstRow(key: string, row: number): number | undefined;
  readonly size: number;
}

/**
 * Creates an empty index. Keys are compared exactly as given (the caller lower-cases participant
 * IDs first); rows must fit in an int32.
 */
export function createFirstRowIndex(): FirstRowIndex {
  return new ByteKeyIndex();
}

const EMPTY = -1;
const NOT_LATIN1 = -1;

/**
 * Keys whose characters all fit in a byte (IDs are ASCII in practice) are stored one byte per
 * character in an arena, found through an open-addressing table with linear probing. A key with
 * any character past U+00FF goes to a small Map instead, which stays exact too.
 */
class ByteKeyIndex implements FirstRowIndex {
  #bytes = new Uint8Array(1 << 16);
  /** Entry numbers by slot; the table is kept at most half full, so probe runs stay short. */
  #slots = new Int32Array(1 << 10).fill(EMPTY);
  #shift = 32 - 10;
  /** Entry `n`'s characters are `#bytes` from `#starts[n]` up to `#starts[n + 1]`. */
  #starts = new Int32Array(1 << 9);
  #rows = new Int32Array(1 << 9);
  #count = 0;
  #wideKeys = new Map<string, number>();

  get size(): number {
    return this.#count + this.#wideKeys.size;
  }

  firstRow(key: string, row: number): number | undefined {
    const hash = hashLatin1(key);
    if (hash === NOT_LATIN1) return this.#firstWideRow(key, row);

    const mask = this.#slots.length - 1;
    let slot = this.#slotOf(hash);
    let entry = this.#entryAt(slot);
    while (entry !== EMPTY) {
      if (this.#holds(entry, key)) return this.#rows[entry];
      slot = (slot + 1) & mask;
      entry = this.#entryAt(slot);
    }

    this.#append(key, row);
    this.#slots[slot] = this.#count - 1;
    if (this.#count > this.#slots.length / 2) this.#growSlots();
    return undefined;
  }

  #firstWideRow(key: string, row: number): number | undefined {
    const first = this.#wideKeys.get(key);
    if (first === undefined) this.#wideKeys.set(key, row);
    return first;
  }

  /** Fibonacci hashing: the top bits of the product depend on every bit of the hash. */
  #slotOf(hash: number): number {
    return Math.imul(hash, 0x9e3779b1) >>> this.#shift;
  }

  #entryAt(slot: number): number {
    return this.#slots[slot] ?? EMPTY;
  }

  #holds(entry: number, key: string): boolean {
    const start = this.#starts[entry] ?? 0;
    const end = this.#starts[entry + 1] ?? 0;
    if (end - start !== key.length) return false;

    for (let i = 0; i < key.length; i++) {
      if (this.#bytes[start + i] !== key.charCodeAt(i)) return false;
    }
    return true;
  }

  #append(key: string, row: number): void {
    const entry = this.#count;
    const start = this.#starts[entry] ?? 0;
    const end = start + key.length;

    if (entry + 2 > this.#starts.length) {
      this.#starts = grown(this.#starts, this.#starts.length * 2);
      this.#rows = grown(this.#rows, this.#rows.length * 2);
    }

    let byteLength = this.#bytes.length;
    while (byteLength < end) byteLength *= 2;
    if (byteLength > this.#bytes.length) this.#bytes = grown(this.#bytes, byteLength);

    for (let i = 0; i < key.length; i++) this.#bytes[start + i] = key.charCodeAt(i);
    this.#starts[entry + 1] = end;
    this.#rows[entry] = row;
    this.#count++;
  }

  /** Doubles the table and puts every entry back, rehashing its stored bytes. */
  #growSlots(): void {
    this.#slots = new Int32Array(this.#slots.length * 2).fill(EMPTY);
    this.#shift--;
    const mask = this.#slots.length - 1;

    for (let entry = 0; entry < this.#count; entry++) {
      const hash = hashBytes(this.#bytes, this.#starts[entry] ?? 0, this.#starts[entry + 1] ?? 0);
      let slot = this.#slotOf(hash);
      while (this.#entryAt(slot) !== EMPTY) slot = (slot + 1) & mask;
      this.#slots[slot] = entry;
    }
  }
}

/** 32-bit FNV-1a over the key's char codes, or NOT_LATIN1 if one is past U+00FF. */
function hashLatin1(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    if (code > 0xff) return NOT_LATIN1;
    hash = Math.imul(hash ^ code, 0x01000193);
  }
  return hash >>> 0;
}

/** The same hash as `hashLatin1`, over a key already stored as bytes. */
function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ (bytes[i] ?? 0), 0x01000193);
  return hash >>> 0;
}

function grown<T extends Uint8Array | Int32Array>(array: T, length: number): T {
  const copy = new (array.constructor as new (length: number) => T)(length);
  copy.set(array);
  return copy;
}
