import { formatShape, type Parameter, type Tensor } from '@mfnet/tensor';
import { StateDictError } from './errors.js';
import { checkFixedRow0, checkTensorFinite } from './weight-checks.js';

/** Parameter name (`layers.<i>.weight`) → a copy of its values. */
export type StateDict = Map<string, Tensor>;

/** What `loadStateDict` and `encodeSafetensors` accept: a Map or a plain record. */
export type StateDictLike = ReadonlyMap<string, Tensor> | Readonly<Record<string, Tensor>>;

/** The (name, tensor) pairs of a Map or a record, in order. */
export function stateDictEntries(dict: StateDictLike): [string, Tensor][] {
  if (typeof dict !== 'object' || dict === null || Array.isArray(dict)) {
    throw new StateDictError(
      `loadStateDict: expected a Map or a record of name → Tensor, got ${describe(dict)}`,
    );
  }
  const entries: [string, Tensor][] =
    dict instanceof Map ? [...dict.entries()] : Object.entries(dict as Record<string, Tensor>);
  for (const [name, t] of entries) {
    if (!isTensor(t)) {
      throw new StateDictError(`state dict: '${name}' is not a Tensor (got ${describe(t)})`);
    }
  }
  return entries;
}

/** Copies of the parameters' values, by name. */
export function stateDictOf(parameters: readonly Parameter[]): StateDict {
  const dict: StateDict = new Map();
  for (const p of parameters) {
    const { backend, rows, cols, dtype } = p.value;
    dict.set(p.name, backend.copy(p.value, backend.zeros(rows, cols, dtype)));
  }
  return dict;
}

/**
 * Copies `dict` into the parameters, after checking all of it: every parameter's name present,
 * no extra names, the same shapes, finite values, and row 0 = [1, 0 … 0] for augmented
 * weights. The first mismatch (in parameter order, then the first extra name) is a
 * `StateDictError`; nothing is written unless everything fits. Values on another backend or
 * in another dtype are converted.
 */
export function loadStateDictInto(parameters: readonly Parameter[], dict: StateDictLike): void {
  const entries = new Map(stateDictEntries(dict));
  for (const p of parameters) {
    const t = entries.get(p.name);
    if (t === undefined) {
      throw new StateDictError(
        `loadStateDict: '${p.name}' (${formatShape(p.value.shape)}) is missing from the state ` +
          `dict, which has ${[...entries.keys()].map((k) => `'${k}'`).join(', ') || 'no entries'}`,
      );
    }
    if (t.rows !== p.value.rows || t.cols !== p.value.cols) {
      throw new StateDictError(
        `loadStateDict: '${p.name}' has shape ${formatShape(t.shape)} in the state dict, ` +
          `${formatShape(p.value.shape)} in the network`,
      );
    }
    const error = (m: string): StateDictError => new StateDictError(m);
    checkTensorFinite(`loadStateDict: '${p.name}'`, t, error);
    if (p.fixedRow0) checkFixedRow0(`loadStateDict: '${p.name}'`, t, error);
  }
  const known = new Set(parameters.map((p) => p.name));
  for (const name of entries.keys()) {
    if (!known.has(name)) {
      throw new StateDictError(
        `loadStateDict: the state dict has '${name}', which is not a parameter of the network ` +
          `(its parameters: ${[...known].map((k) => `'${k}'`).join(', ') || 'none'})`,
      );
    }
  }
  for (const p of parameters) {
    const t = entries.get(p.name)!;
    if (t.backend === p.value.backend && t.dtype === p.value.dtype) {
      p.value.backend.copy(t, p.value);
    } else {
      // Another backend or dtype: move the values through the host.
      p.value.backend.write(p.value, t.toTypedArray());
    }
  }
}

function isTensor(t: unknown): t is Tensor {
  return (
    typeof t === 'object' &&
    t !== null &&
    'backend' in t &&
    'rows' in t &&
    'cols' in t &&
    'dtype' in t
  );
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return v.constructor?.name ?? 'an object';
  return typeof v;
}
