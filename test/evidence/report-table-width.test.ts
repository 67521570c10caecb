// PDF table column widths (src/evidence/report-pdf.ts columnWants): in proportion to the longest text of
// each column, capped at 70 characters. Regression (found by the 10^5-transfer export bench, issue 19):
// the widths spread every row into Math.max, which overflowed the call stack on a statement with 10^5
// rows and made `export` of a big case fail.

import { describe, expect, it } from 'vitest';
import { columnWants } from '../../src/evidence/report-pdf.js';

describe('PDF table column widths', () => {
  it('follow the longest text, capped at 70, plus 2', () => {
    const t = { columns: ['id', 'address'], rows: [['1', 'x'.repeat(100)], ['12345', 'y']] };
    expect(columnWants(t)).toEqual([7, 72]);
  });

  it('are computed for 300,000 rows without overflowing the stack', () => {
    const rows = Array.from({ length: 300_000 }, (_, i) => [String(i), 'ab']);
    expect(columnWants({ columns: ['n', 'v'], rows })).toEqual([8, 4]);
  });
});
