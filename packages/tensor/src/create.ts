import type { Backend } from './backend.js';
import { checkAllFinite, checkDims, checkFinite } from './checks.js';
import { assertDType, type DType } from './dtype.js';
import { ValueError } from './errors.js';
import { getBackend } from './registry.js';
import { defaultRng, Rng } from './rng.js';
import type { Tensor } from './tensor.js';

/** Where and how a new tensor is made: the current backend and its default dtype unless told. */
export interface CreateOptions {
  dtype?: DType;
  backend?: Backend;
}

/** Options of `tensor()` for flat input: its shape. */
export interface FlatOptions extends CreateOptions {
  shape?: readonly [number, number];
}

type Flat = ArrayLike<number>;

function resolve(options: CreateOptions | undefined): { backend: Backend; dtype: DType } {
  const backend = options?.backend ?? getBackend();
  return { backend, dtype: assertDType(options?.dtype ?? backend.defaultDType) };
}

/**
 * A tensor from nested arrays (`[[1, 2], [3, 4]]`, one inner array per row) or from a flat
 * array / typed array with `shape` (row-major; without `shape` it becomes one row).
 * Every element must be a finite number.
 */
export function tensor(data: readonly (readonly number[])[] | Flat, options?: FlatOptions): Tensor {
  const { backend, dtype } = resolve(options);
  if (isNested(data)) {
    if (options?.shape !== undefined) {
      throw new ValueError(
        'tensor: give `shape` only with flat data; nested arrays carry their own',
      );
    }
    const rows = data.length;
    const cols = data[0]?.length ?? 0;
    checkDims('tensor', rows, cols);
    const flat = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      const row: unknown = data[i];
      if (!Array.isArray(row)) {
        throw new ValueError(
          `tensor: nested data must be an array of rows (arrays of numbers); row ${i} is ${describeValue(row)}`,
        );
      }
      if (row.length !== cols) {
        throw new ValueError(
          `tensor: ragged nested array: row 0 has ${cols} elements, row ${i} has ${row.length}`,
        );
      }
      for (let j = 0; j < cols; j++) {
        const v = row[j];
        if (typeof v !== 'number') {
          throw new ValueError(`tensor: element [${i}, ${j}] is a ${typeof v}, not a number`);
        }
        flat[i * cols + j] = v;
      }
    }
    checkAllFinite('tensor', flat, cols);
    return backend.fromHost(flat, rows, cols, dtype);
  }
  const [rows, cols] = options?.shape ?? [1, data.length];
  checkDims('tensor', rows, cols);
  if (data.length !== rows * cols) {
    throw new ValueError(
      `tensor: shape [${rows}×${cols}] needs ${rows * cols} elements, the data has ${data.length}`,
    );
  }
  checkAllFinite('tensor', data, cols);
  return backend.fromHost(data, rows, cols, dtype);
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return `a ${v.constructor?.name ?? 'object'}`;
  return `a ${typeof v} (${String(v)})`;
}

function isNested(data: unknown): data is readonly (readonly number[])[] {
  return Array.isArray(data) && data.length > 0 && typeof data[0] !== 'number';
}

export function zeros(rows: number, cols: number, options?: CreateOptions): Tensor {
  const { backend, dtype } = resolve(options);
  checkDims('zeros', rows, cols);
  return backend.zeros(rows, cols, dtype);
}

export function full(rows: number, cols: number, value: number, options?: CreateOptions): Tensor {
  return filled('full', rows, cols, value, options);
}

export function ones(rows: number, cols: number, options?: CreateOptions): Tensor {
  return filled('ones', rows, cols, 1, options);
}

/** A rows×cols tensor of `value`; errors name `op`, the function the user called. */
function filled(
  op: string,
  rows: number,
  cols: number,
  value: number,
  options: CreateOptions | undefined,
): Tensor {
  const { backend, dtype } = resolve(options);
  checkDims(op, rows, cols);
  checkFinite(op, 'value', value);
  return backend.fill(backend.zeros(rows, cols, dtype), value);
}

/** The n×n identity (or n×m, ones on the main diagonal). */
export function eye(n: number, m = n, options?: CreateOptions): Tensor {
  const { backend, dtype } = resolve(options);
  checkDims('eye', n, m);
  const data = new Float64Array(n * m);
  for (let i = 0; i < Math.min(n, m); i++) data[i * m + i] = 1;
  return backend.fromHost(data, n, m, dtype);
}

/**
 * Options of the random constructors: the generator, or a seed for a new one; without either
 * they draw from the global generator (`defaultRng()`, reseeded by `manualSeed`).
 */
export interface RandomOptions extends CreateOptions {
  rng?: Rng;
  seed?: number;
}

/**
 * The generator to draw from: `rng` if given, else a new one seeded with `seed`, else the
 * global generator that `manualSeed` reseeds (so that consecutive calls give fresh numbers).
 */
function rngOf(op: string, options: RandomOptions | undefined): Rng {
  if (options?.rng !== undefined) return options.rng;
  if (options?.seed !== undefined) {
    checkFinite(op, 'seed', options.seed);
    return new Rng(options.seed);
  }
  return defaultRng();
}

/** Normal draws with the given mean and standard deviation, from the seedable RNG. */
export function randn(
  rows: number,
  cols: number,
  options?: RandomOptions & { mean?: number; std?: number },
): Tensor {
  const { backend, dtype } = resolve(options);
  checkDims('randn', rows, cols);
  const mean = options?.mean ?? 0;
  const std = options?.std ?? 1;
  checkFinite('randn', 'mean', mean);
  checkFinite('randn', 'std', std);
  const rng = rngOf('randn', options);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = mean + std * rng.normal();
  return backend.fromHost(data, rows, cols, dtype);
}

/** Uniform draws in [low, high), from the seedable RNG. */
export function rand(
  rows: number,
  cols: number,
  options?: RandomOptions & { low?: number; high?: number },
): Tensor {
  const { backend, dtype } = resolve(options);
  checkDims('rand', rows, cols);
  const low = options?.low ?? 0;
  const high = options?.high ?? 1;
  checkFinite('rand', 'low', low);
  checkFinite('rand', 'high', high);
  if (!(high > low)) throw new ValueError(`rand: high (${high}) must be greater than low (${low})`);
  const rng = rngOf('rand', options);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = low + (high - low) * rng.uniform();
  return backend.fromHost(data, rows, cols, dtype);
}
