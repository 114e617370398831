import type { MatmulOptions } from '../backend.js';
import type { Rng } from '../rng.js';
import type { Tensor } from '../tensor.js';
import { assertAllClose, ensure } from './compare.js';
import {
  defineCase,
  type Input,
  randomInput,
  randomMatrix,
  resultOf,
  roundTo,
  valuesOf,
} from './fixtures.js';
import * as ref from './reference.js';
import type { ConformanceCase, ConformanceTarget } from './types.js';

/**
 * (M, K, N) for op(A) M×K times op(B) K×N: degenerate 1-sizes, outer and inner products,
 * tails of 4-row/4-column register tiles (M, N mod 4 ≠ 0), and K = 257, N = 300 crossing
 * cache blocks of 128 rows and 256 columns.
 */
const SIZES: readonly (readonly [number, number, number])[] = [
  [1, 1, 1],
  [1, 5, 1],
  [5, 1, 3],
  [3, 17, 1],
  [1, 17, 5],
  [17, 33, 5],
  [5, 130, 17],
  [33, 257, 300],
  [130, 129, 257],
];

const TRANSPOSES: readonly (readonly [boolean, boolean])[] = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
];

function label(transA: boolean, transB: boolean): string {
  return `${transA ? 'T' : 'N'}${transB ? 'T' : 'N'}`;
}

/** Operands stored so that op(A) is M×K and op(B) is K×N. */
function operands(
  target: ConformanceTarget,
  rng: Rng,
  [M, K, N]: readonly [number, number, number],
  transA: boolean,
  transB: boolean,
): { a: Input; b: Input } {
  const a = transA ? randomInput(target, rng, K, M) : randomInput(target, rng, M, K);
  const b = transB ? randomInput(target, rng, N, K) : randomInput(target, rng, K, N);
  return { a, b };
}

/** Checks `got` against the reference, with Σ_k |alpha·a_ik·b_kj| + |beta·c_ij| as the error scale. */
function check(
  what: string,
  target: ConformanceTarget,
  got: unknown,
  a: Input,
  b: Input,
  options: Required<Omit<MatmulOptions, 'zeroRow0'>> & Pick<MatmulOptions, 'zeroRow0'>,
  c?: Input,
): void {
  const want = ref.matmul(a.values, b.values, options, c?.values);
  const scale = ref.matmul(
    ref.absolute(a.values),
    ref.absolute(b.values),
    { ...options, alpha: Math.abs(options.alpha), beta: Math.abs(options.beta) },
    c === undefined ? undefined : ref.absolute(c.values),
  );
  const rows = want.length;
  const cols = want[0]!.length;
  assertAllClose(what, resultOf(what, target, got, rows, cols), want, target.tol, scale);
}

function productCase(
  size: readonly [number, number, number],
  transA: boolean,
  transB: boolean,
  alpha: number,
  beta: number,
): ConformanceCase {
  const [M, K, N] = size;
  const name = `matmul ${label(transA, transB)} ${M}×${K}·${K}×${N} alpha=${alpha} beta=${beta}`;
  return defineCase('matmul', name, (target, rng) => {
    const { a, b } = operands(target, rng, size, transA, transB);
    const options = { transA, transB, alpha, beta };
    if (beta === 0) {
      // Without out; NN with the defaults is called without options at all.
      const plain = !transA && !transB && alpha === 1;
      const got = plain
        ? target.backend.matmul(a.tensor, b.tensor)
        : target.backend.matmul(a.tensor, b.tensor, options);
      check(name, target, got, a, b, options);
      return;
    }
    const c = randomInput(target, rng, M, N);
    const got = target.backend.matmul(a.tensor, b.tensor, options, c.tensor);
    ensure(got === c.tensor, `${name}: did not return out`);
    check(name, target, got, a, b, options, c);
  });
}

/** beta = 0 ignores out's old contents, even NaN (MatmulOptions.beta). */
function nanOutCase(transA: boolean, transB: boolean): ConformanceCase {
  const size = [5, 3, 6] as const;
  const name = `matmul ${label(transA, transB)} with beta=0 ignores NaN in out`;
  return defineCase('matmul', name, (target, rng) => {
    const { a, b } = operands(target, rng, size, transA, transB);
    const zero: Tensor = target.backend.zeros(5, 6, target.dtype);
    const out = target.backend.binary('div', zero, zero); // 0/0: NaN everywhere
    const options = { transA, transB, alpha: 1.5, beta: 0 };
    const got = target.backend.matmul(a.tensor, b.tensor, options, out);
    ensure(got === out, `${name}: did not return out`);
    check(name, target, got, a, b, options);
  });
}

