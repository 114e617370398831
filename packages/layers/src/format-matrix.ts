import type { Tensor } from '@mfnet/tensor';

/**
 * A matrix drawn as the paper prints one, columns right-aligned inside tall brackets:
 *
 *     ⎡ 1  1  1  1 ⎤
 *     ⎢ 2  3  2  3 ⎥
 *     ⎣ 2  2  3  3 ⎦
 *
 * Integers print as they are; other numbers with `digits` significant digits.
 */
export function formatMatrix(t: Tensor, digits = 4): string[] {
  const cells = t.toArray().map((row) => row.map((v) => formatNumber(v, digits)));
  const widths = Array.from({ length: t.cols }, (_, j) =>
    Math.max(...cells.map((row) => row[j]!.length)),
  );
  const body = cells.map((row) => row.map((s, j) => s.padStart(widths[j]!)).join('  '));
  if (body.length === 1) return [`[ ${body[0]} ]`];
  return body.map((line, i) => {
    const [left, right] = i === 0 ? ['⎡', '⎤'] : i === body.length - 1 ? ['⎣', '⎦'] : ['⎢', '⎥'];
    return `${left} ${line} ${right}`;
  });
}

export function formatNumber(v: number, digits = 4): string {
  if (v === 0) return '0'; // also −0
  if (Number.isInteger(v)) return String(v);
  if (!Number.isFinite(v)) return String(v);
  return String(Number(v.toPrecision(digits)));
}
