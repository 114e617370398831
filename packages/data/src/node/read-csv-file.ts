import { type CsvTable, type ParseCsvOptions, parseCsv } from '../csv.js';
import { readBytes } from './read-bytes.js';

/** Reads a numeric CSV file (see `parseCsv`); errors name the file, the line and the column. */
export async function readCsvFile(
  path: string,
  options: Omit<ParseCsvOptions, 'source'> = {},
): Promise<CsvTable> {
  const bytes = await readBytes(path);
  return parseCsv(new TextDecoder('utf-8').decode(bytes), { ...options, source: path });
}