/** zeroRow0 sets row 0 of out to zero after the product, even where it would be NaN or ±Inf. */
function zeroRow0Case(transA: boolean, transB: boolean, beta: number): ConformanceCase {
  const size = [6, 33, 7] as const;
  const name = `matmul ${label(transA, transB)} with zeroRow0, beta=${beta}`;
  return defineCase('matmul', name, (target, rng) => {
    const { a, b } = operands(target, rng, size, transA, transB);
    const c = randomInput(target, rng, 6, 7);
    const options = { transA, transB, alpha: 0.5, beta, zeroRow0: true };
    const got = target.backend.matmul(a.tensor, b.tensor, options, c.tensor);
    ensure(got === c.tensor, `${name}: did not return out`);
    check(name, target, got, a, b, options, c);
    const row0 = Array.from(target.backend.read(got).subarray(0, 7));
    ensure(
      row0.every((v) => Object.is(v, 0)),
      `${name}: row 0 is [${row0.join(', ')}]`,
    );
  });
}

/**
 * A gradient's life in a training step: zeroed, accumulated as Δ·Aᵀ with zeroRow0 (Linear's
 * Eq. 3.5), row 0 filled, then read by the optimizer's axpby and afterwards on its own. A backend
 * may keep a product in a form of its own until something reads it (the gpu.js backend keeps
 * large products in blocks that axpby reads directly); both readers must see the product.
 */
function gradientStepCase(size: readonly [number, number, number]): ConformanceCase {
  const [M, K, N] = size;
  const name = `matmul NT ${M}×${K}·${K}×${N} into zeros, then axpby reads it`;
  return defineCase('matmul', name, (target, rng) => {
    const { a, b } = operands(target, rng, size, false, true);
    const w = randomInput(target, rng, M, N);
    const grad = target.backend.zeros(M, N, target.dtype);
    target.backend.fill(grad, 0);
    const options = { transA: false, transB: true, alpha: 1, beta: 1, zeroRow0: true };
    target.backend.matmul(a.tensor, b.tensor, options, grad);
    target.backend.fill(grad, 0, 0, 1);
    target.backend.axpby(-0.25, grad, 1, w.tensor);
    const product = ref.matmul(a.values, b.values, options);
    const scale = ref.matmul(ref.absolute(a.values), ref.absolute(b.values), options);
    const want = ref.axpby(-0.25, product, 1, w.values);
    const wantScale = ref.axpby(0.25, scale, 1, ref.absolute(w.values));
    assertAllClose(
      `${name}: the weights`,
      resultOf(name, target, w.tensor, M, N),
      want,
      target.tol,
      wantScale,
    );
    assertAllClose(
      `${name}: the gradient`,
      resultOf(name, target, grad, M, N),
      product,
      target.tol,
      scale,
    );
  });
}

/**
 * Products read by the activations before anything else reads them (a layer's Z = W·A, and
 * ∂J/∂A with zeroRow0): activation and activationGrad must see the values that reading the
 * products afterwards gives (see gradientStepCase: a backend may keep a product in a form of its
 * own until read).
 */
function activationReadsCase(kind: 'relu' | 'sigmoid'): ConformanceCase {
  const [M, K, N] = [33, 65, 130];
  const name = `matmul ${M}×${K}·${K}×${N} read first by ${kind} and its gradient`;
  return defineCase('matmul', name, (target, rng) => {
    const b = target.backend;
    const w = randomInput(target, rng, M, K);
    const x = randomInput(target, rng, K, N);
    const d = randomInput(target, rng, M, K);
    const z = b.matmul(w.tensor, x.tensor, { alpha: 0.5 });
    const dA = b.zeros(M, N, target.dtype);
    b.matmul(d.tensor, x.tensor, { alpha: -1.5, zeroRow0: true }, dA);
    const act = b.activation(kind, z);
    const grad = b.activationGrad(kind, z, dA);
    const zValues = valuesOf(target, z);
    const dValues = valuesOf(target, dA);
    const row0 = dValues[0]!;
    ensure(
      row0.every((v) => Object.is(v, 0)),
      `${name}: row 0 of the zeroRow0 product is [${row0.join(', ')}]`,
    );
    const wantAct = ref.activation(kind, zValues);
    const wantGrad = ref.activationGrad(kind, zValues, dValues);
    assertAllClose(`${name}: activation`, resultOf(name, target, act, M, N), wantAct, target.tol);
    assertAllClose(`${name}: gradient`, resultOf(name, target, grad, M, N), wantGrad, target.tol);
  });
}

