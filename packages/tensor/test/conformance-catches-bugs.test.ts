import { describe, expect, it } from 'vitest';
import {
  type ConformanceFailure,
  checkConformance,
  conformanceCases,
} from '../src/conformance/index.js';
import {
  type ActivationKind,
  type BinaryOp,
  CpuBackend,
  type DType,
  type MatmulSettings,
  type Tensor,
} from '../src/index.js';

/**
 * The suite must fail a backend that gets one thing wrong. Each mutant below is the CPU
 * backend with one deliberate bug; the suite is run programmatically and must report failures,
 * all of them in cases that exercise the broken op.
 */

class SoftmaxSlightlyOff extends CpuBackend {
  constructor(private readonly error: number) {
    super();
  }
  override softmaxCols(a: Tensor, o: Tensor): void {
    super.softmaxCols(a, o);
    const d = this.data(o);
    d[0] = d[0]! * (1 + this.error);
  }
}

class MatmulIgnoresTransB extends CpuBackend {
  override matmul(a: Tensor, b: Tensor, s: MatmulSettings, c: Tensor): void {
    // With transB ignored B's shape no longer fits C: use B as given where it does.
    if (s.transB && b.rows === b.cols) super.matmul(a, b, { ...s, transB: false }, c);
    else super.matmul(a, b, s, c);
    if (s.transB && b.rows !== b.cols) this.data(c).fill(0);
  }
}

/** Loses the last row of C when M is not a multiple of 4: a register-tile tail bug. */
class MatmulDropsTileTail extends CpuBackend {
  override matmul(a: Tensor, b: Tensor, s: MatmulSettings, c: Tensor): void {
    super.matmul(a, b, s, c);
    if (c.rows > 4 && c.rows % 4 !== 0) this.data(c).fill(0, (c.rows - 1) * c.cols);
  }
}

class MatmulIgnoresBeta extends CpuBackend {
  override matmul(a: Tensor, b: Tensor, s: MatmulSettings, c: Tensor): void {
    super.matmul(a, b, { ...s, beta: 0 }, c);
  }
}

/** Computes beta·out even when beta = 0, so NaN in out leaks through. */
class MatmulReadsOutWhenBetaIsZero extends CpuBackend {
  override matmul(a: Tensor, b: Tensor, s: MatmulSettings, c: Tensor): void {
    super.matmul(a, b, { ...s, beta: s.beta === 0 ? 1e-300 : s.beta }, c);
  }
}

class ArgmaxLastOnTies extends CpuBackend {
  override argmaxCols(a: Tensor): Int32Array {
    const x = this.data(a);
    const best = new Int32Array(a.cols);
    for (let j = 0; j < a.cols; j++) {
      for (let i = 1; i < a.rows; i++) {
        if (x[i * a.cols + j]! >= x[best[j]! * a.cols + j]!) best[j] = i;
      }
    }
    return best;
  }
}

/** Forgets to zero row 0 of the gradient (Eq. 3.8): it passes dA's bias row through. */
class GradKeepsBiasRow extends CpuBackend {
  override activationGrad(
    kind: ActivationKind,
    z: Tensor,
    dA: Tensor,
    o: Tensor,
    param: number,
  ): void {
    const first = this.data(dA).slice(0, dA.cols);
    super.activationGrad(kind, z, dA, o, param);
    this.data(o).set(first, 0);
  }
}

/** Ignores the leaky_relu slope parameter and always uses 0.01. */
class LeakySlopeIgnored extends CpuBackend {
  override activation(kind: ActivationKind, z: Tensor, o: Tensor, _param: number): void {
    super.activation(kind, z, o, 0.01);
  }
}

/** Writes out before reading the second operand: wrong when out is that operand. */
class BinaryBreaksInPlace extends CpuBackend {
  override binary(op: BinaryOp, a: Tensor, b: Tensor, o: Tensor): void {
    if (o === b && o !== a) {
      this.copy(a, o);
      super.binary(op, a, o, o);
      return;
    }
    super.binary(op, a, b, o);
  }
}

/** Drops the last row of every column sum. */
class SumColsSkipsLastRow extends CpuBackend {
  override sumCols(a: Tensor, o: Tensor): void {
    const x = this.data(a);
    const z = this.data(o);
    z.fill(0);
    for (let i = 0; i < Math.max(1, a.rows - 1); i++) {
      for (let j = 0; j < a.cols; j++) z[j] = z[j]! + x[i * a.cols + j]!;
    }
  }
}

/** Hands float32 tensors back as a Float64Array, against the contract of `read`. */
class ReadReturnsFloat64 extends CpuBackend {
  override read(t: Tensor): Float64Array {
    return Float64Array.from(super.read(t));
  }
}

interface Mutant {
  name: string;
  make: () => CpuBackend;
  dtype: DType;
  /** Every failing case name must contain one of these. */
  within: readonly string[];
  /** A case that must be among the failures. */
  mustFail: string;
}

