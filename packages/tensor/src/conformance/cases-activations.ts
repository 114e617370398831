import { ACTIVATION_KINDS, type ActivationKind } from '../backend.js';
import { assertAllClose, ensure } from './compare.js';
import { BIAS_SHAPES, defineCase, randomInput, resultOf, shapeName, upload } from './fixtures.js';
import * as ref from './reference.js';
import type { ConformanceCase } from './types.js';

/**
 * Activations are bias-row aware (Sec. 3.2): forward applies g to rows 1… and copies row 0
 * (Eq. 3.7), backward multiplies dA by g′(Z) on rows 1… and zeroes row 0 (Eq. 3.8). Row 0 of
 * the inputs here is random, not ones, so that "copied" and "zeroed" are both visible.
 */
const SETTINGS: readonly { kind: ActivationKind; param?: number }[] = [
  ...ACTIVATION_KINDS.map((kind) => ({ kind })),
  { kind: 'leaky_relu', param: 0.2 },
];

function settingName(kind: ActivationKind, param: number | undefined): string {
  return param === undefined ? kind : `${kind}(${param})`;
}

function forwardCases(): ConformanceCase[] {
  return SETTINGS.flatMap(({ kind, param }) =>
    BIAS_SHAPES.map(([rows, cols]) => {
      const name = `activation ${settingName(kind, param)} ${shapeName(rows, cols)} (row 0 copied)`;
      return defineCase('activations', name, (target, rng) => {
        const z = randomInput(target, rng, rows, cols, (r) => 3 * r.normal());
        const got = resultOf(
          name,
          target,
          target.backend.activation(kind, z.tensor, undefined, param),
          rows,
          cols,
        );
        assertAllClose(name, got, ref.activation(kind, z.values, param), target.tol);
      });
    }),
  );
}

function backwardCases(): ConformanceCase[] {
  return SETTINGS.flatMap(({ kind, param }) =>
    BIAS_SHAPES.map(([rows, cols]) => {
      const name = `activationGrad ${settingName(kind, param)} ${shapeName(rows, cols)} (row 0 zeroed)`;
      return defineCase('activations', name, (target, rng) => {
        const z = randomInput(target, rng, rows, cols, (r) => 3 * r.normal());
        const dA = randomInput(target, rng, rows, cols);
        const got = resultOf(
          name,
          target,
          target.backend.activationGrad(kind, z.tensor, dA.tensor, undefined, param),
          rows,
          cols,
        );
        assertAllClose(name, got, ref.activationGrad(kind, z.values, dA.values, param), target.tol);
      });
    }),
  );
}

/** At z = 0 exactly, relu′ = 0 and leaky_relu′ = slope: the left derivative, as in the reference. */
function kinkCases(): ConformanceCase[] {
  return (['relu', 'leaky_relu'] as const).map((kind) => {
    const name = `activation and activationGrad ${kind} at z = 0 use the left derivative`;
    return defineCase('activations', name, (target) => {
      const z = upload(target, [
        [0, 0, 1],
        [0, -0, 2],
        [-1, 0, 0],
      ]);
      const dA = upload(target, [
        [5, 5, 5],
        [2, 3, 4],
        [6, 7, 8],
      ]);
      const fwd = resultOf(name, target, target.backend.activation(kind, z.tensor), 3, 3);
      assertAllClose(`${name} (forward)`, fwd, ref.activation(kind, z.values), target.tol);
      checkActivationGrad(name, target, kind, z, dA, 3, 3);
    });
  });
}

/** activationGrad(kind, z, dA) of a rows×cols input against the float64 reference. */
function checkActivationGrad(
  name: string,
  target: Parameters<ConformanceCase['run']>[0],
  kind: ActivationKind,
  z: ReturnType<typeof upload>,
  dA: ReturnType<typeof upload>,
  rows: number,
  cols: number,
): void {
  const bwd = resultOf(
    name,
    target,
    target.backend.activationGrad(kind, z.tensor, dA.tensor),
    rows,
    cols,
  );
  assertAllClose(`${name} (grad)`, bwd, ref.activationGrad(kind, z.values, dA.values), target.tol);
}

/** sigmoid and tanh of large |z| saturate to finite values instead of overflowing to NaN. */
function saturationCases(): ConformanceCase[] {
  return (['sigmoid', 'tanh'] as const).map((kind) => {
    const name = `activation and activationGrad ${kind} saturate for |z| up to 1e4`;
    return defineCase('activations', name, (target) => {
      const big = [-1e4, -800, -50, 50, 800, 1e4];
      const z = upload(target, [big.map(() => 1), big]);
      const dA = upload(target, [big.map(() => 1), big.map(() => 1)]);
      const fwd = resultOf(name, target, target.backend.activation(kind, z.tensor), 2, 6);
      ensure(
        Array.from(fwd).every(Number.isFinite),
        `${name}: forward gave a non-finite value: ${Array.from(fwd).join(', ')}`,
      );
      assertAllClose(`${name} (forward)`, fwd, ref.activation(kind, z.values), target.tol);
      checkActivationGrad(name, target, kind, z, dA, 2, 6);
    });
  });
}

export function activationCases(): ConformanceCase[] {
  return [...forwardCases(), ...backwardCases(), ...kinkCases(), ...saturationCases()];
}
