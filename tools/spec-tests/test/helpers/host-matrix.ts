/** Row-major flat copy of a nested matrix, with its shape, as the DataLoader takes it. */
export function hostMatrix(rows: readonly (readonly number[])[]): {
  data: number[];
  shape: [number, number];
} {
  return { data: rows.flat(), shape: [rows.length, rows[0]?.length ?? 0] };
}
