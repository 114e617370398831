import { describe, expect, it } from 'vitest';
import { ParseError, parseCsv } from '../src/index.js';

describe('parseCsv', () => {
  it('reads numbers without a header, LF or CRLF, skipping blank lines', () => {
    for (const eol of ['\n', '\r\n']) {
      const t = parseCsv(['1,2.5,-3', ' 4 , 5e2 ,.5', '', '7,8,9', ''].join(eol));
      expect(t.header).toBeUndefined();
      expect([t.rows, t.columns]).toEqual([3, 3]);
      expect([...t.data]).toEqual([1, 2.5, -3, 4, 500, 0.5, 7, 8, 9]);
    }
  });

  it('detects a header, or takes the option', () => {
    const t = parseCsv('"a",b\n1,2\n');
    expect(t.header).toEqual(['a', 'b']);
    expect([...t.data]).toEqual([1, 2]);
    const forced = parseCsv('1,2\n3,4', { header: true });
    expect(forced.header).toEqual(['1', '2']);
    expect(forced.rows).toBe(1);
    expect(() => parseCsv('a,b\n1,2', { header: false })).toThrow(
      /line 1 \(data row 1\), column 1/,
    );
  });

  it('names the line, row and column of a missing, extra, empty or non-numeric field', () => {
    const src = { source: 'd.csv' };
    expect(() => parseCsv('x,y\n1,2\n3\n', src)).toThrow(
      /d\.csv: line 3 \(data row 2\): expected 2 fields, found 1: column 2 \("y"\) is missing/,
    );
    expect(() => parseCsv('1,2\n3,4,5', src)).toThrow(/line 2 \(data row 2\).*extra field "5"/);
    expect(() => parseCsv('1,2\n3,', src)).toThrow(
      /column 2: expected a number, found an empty field/,
    );
    expect(() => parseCsv('1,2\n3,abc', src)).toThrow(/column 2: expected a number, found "abc"/);
    expect(() => parseCsv('1,NaN', src)).toThrow(ParseError);
    expect(() => parseCsv('1,1e999', src)).toThrow(/out of the range/);
  });

  it('refuses empty text and a header alone', () => {
    expect(() => parseCsv('')).toThrow(/empty/);
    expect(() => parseCsv('a,b\n')).toThrow(/no data rows after the header/);
  });

  it('takes another delimiter', () => {
    expect([...parseCsv('1;2\n3;4', { delimiter: ';' }).data]).toEqual([1, 2, 3, 4]);
  });
});
