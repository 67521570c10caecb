// CSV lines (RFC 4180): a field is quoted when it holds a comma, a quote or a line break, with quotes
// doubled; LF line endings. Written line by line so big tables stream to disk.

function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One CSV line, with its LF. */
export function csvLine(fields: readonly string[]): string {
  return `${fields.map(field).join(',')}\n`;
}

/** Groups lines into chunks of about `size` lines, for fewer, larger writes. */
export function* chunkLines(lines: Iterable<string>, size = 2000): Generator<string> {
  let batch: string[] = [];
  for (const line of lines) {
    batch.push(line);
    if (batch.length >= size) {
      yield batch.join('');
      batch = [];
    }
  }
  if (batch.length > 0) yield batch.join('');
}
