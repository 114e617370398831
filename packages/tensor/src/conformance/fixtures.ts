import type { DType, HostArray } from '../dtype.js';
import { Rng } from '../rng.js';
import type { Tensor } from '../tensor.js';
import { assertTensor } from './compare.js';
import { type Matrix, unflatten } from './reference.js';
import type { ConformanceCase, ConformanceTarget } from './types.js';

/** Shapes for element-wise ops: 1×1, a row, a column, non-square, and odd sizes past 128. */
export const SHAPES: readonly (readonly [number, number])[] = [
  [1, 1],
  [1, 17],
  [17, 1],
  [3, 5],
  [33, 130],
];

/** Shapes with at least two rows, for the bias-row ops (row 0 plus some rows 1…). */
export const BIAS_SHAPES: readonly (readonly [number, number])[] = [
  [1, 5],
  [2, 1],
  [5, 3],
  [33, 130],
];

/** A generator seeded from the case name (FNV-1a), so every case has its own fixed inputs. */
export function rngFor(name: string): Rng {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return new Rng(h);
}

export type Draw = (rng: Rng) => number;

export const normal: Draw = (rng) => rng.normal();
/** In [0.1, 3): for log and sqrt. */
export const positive: Draw = (rng) => 0.1 + 2.9 * rng.uniform();
/** ±[0.5, 2): for divisors. */
export const awayFromZero: Draw = (rng) =>
  (rng.uniform() < 0.5 ? -1 : 1) * (0.5 + 1.5 * rng.uniform());

export function randomMatrix(rng: Rng, rows: number, cols: number, draw: Draw = normal): Matrix {
  const m: Matrix = [];
  for (let i = 0; i < rows; i++) {
    const row: number[] = [];
    for (let j = 0; j < cols; j++) row.push(draw(rng));
    m.push(row);
  }
  return m;
}

/** A tensor on the target and the values it actually holds (rounded to its dtype), as a Matrix. */
export interface Input {
  tensor: Tensor;
  values: Matrix;
}

export function upload(target: ConformanceTarget, m: Matrix): Input {
  const rows = m.length;
  const cols = m[0]?.length ?? 0;
  const tensor = target.backend.fromHost(m.flat(), rows, cols, target.dtype);
  return { tensor, values: unflatten(target.backend.read(tensor), rows, cols) };
}

/** A random rows×cols input. */
export function randomInput(
  target: ConformanceTarget,
  rng: Rng,
  rows: number,
  cols: number,
  draw: Draw = normal,
): Input {
  return upload(target, randomMatrix(rng, rows, cols, draw));
}

/** Checks that `t` is a rows×cols tensor of the target's dtype and backend; returns its elements. */
export function resultOf(
  what: string,
  target: ConformanceTarget,
  t: unknown,
  rows: number,
  cols: number,
): HostArray {
  assertTensor(what, t, { backend: target.backend, dtype: target.dtype, rows, cols });
  return target.backend.read(t);
}

/** The elements of `t` as they read back, as a Matrix. */
export function valuesOf(target: ConformanceTarget, t: Tensor): Matrix {
  return unflatten(target.backend.read(t), t.rows, t.cols);
}

export function shapeName(rows: number, cols: number): string {
  return `${rows}×${cols}`;
}

export function defineCase(
  group: string,
  name: string,
  run: (target: ConformanceTarget, rng: Rng) => void,
): ConformanceCase {
  return { group, name, run: (target) => run(target, rngFor(`${group}/${name}`)) };
}

/** Rounds `v` as storing it in `dtype` would. */
export function roundTo(dtype: DType, v: number): number {
  return dtype === 'float32' ? Math.fround(v) : v;
}
