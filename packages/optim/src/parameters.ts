import { formatShape, type Parameter, ShapeError, ValueError } from '@mfnet/tensor';

/**
 * The parameters an optimizer or `clipGradNorm` was given, as an array, after checking that
 * each is a {name, value, grad, fixedRow0} whose grad matches its value, and that none is
 * listed twice (it would be updated twice per step).
 */
export function collectParameters(owner: string, parameters: Iterable<Parameter>): Parameter[] {
  if (parameters === null || typeof parameters !== 'object' || !(Symbol.iterator in parameters)) {
    throw new ValueError(
      `${owner}: parameters must be an array or iterable of Parameter (e.g. net.parameters()), got ${String(parameters)}`,
    );
  }
  const list = [...parameters];
  if (list.length === 0) {
    throw new ValueError(`${owner}: got an empty parameter list; nothing to optimize`);
  }
  const seen = new Set<unknown>();
  list.forEach((p, i) => {
    const label = `parameter ${i} ('${String(p?.name)}')`;
    if (p === null || typeof p !== 'object' || p.value === undefined || p.grad === undefined) {
      throw new ValueError(`${owner}: ${label} is not a {name, value, grad, fixedRow0} Parameter`);
    }
    if (p.grad.rows !== p.value.rows || p.grad.cols !== p.value.cols) {
      throw new ShapeError(
        `${owner}: ${label} has value ${formatShape(p.value.shape)} but grad ${formatShape(p.grad.shape)}`,
      );
    }
    if (p.grad.backend !== p.value.backend || p.grad.dtype !== p.value.dtype) {
      throw new ValueError(
        `${owner}: ${label} has its value (${p.value.dtype} on ${p.value.backend.name}) and its ` +
          `grad (${p.grad.dtype} on ${p.grad.backend.name}) on different backends or dtypes`,
      );
    }
    if (seen.has(p.value)) {
      throw new ValueError(`${owner}: ${label} is listed twice; it would be updated twice a step`);
    }
    seen.add(p.value);
  });
  return list;
}
