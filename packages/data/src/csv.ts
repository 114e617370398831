import { inFile, ParseError } from './errors.js';

export interface ParseCsvOptions {
  /** Whether the first line names the columns: true, false or 'auto' (default): a first line
   * with no field that is a number is taken as a header. */
  header?: boolean | 'auto';
  /** Field separator (default ','). */
  delimiter?: string;
  /** A name for the text (a file name or URL) used in error messages. */
  source?: string;
}

/** A numeric table: `rows` × `columns` numbers, row-major. */
export interface CsvTable {
  /** The column names, when the text had a header line. */
  header: string[] | undefined;
  rows: number;
  columns: number;
  data: Float64Array;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const HEX = /^[+-]?0[xX][0-9a-fA-F]+$/;
/** Separators a CSV file may use instead of the one asked for. */
const OTHER_DELIMITERS = [';', '\t', '|', ','];

/**
 * Refuses a first line that is one field holding another common separator (`a;b;c` read with
 * ','): every line would be one unreadable column, so say which separator the file seems to use.
 */
function checkDelimiter(first: string[], delimiter: string, lineNo: number, where: string): void {
  if (first.length !== 1) return;
  const other = OTHER_DELIMITERS.find((d) => d !== delimiter && first[0]!.includes(d));
  if (other === undefined) return;
  throw new ParseError(
    `parseCsv: ${where}line ${lineNo} has no ${JSON.stringify(delimiter)} but has ${JSON.stringify(other)}: the file seems to be ${JSON.stringify(other)}-separated; pass delimiter ${JSON.stringify(other)} (or convert the file to ${JSON.stringify(delimiter)})`,
  );
}

/**
 * Parses numeric CSV text: one sample per line, the same number of fields on every line,
 * each a finite decimal number (spaces around a field and a pair of double quotes are
 * ignored). LF, CRLF and CR line ends; blank lines are skipped. A file separated by another
 * common delimiter (';', tab, '|') is refused with a hint. Quoted fields holding the
 * delimiter are not supported. A missing, empty, non-numeric or extra field is a ParseError
 * naming the line, the data row and the column.
 */
export function parseCsv(text: string, options: ParseCsvOptions = {}): CsvTable {
  const where = inFile(options.source);
  if (typeof text !== 'string') throw new ParseError(`parseCsv: ${where}expected a string`);
  const delimiter = options.delimiter ?? ',';
  if (typeof delimiter !== 'string' || delimiter.length === 0 || /[\r\n"]/.test(delimiter)) {
    throw new ParseError(`parseCsv: bad delimiter ${JSON.stringify(delimiter)}`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // byte-order mark
  const lines = text.split(/\r\n|\r|\n/); // LF, CRLF, and old Mac CR-only line ends
  let header: string[] | undefined;
  let columns = -1;
  let lineIndex = 0;
  // the first non-blank line: a header, or the first data row
  while (lineIndex < lines.length && isBlank(lines[lineIndex]!)) lineIndex++;
  if (lineIndex === lines.length) {
    throw new ParseError(`parseCsv: ${where}no data: the text is empty`);
  }
  const first = splitLine(lines[lineIndex]!, delimiter);
  checkDelimiter(first, delimiter, lineIndex + 1, where);
  const headerMode = options.header ?? 'auto';
  // 'auto': a header names columns, so a first line holding a number is data, not a header.
  const isHeader =
    headerMode === 'auto' ? !first.some((field) => NUMBER.test(field)) : headerMode === true;
  if (isHeader) {
    header = first;
    columns = first.length;
    lineIndex++;
  }
  const values: number[] = [];
  let rows = 0;
  for (; lineIndex < lines.length; lineIndex++) {
    const line = lines[lineIndex]!;
    if (isBlank(line)) continue;
    const fields = splitLine(line, delimiter);
    const lineNo = lineIndex + 1;
    const at = `line ${lineNo} (data row ${rows + 1})`;
    if (columns === -1) columns = fields.length;
    if (fields.length < columns) {
      throw new ParseError(
        `parseCsv: ${where}${at}: expected ${columns} fields, found ${fields.length}: column ${fields.length + 1}${columnName(header, fields.length)} is missing`,
      );
    }
    if (fields.length > columns) {
      throw new ParseError(
        `parseCsv: ${where}${at}: expected ${columns} fields, found ${fields.length}: extra field ${JSON.stringify(fields[columns])} in column ${columns + 1}`,
      );
    }
    for (let c = 0; c < columns; c++) {
      const field = fields[c]!;
      if (!NUMBER.test(field)) {
        throw new ParseError(
          `parseCsv: ${where}${at}, column ${c + 1}${columnName(header, c)}: expected a number, found ${field === '' ? 'an empty field' : JSON.stringify(field)}${HEX.test(field) ? ' (hexadecimal is not accepted: write decimal numbers)' : ''}`,
        );
      }
      const value = Number(field);
      if (!Number.isFinite(value)) {
        throw new ParseError(
          `parseCsv: ${where}${at}, column ${c + 1}${columnName(header, c)}: ${JSON.stringify(field)} is out of the range of a float64`,
        );
      }
      values.push(value);
    }
    rows++;
  }
  if (rows === 0) {
    throw new ParseError(`parseCsv: ${where}no data rows${header ? ' after the header' : ''}`);
  }
  return { header, rows, columns, data: Float64Array.from(values) };
}

function isBlank(line: string): boolean {
  return line.trim().length === 0;
}

function splitLine(line: string, delimiter: string): string[] {
  return line.split(delimiter).map(unquote);
}

function unquote(field: string): string {
  const f = field.trim();
  return f.length >= 2 && f.startsWith('"') && f.endsWith('"') ? f.slice(1, -1).trim() : f;
}

function columnName(header: string[] | undefined, c: number): string {
  const name = header?.[c];
  return name === undefined ? '' : ` (${JSON.stringify(name)})`;
}