/**
 * A training step's chain of products, activations and the optimizer step, each reading what the
 * one before made before anything else reads it: a batch fresh from the host read first by two
 * products (W·X and Δ·Xᵀ), activations of products read by products (A and Aᵀ), identity, and
 * weights changed by axpby read by products (W and Wᵀ). A backend may keep any of these in a
 * form of its own until read (the gpu.js backend keeps them in 2×2 blocks and uploads a batch
 * straight into them); every result is checked against its inputs as they read back afterwards.
 */
function trainingChainCase(): ConformanceCase {
  const [F, H, O, B] = [65, 33, 9, 40];
  const name = `matmul, activation, activationGrad and axpby chained as in a step ${F}-${H}-${O}×${B}`;
  return defineCase('matmul', name, (target, rng) => {
    const b = target.backend;
    const xHost = randomMatrix(rng, F, B);
    // Not read back: uploaded by the first kernel that reads it.
    const x = b.fromHost(xHost.flat(), F, B, target.dtype);
    const w1 = randomInput(target, rng, H, F);
    const w2 = randomInput(target, rng, O, H);
    const d2 = randomInput(target, rng, O, B);
    const z1 = b.matmul(w1.tensor, x);
    const a1 = b.activation('relu', z1);
    const z2 = b.matmul(w2.tensor, a1);
    const out = b.activation('identity', z2);
    const g2 = b.matmul(d2.tensor, a1, { transB: true, zeroRow0: true });
    const dA1 = b.matmul(w2.tensor, d2.tensor, { transA: true });
    const dZ1 = b.activationGrad('relu', z1, dA1);
    const g1 = b.matmul(dZ1, x, { transB: true, zeroRow0: true });
    b.axpby(-0.5, g1, 1, w1.tensor);
    const z1Next = b.matmul(w1.tensor, x, { alpha: 2 });
    const dX = b.matmul(w1.tensor, dZ1, { transA: true });

    const input = (t: Tensor): Input => ({ tensor: t, values: valuesOf(target, t) });
    const X = { tensor: x, values: xHost.map((row) => row.map((v) => roundTo(target.dtype, v))) };
    assertAllClose(`${name}: the batch`, resultOf(name, target, x, F, B), X.values, target.tol);
    const plain = { transA: false, transB: false, alpha: 1, beta: 0 };
    const [Z1, A1, Z2, DA1, DZ1, G1] = [z1, a1, z2, dA1, dZ1, g1].map(input) as Input[];
    check(`${name}: W1·X`, target, z1, w1, X, plain);
    const act = ref.activation('relu', Z1!.values);
    assertAllClose(`${name}: relu`, resultOf(name, target, a1, H, B), act, target.tol);
    check(`${name}: W2·A1`, target, z2, w2, A1!, plain);
    assertAllClose(`${name}: identity`, resultOf(name, target, out, O, B), Z2!.values, target.tol);
    const nt = { ...plain, transB: true, zeroRow0: true };
    check(`${name}: Δ2·A1ᵀ`, target, g2, d2, A1!, nt);
    check(`${name}: W2ᵀ·Δ2`, target, dA1, w2, d2, { ...plain, transA: true });
    const grad = ref.activationGrad('relu', Z1!.values, DA1!.values);
    assertAllClose(`${name}: relu′`, DZ1!.values.flat(), grad, target.tol);
    check(`${name}: Δ1·Xᵀ`, target, g1, DZ1!, X, nt);
    const stepped = ref.axpby(-0.5, G1!.values, 1, w1.values);
    const scale = ref.axpby(0.5, ref.absolute(G1!.values), 1, ref.absolute(w1.values));
    const W1 = input(w1.tensor);
    assertAllClose(`${name}: the step`, W1.values.flat(), stepped, target.tol, scale);
    check(`${name}: 2·W1·X`, target, z1Next, W1, X, { ...plain, alpha: 2 });
    check(`${name}: W1ᵀ·Δ1`, target, dX, W1, DZ1!, { ...plain, transA: true });
  });
}

export function matmulCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const [transA, transB] of TRANSPOSES) {
    for (const size of SIZES) cases.push(productCase(size, transA, transB, 1, 0));
    for (const size of [[3, 17, 5] as const, [33, 257, 300] as const]) {
      cases.push(productCase(size, transA, transB, -0.75, 0.5));
      cases.push(productCase(size, transA, transB, 2, 1));
    }
    cases.push(nanOutCase(transA, transB));
    cases.push(zeroRow0Case(transA, transB, 0), zeroRow0Case(transA, transB, 1));
  }
  cases.push(gradientStepCase([33, 65, 130]), gradientStepCase([130, 64, 257]));
  cases.push(activationReadsCase('relu'), activationReadsCase('sigmoid'));
  cases.push(trainingChainCase());
  return cases;
}