const MUTANTS: readonly Mutant[] = [
  {
    name: 'softmaxCols off by a relative 1e-9 (float64)',
    make: () => new SoftmaxSlightlyOff(1e-9),
    dtype: 'float64',
    // The CPU's crossEntropy is composed from softmaxCols, so its cases fail too.
    within: ['softmaxCols', 'crossEntropy'],
    mustFail: 'softmaxCols 3×5',
  },
  {
    name: 'softmaxCols off by a relative 1e-3 (float32)',
    make: () => new SoftmaxSlightlyOff(1e-3),
    dtype: 'float32',
    // The CPU's crossEntropy is composed from softmaxCols, so its cases fail too.
    within: ['softmaxCols', 'crossEntropy'],
    mustFail: 'softmaxCols is stable for logits of ±1e4',
  },
  {
    name: 'matmul ignoring transB',
    make: () => new MatmulIgnoresTransB(),
    dtype: 'float64',
    within: ['matmul'],
    mustFail: 'matmul NT 33×257·257×300 alpha=1 beta=0',
  },
  {
    name: 'matmul dropping the tail of the 4-row tiling',
    make: () => new MatmulDropsTileTail(),
    dtype: 'float32',
    within: ['matmul'],
    mustFail: 'matmul NN 33×257·257×300 alpha=1 beta=0',
  },
  {
    name: 'matmul ignoring beta',
    make: () => new MatmulIgnoresBeta(),
    dtype: 'float64',
    within: ['matmul'],
    mustFail: 'matmul TN 3×17·17×5 alpha=2 beta=1',
  },
  {
    name: 'matmul reading out when beta = 0',
    make: () => new MatmulReadsOutWhenBetaIsZero(),
    dtype: 'float64',
    within: ['matmul'],
    mustFail: 'matmul NN with beta=0 ignores NaN in out',
  },
  {
    name: 'argmaxCols taking the last row on ties',
    make: () => new ArgmaxLastOnTies(),
    dtype: 'float64',
    within: ['argmaxCols'],
    mustFail: 'argmaxCols picks the first row on ties',
  },
  {
    name: 'activationGrad keeping the bias row',
    make: () => new GradKeepsBiasRow(),
    dtype: 'float64',
    within: ['activationGrad'],
    mustFail: 'activationGrad sigmoid 5×3 (row 0 zeroed)',
  },
  {
    name: 'activation ignoring the leaky_relu slope',
    make: () => new LeakySlopeIgnored(),
    dtype: 'float32',
    within: ['activation leaky_relu'],
    mustFail: 'activation leaky_relu(0.2) 33×130 (row 0 copied)',
  },
  {
    name: 'binary wrong in place when out is the second operand',
    make: () => new BinaryBreaksInPlace(),
    dtype: 'float64',
    within: ['in place (out = input 1)'],
    mustFail: 'binary sub in place (out = input 1)',
  },
  {
    name: 'sumCols skipping the last row',
    make: () => new SumColsSkipsLastRow(),
    dtype: 'float64',
    within: ['sumCols', 'crossEntropy'],
    mustFail: 'sumCols 17×1',
  },
  {
    name: 'read of float32 returning a Float64Array',
    make: () => new ReadReturnsFloat64(),
    dtype: 'float32',
    within: ['zeros', 'fromHost', 'read', 'write', 'dispose'],
    mustFail: 'fromHost and read 3×5 round-trip',
  },
];

function failureNames(failures: ConformanceFailure[]): string[] {
  return failures.map((f) => f.case.name);
}

describe('the conformance suite', () => {
  it('has cases for every Backend operation', () => {
    const names = conformanceCases().map((c) => c.name);
    const ops = [
      'zeros',
      'fromHost',
      'write',
      'read',
      'dispose',
      'matmul NN',
      'matmul NT',
      'matmul TN',
      'matmul TT',
      'binary add',
      'binary sub',
      'binary mul',
      'binary div',
      'unary exp',
      'unary log',
      'unary sqrt',
      'unary neg',
      'unary abs',
      'unary square',
      'affine',
      'axpby',
      'clip',
      'activation identity',
      'activation relu',
      'activation leaky_relu',
      'activation sigmoid',
      'activation tanh',
      'activationGrad identity',
      'activationGrad relu',
      'activationGrad leaky_relu',
      'activationGrad sigmoid',
      'activationGrad tanh',
      'sliceRows',
      'concatRows',
      'fill',
      'copy',
      'softmaxCols',
      'argmaxCols',
      'sumRows',
      'sumCols',
      'sum ',
      'dot',
      'norm',
      'min',
      'max',
      'randn',
      'rand ',
    ];
    for (const op of ops)
      expect(
        names.some((n) => n.includes(op)),
        op,
      ).toBe(true);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(['float64', 'float32'] as const)('passes the CPU backend in %s', (dtype) => {
    const failures = checkConformance({ name: 'cpu', makeBackend: () => new CpuBackend(), dtype });
    expect(failureNames(failures)).toEqual([]);
  });

  it.each(MUTANTS)('fails a backend with $name', (mutant) => {
    const failures = checkConformance({
      name: mutant.name,
      makeBackend: mutant.make,
      dtype: mutant.dtype,
    });
    const names = failureNames(failures);
    expect(names).toContain(mutant.mustFail);
    const stray = names.filter((n) => !mutant.within.some((w) => n.includes(w)));
    expect(stray).toEqual([]);
  });

  it('reports what went wrong: the case, the element, the value and the reference', () => {
    const failures = checkConformance({
      name: 'softmax-off',
      makeBackend: () => new SoftmaxSlightlyOff(1e-9),
      dtype: 'float64',
    });
    const failure = failures.find((f) => f.case.name === 'softmaxCols 3×5');
    expect(failure).toBeDefined();
    expect(failure!.error).toBeInstanceOf(Error);
    expect((failure!.error as Error).message).toMatch(
      /softmaxCols 3×5: element \[0, 0\] is .*, the reference is .*allowed/,
    );
  });
});
