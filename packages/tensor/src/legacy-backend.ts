import type { DType } from './dtype.js';
import type { BackendKernels } from './kernels.js';
import type { Tensor } from './tensor.js';

/**
 * A backend written before the door: it implements the whole `Backend` interface itself (with
 * `zeros` in place of `allocate`) and checks its own arguments. It still works behind the door;
 * its own checks then only repeat the door's.
 */
export type SelfCheckingBackend = Omit<BackendKernels, 'allocate' | 'defaultDType'> & {
  readonly defaultDType?: DType;
  zeros(rows: number, cols: number, dtype?: DType): Tensor;
};

export function isSelfChecking(b: object): b is SelfCheckingBackend {
  const o = b as { allocate?: unknown; zeros?: unknown };
  return typeof o.allocate !== 'function' && typeof o.zeros === 'function';
}

const KERNELS = [
  'write',
  'read',
  'dispose',
  'matmul',
  'binary',
  'unary',
  'affine',
  'axpby',
  'clip',
  'activation',
  'activationGrad',
  'sliceRows',
  'concatRows',
  'fill',
  'copy',
  'softmaxCols',
  'argmaxCols',
  'sumRows',
  'sumCols',
  'sum',
  'dot',
  'min',
  'max',
] as const satisfies readonly (keyof BackendKernels)[];

/** The kernels of a self-checking backend: its own methods, and its `zeros` storage as `allocate`. */
export function adoptSelfChecking(b: SelfCheckingBackend): BackendKernels {
  const methods: Record<string, unknown> = {};
  for (const name of KERNELS) {
    const method = b[name] as (...args: unknown[]) => unknown;
    methods[name] = (...args: unknown[]) => method.apply(b, args);
  }
  return {
    ...(methods as unknown as Omit<BackendKernels, 'allocate' | 'defaultDType'>),
    name: b.name,
    dtypes: b.dtypes,
    defaultDType: b.defaultDType ?? (b.dtypes[0] as DType),
    allocate: (rows: number, cols: number, dtype: DType) => b.zeros(rows, cols, dtype).handle,
  };
}
