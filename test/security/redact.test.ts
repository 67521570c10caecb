// Table test of the one redaction rule (src/redact.ts) over the URL forms that carry credentials.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { redactText, redactUrl } from '../../src/redact.js';

interface Row {
  description: string;
  input: string;
  expected: string;
}
const table = JSON.parse(readFileSync(new URL('../fixtures/redact/urls.json', import.meta.url), 'utf8')) as { valid: Row[]; text: Row[]; node: Row[] };

describe('redactUrl', () => {
  for (const row of table.valid) {
    it(row.description, () => {
      expect(redactUrl(row.input)).toBe(row.expected);
    });
  }
});

describe('redactText', () => {
  for (const row of table.text) {
    it(row.description, () => {
      expect(redactText(row.input)).toBe(row.expected);
    });
  }
});

describe('redactUrl of a node URL (every long path segment is a key)', () => {
  for (const row of table.node) {
    it(row.description, () => {
      expect(redactUrl(row.input, { nodeUrl: true })).toBe(row.expected);
    });
  }
});
