// Fast reader for the data file in exactly the layout DurableJsonFile writes (one record per line): each record
// is parsed from its own line of bytes, so the whole file never exists as one big string (about 50 MB less peak
// memory at 100k users). Any other layout (a file reformatted by hand, say) returns null and is parsed as JSON.

/** The same value JSON.parse would return for this file, or null when the file is not in the written layout. */
export function parseRecordLines(bytes: Buffer): unknown | null {
  try {
    return parseLayout(new LineReader(bytes));
  } catch {
    return null; // a line that is not valid JSON: let the whole-file parse report it
  }
}

function parseLayout(lines: LineReader): unknown | null {
  if (lines.next() !== '{') return null;
  const version = /^ {2}"version": (0|[1-9]\d*),$/.exec(lines.next() ?? '');
  const seq = /^ {2}"seq": (0|[1-9]\d*),$/.exec(lines.next() ?? '');
  if (!version || !seq) return null;
  const collections: Record<string, Record<string, unknown>> = {};
  let line = lines.next();
  if (line === '  "collections": {') {
    line = lines.next();
    let more = line !== '  }';
    while (more) {
      // `    "name": {` opens a collection with records; `    "name": {}` (plus a comma unless last) is an empty one.
      const head = line === undefined ? null : /^ {4}("(?:[^"\\]|\\.)*"): \{(\}?)(,?)$/.exec(line);
      if (!head) return null;
      const records: Record<string, unknown> = {};
      setOwn(collections, JSON.parse(head[1]!) as string, records);
      if (head[2] === '}') {
        more = head[3] === ',';
      } else {
        if (head[3] === ',') return null;
        for (let comma = true; comma; ) {
          const record = parseRecordLine(lines.next());
          if (!record) return null;
          setOwn(records, record.key, record.value);
          comma = record.comma;
        }
        const close = lines.next();
        if (close !== '    },' && close !== '    }') return null;
        more = close === '    },';
      }
      line = lines.next();
    }
    if (line !== '  }') return null;
    line = lines.next();
  } else if (line === '  "collections": {}') {
    line = lines.next();
  } else {
    return null;
  }
  if (line !== '}') return null;
  const rest = lines.next();
  if ((rest !== undefined && rest !== '') || lines.next() !== undefined) return null;
  return { version: Number(version[1]), seq: Number(seq[1]), collections };
}

/** `      "key": <json>` with an optional trailing comma. */
function parseRecordLine(line: string | undefined): { key: string; value: unknown; comma: boolean } | null {
  if (line === undefined || !line.startsWith('      "')) return null;
  const keyEnd = closingQuote(line, 7);
  if (keyEnd < 0 || line[keyEnd + 1] !== ':' || line[keyEnd + 2] !== ' ') return null;
  const key = JSON.parse(line.slice(6, keyEnd + 1)) as string;
  // A complete JSON value never ends in a comma, so a trailing one can only be the separator.
  const comma = line.endsWith(',');
  return { key, value: JSON.parse(line.slice(keyEnd + 3, comma ? -1 : undefined)), comma };
}

function closingQuote(line: string, from: number): number {
  for (let i = from; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x22) return i;
  }
  return -1;
}

/** Adds an own property even for "__proto__", as JSON.parse does. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

class LineReader {
  private start = 0;
  constructor(private readonly bytes: Buffer) {}

  /** The next line without its newline; undefined past the end. */
  next(): string | undefined {
    if (this.start > this.bytes.length) return undefined;
    let end = this.bytes.indexOf(0x0a, this.start);
    if (end < 0) end = this.bytes.length;
    const line = this.bytes.toString('utf8', this.start, end);
    this.start = end + 1;
    return line;
  }
}
