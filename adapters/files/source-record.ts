// The records every file reader hands to the importers: a raw value with the line it came from (so that
// errors name file, line and field), and a record an importer left out with the reason.

export interface SourceRecord {
  line: number;
  value: unknown;
}

/** A record left out of an import (an invalid address in a third-party list), with where and why. */
export interface RejectedRecord {
  line: number;
  field: string;
  reason: string;
  value?: unknown;
}
