/**
 * The training settings the web bench reads off the page's form (its defaults), so that Node
 * trains exactly the network the page does.
 */
export interface WebSettings {
  hidden: number[];
  optimizer: 'adam' | 'momentum' | 'sgd';
  lr: number;
  batchSize: number;
  /** The page's CPU dtype (gpu.js is float32 only). */
  dtype: 'float32' | 'float64';
}

/** A timing the page or Node reports: steps done since Start and the training ms they took. */
export interface TimingPoint {
  steps: number;
  ms: number;
}

/**
 * Milliseconds per step over at least `steps` steps, from cumulative timing points: from the
 * first point (the warm-up before it, compiling and the first allocations, is left out) to the
 * first point at least `steps` steps later. Undefined when the points do not span that many.
 */
export function msPerStep(points: readonly TimingPoint[], steps: number): number | undefined {
  const first = points[0];
  if (first === undefined) return undefined;
  const last = points.find((p) => p.steps >= first.steps + steps);
  if (last === undefined) return undefined;
  return (last.ms - first.ms) / (last.steps - first.steps);
}
