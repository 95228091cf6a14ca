/** The delimiters a participant file may use, most common first (the tie-breaker). */
export const candidateDelimiters = [",", ";", "\t", "|"] as const;

export interface Layout {
  delimiter: string;
  /** The text to parse: the head without Excel's `sep=` line, when there was one. */
  text: string;
  /** Lines removed from the top (Excel's `sep=` line), so reported lines stay true. */
  skippedLines: number;
}

/**
 * Works out the delimiter from the start of the file. Excel writes a first line `sep=;` when
 * it saves with a non-default separator; otherwise the header line decides: the candidate
 * that splits it into the most fields, quoted parts aside. `forced` (from `--delimiter`) wins.
 */
export function sniffLayout(head: string, forced?: string): Layout {
  const sep = /^sep=(.)[ \t]*(\r\n|\n|\r|$)/i.exec(head);
  const text = sep === null ? head : head.slice(sep[0].length);
  const skippedLines = sep === null ? 0 : 1;

  if (forced !== undefined) return { delimiter: forced, text, skippedLines };
  if (sep?.[1] !== undefined) return { delimiter: sep[1], text, skippedLines };

  return { delimiter: countBest(firstLine(text)), text, skippedLines };
}

function firstLine(text: string): string {
  const end = text.search(/\r|\n/);
  return end === -1 ? text : text.slice(0, end);
}

function countBest(line: string): string {
  const unquoted = line.replace(/"[^"]*"/g, "");
  let best: string = candidateDelimiters[0];
  let bestCount = 0;

  for (const candidate of candidateDelimiters) {
    const count = unquoted.split(candidate).length - 1;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }

  return best;
}
