import type { Rng } from '../rng.js';
import { assertAllClose, assertScalarClose, ensure } from './compare.js';
import { defineCase, type Input, randomInput, resultOf, shapeName, upload } from './fixtures.js';
import * as ref from './reference.js';
import type { ConformanceCase, ConformanceTarget } from './types.js';

/**
 * The fused softmax cross-entropy (Sec. 4.2): crossEntropy's loss and target facts, and
 * crossEntropyGrad, against the float64 reference, on the bias-row layout (row 0 ignored).
 */

/** (C+1)×m: one class, a few, MNIST's ten at a batch of 64, and a column count past 128. */
const SHAPES: readonly (readonly [number, number])[] = [
  [2, 1],
  [4, 5],
  [11, 64],
  [6, 130],
];

/** CELoss's floors: 1e-100 in float64; float32's smallest normal number (1e-100 rounds to 0). */
function floorOf(target: ConformanceTarget): number {
  return target.dtype === 'float32' ? 2 ** -126 : 1e-100;
}

/** Targets with a bias row of ones: one-hot columns, or positive weights normalised per column. */
function targetsFor(
  target: ConformanceTarget,
  rng: Rng,
  rows: number,
  cols: number,
  soft: boolean,
): Input {
  const m: number[][] = Array.from({ length: rows }, (_, i) =>
    new Array<number>(cols).fill(i === 0 ? 1 : 0),
  );
  for (let j = 0; j < cols; j++) {
    if (soft) {
      const w = Array.from({ length: rows - 1 }, () => 0.1 + rng.uniform());
      const total = w.reduce((s, v) => s + v, 0);
      w.forEach((v, i) => {
        m[i + 1]![j] = v / total;
      });
    } else {
      m[1 + Math.floor(rng.uniform() * (rows - 1))]![j] = 1;
    }
  }
  return upload(target, m);
}

function check(name: string, target: ConformanceTarget, logits: Input, targets: Input): void {
  const b = target.backend;
  const floor = floorOf(target);
  const got = b.crossEntropy(logits.tensor, targets.tensor, floor);
  const want = ref.crossEntropy(logits.values, targets.values, floor);
  const scale = Math.abs(want.loss) + 1;
  assertScalarClose(`${name}: loss`, got.loss, want.loss, target.tol, scale);
  assertScalarClose(`${name}: minTarget`, got.minTarget, want.minTarget, target.tol, 1);
  assertScalarClose(
    `${name}: maxColumnDeviation`,
    got.maxColumnDeviation,
    want.maxColumnDeviation,
    target.tol,
    logits.values.length,
  );
  const { rows, cols } = logits.tensor;
  const grad = resultOf(
    name,
    target,
    b.crossEntropyGrad(logits.tensor, targets.tensor),
    rows,
    cols,
  );
  // Each element is a difference of two numbers ≤ 1, over m.
  assertAllClose(
    `${name}: grad`,
    grad,
    ref.crossEntropyGrad(logits.values, targets.values),
    target.tol,
    ref.build(rows, cols, () => 2 / cols),
  );
  ensure(
    Array.from(grad.subarray(0, cols)).every((v) => v === 0),
    `${name}: grad row 0 is not zero`,
  );
}

export function lossCases(): ConformanceCase[] {
  const cases = SHAPES.flatMap(([rows, cols]) =>
    [false, true].map((soft) => {
      const name = `crossEntropy ${shapeName(rows, cols)}, ${soft ? 'soft' : 'one-hot'} targets`;
      return defineCase('loss', name, (target, rng) => {
        const logits = randomInput(target, rng, rows, cols, (r) => 3 * r.normal());
        check(name, target, logits, targetsFor(target, rng, rows, cols, soft));
      });
    }),
  );
  const stable = 'crossEntropy is stable for logits of ±1e4 (S clipped at the floor)';
  cases.push(
    defineCase('loss', stable, (target) => {
      const logits = upload(target, [
        [1, 1, 1, 1],
        [1e4, -1e4, 0, 5],
        [-1e4, 1e4, 1e4, 5],
        [1e4 - 1, -1e4, -1e4, 5],
      ]);
      const targets = upload(target, [
        [1, 1, 1, 1],
        [0, 1, 0, 0.5],
        [1, 0, 0, 0.5],
        [0, 0, 1, 0],
      ]);
      const got = target.backend.crossEntropy(logits.tensor, targets.tensor, floorOf(target));
      ensure(Number.isFinite(got.loss), `${stable}: the loss is ${got.loss}`);
      check(stable, target, logits, targets);
    }),
  );
  const facts = 'crossEntropy reports a negative target and a column that does not sum to 1';
  cases.push(
    defineCase('loss', facts, (target) => {
      const logits = upload(target, [
        [1, 1, 1],
        [0.5, 0, -1],
        [0, 2, 1],
      ]);
      const targets = upload(target, [
        [1, 1, 1],
        [1, 0.25, -0.5],
        [0, 0.25, 1.5],
      ]);
      const got = target.backend.crossEntropy(logits.tensor, targets.tensor, floorOf(target));
      assertScalarClose(`${facts}: minTarget`, got.minTarget, -0.5, target.tol, 1);
      assertScalarClose(`${facts}: maxColumnDeviation`, got.maxColumnDeviation, 0.5, target.tol, 1);
    }),
  );
  const into = 'crossEntropyGrad writes into out, overwriting NaN';
  cases.push(
    defineCase('loss', into, (target, rng) => {
      const logits = randomInput(target, rng, 4, 3);
      const targets = targetsFor(target, rng, 4, 3, false);
      const out = upload(
        target,
        Array.from({ length: 4 }, () => [Number.NaN, 1, 2]),
      );
      const got = target.backend.crossEntropyGrad(logits.tensor, targets.tensor, out.tensor);
      ensure(got === out.tensor, `${into}: did not return out`);
      assertAllClose(
        into,
        resultOf(into, target, got, 4, 3),
        ref.crossEntropyGrad(logits.values, targets.values),
        target.tol,
        ref.build(4, 3, () => 1),
      );
    }),
  );
  return cases;
}
