import type { ActivationKind, BinaryOp, UnaryOp } from '../backend.js';

/**
 * The gpu.js kernels of the backend, as source text. gpu.js translates a kernel's JavaScript
 * source to GLSL, WebAssembly or plain JS; giving it text (not functions) keeps the source out
 * of reach of bundlers and test transforms that would rewrite it.
 *
 * Every kernel has a 1-D output of rows·cols elements (gpu.js lays 1-D outputs out as near-square
 * textures, so no side of a texture limits a tensor's width) and reads its inputs flat, row-major.
 * Sizes are baked into the source as literals: a kernel is compiled once per shape and reused.
 */

/** Integers below 2^24 are exact in float32, which GL kernels index with. */
export const MAX_ELEMENTS = 2 ** 24;

/** Elements each thread of a reduction's first pass sums (a pairwise-ish sum: chunk, then tree). */
export const REDUCE_CHUNK = 256;

/** A float literal for GLSL (which refuses `1` where a float is expected in some spots). */
function f(x: number): string {
  return Number.isInteger(x) ? `${x}.0` : String(x);
}

/**
 * Row and column of flat index `i` in a tensor of `cols` columns, exact for i < 2^24: the float
 * division may be a few ulps off, so the remainder is corrected by one row either way.
 */
function rowCol(cols: number): string {
  return `let i = this.thread.x;
  let r = Math.floor((i + 0.5) / ${f(cols)});
  let c = i - r * ${f(cols)};
  if (c < 0) { r = r - 1; c = c + ${f(cols)}; }
  if (c >= ${f(cols)}) { r = r + 1; c = c - ${f(cols)}; }`;
}

export const copySource = 'function (a) { return a[this.thread.x]; }';

export const constantSource = 'function (v) { return v; }';

/** Elements [start, end) set to v, the others copied from a. */
export function fillRangeSource(start: number, end: number): string {
  return `function (a, v) {
  let i = this.thread.x;
  if (i >= ${f(start)} && i < ${f(end)}) { return v; }
  return a[i];
}`;
}

const BINARY: Record<BinaryOp, string> = { add: '+', sub: '-', mul: '*', div: '/' };

export function binarySource(op: BinaryOp): string {
  return `function (a, b) { return a[this.thread.x] ${BINARY[op]} b[this.thread.x]; }`;
}

const UNARY: Record<UnaryOp, string> = {
  exp: 'Math.exp(v)',
  log: 'Math.log(v)',
  sqrt: 'Math.sqrt(v)',
  neg: '-v',
  abs: 'Math.abs(v)',
  square: 'v * v',
};

export function unarySource(op: UnaryOp): string {
  return `function (a) { let v = a[this.thread.x]; return ${UNARY[op]}; }`;
}

export const affineSource = 'function (a, alpha, beta) { return alpha * a[this.thread.x] + beta; }';

export const axpbySource =
  'function (x, y, alpha, beta) { return alpha * x[this.thread.x] + beta * y[this.thread.x]; }';

export const clipSource = `function (a, lo, hi) {
  let v = a[this.thread.x];
  if (v < lo) { return lo; }
  if (v > hi) { return hi; }
  return v;
}`;

/**
 * g(v) for each activation, written so that float32 neither overflows nor loses the small values:
 * sigmoid and tanh go through e = exp(−|v|) ≤ 1, and tanh of small |v| uses its Taylor series
 * (1 − e would cancel there).
 */
const FORWARD: Record<ActivationKind, string> = {
  identity: 'return v;',
  relu: 'if (v > 0) { return v; } return 0.0;',
  leaky_relu: 'if (v > 0) { return v; } return p * v;',
  sigmoid: `let e = Math.exp(-Math.abs(v));
  if (v >= 0) { return 1.0 / (1.0 + e); }
  return e / (1.0 + e);`,
  tanh: `let u = Math.abs(v);
  let t = 0.0;
  if (u < 0.125) {
    let u2 = u * u;
    t = u * (1.0 - u2 * (0.3333333333 - u2 * (0.1333333333 - u2 * 0.05396825397)));
  } else {
    let e = Math.exp(-2.0 * u);
    t = (1.0 - e) / (1.0 + e);
  }
  if (v < 0) { return -t; }
  return t;`,
};

/** g′(v)·d, with g′ in the same overflow-free forms: σ′ = e/(1+e)², tanh′ = 4e/(1+e)², e = exp(−|v|·k). */
const BACKWARD: Record<ActivationKind, string> = {
  identity: 'return d;',
  relu: 'if (v > 0) { return d; } return 0.0;',
  leaky_relu: 'if (v > 0) { return d; } return p * d;',
  sigmoid: `let e = Math.exp(-Math.abs(v));
  let s = 1.0 + e;
  return d * (e / (s * s));`,
  tanh: `let e = Math.exp(-2.0 * Math.abs(v));
  let s = 1.0 + e;
  return d * (4.0 * e / (s * s));`,
};

/** g on rows 1…, row 0 (the first `cols` elements) copied (Eq. 3.7). */
export function activationSource(kind: ActivationKind, cols: number): string {
  return `function (z, p) {
  let i = this.thread.x;
  let v = z[i];
  if (i < ${f(cols)}) { return v; }
  ${FORWARD[kind]}
}`;
}

/** dA ⊙ g′(z) on rows 1…, row 0 zero (Eq. 3.8). */
export function activationGradSource(kind: ActivationKind, cols: number): string {
  return `function (z, dA, p) {
  let i = this.thread.x;
  if (i < ${f(cols)}) { return 0.0; }
  let v = z[i];
  let d = dA[i];
  ${BACKWARD[kind]}
}`;
}

/** Rows from `start` on; the output's size says how many. */
export function sliceSource(offset: number): string {
  return `function (a) { return a[this.thread.x + ${f(offset)}]; }`;
}

/** [top; bottom], where top holds `topSize` elements. */
export function concatSource(topSize: number): string {
  return `function (top, bottom) {
  let i = this.thread.x;
  if (i < ${f(topSize)}) { return top[i]; }
  return bottom[i - ${f(topSize)}];
}`;
}

/**
 * out = alpha·op(A)·op(B) (+ beta·C), op(A) M×K, op(B) K×N; one thread per element of out.
 * Stored A is M×K (K×M when transposed), stored B is K×N (N×K when transposed).
 */
export function matmulSource(shape: ProductShape, transA: boolean, transB: boolean): string {
  const { M, N, K } = shape;
  const aIndex = transA ? `k * ${f(M)} + r` : `r * ${f(K)} + k`;
  const bIndex = transB ? `c * ${f(K)} + k` : `k * ${f(N)} + c`;
  return `function (a, b, ${productTail(shape)}
  for (let k = 0; k < ${K}; k++) {
    s += a[${aIndex}] * b[${bIndex}];
  }
  return ${productResult(shape)};
}`;
}

/** What a product kernel needs to know: op(A) M×K, op(B) K×N, whether it adds beta·C, row 0. */
export interface ProductShape {
  M: number;
  N: number;
  K: number;
  /** out = alpha·op(A)·op(B) + beta·C, C the old out (else beta is taken as 0). */
  withC: boolean;
  /** Row 0 of out is set to 0 (MatmulOptions.zeroRow0). */
  zeroRow0: boolean;
}

/** The rest of a product kernel's arguments and its start: row r, column c, an empty sum s. */
function productTail({ N, withC, zeroRow0 }: ProductShape): string {
  return `alpha${withC ? ', cOld, beta' : ''}) {
  ${rowCol(N)}${zeroRow0 ? '\n  if (r < 0.5) { return 0.0; }' : ''}
  let s = 0.0;`;
}

function productResult({ withC }: ProductShape): string {
  return withC ? 'alpha * s + beta * cOld[i]' : 'alpha * s';
}

/** 1×cols: the largest element of each column of a rows×cols tensor. */
export function colMaxSource(rows: number, cols: number): string {
  return `function (a) {
  let j = this.thread.x;
  let m = a[j];
  for (let r = 1; r < ${rows}; r++) {
    m = Math.max(m, a[r * ${f(cols)} + j]);
  }
  return m;
}`;
}

/** 1×cols: Σ_r exp(a_rj − m_j). */
export function colExpSumSource(rows: number, cols: number): string {
  return `function (a, m) {
  let j = this.thread.x;
  let s = 0.0;
  for (let r = 0; r < ${rows}; r++) {
    s += Math.exp(a[r * ${f(cols)} + j] - m[j]);
  }
  return s;
}`;
}

/** exp(a_ij − m_j) / s_j (Eq. 4.4, shifted by the column max). */
export function softmaxSource(cols: number): string {
  return `function (a, m, s) {
  ${rowCol(cols)}
  return Math.exp(a[i] - m[c]) / s[c];
}`;
}

/** 1×cols: the row of each column's largest element, the first on ties (as a float). */
export function argmaxSource(rows: number, cols: number): string {
  return `function (a) {
  let j = this.thread.x;
  let best = a[j];
  let arg = 0.0;
  for (let r = 1; r < ${rows}; r++) {
    let v = a[r * ${f(cols)} + j];
    if (v > best) {
      best = v;
      arg = r;
    }
  }
  return arg;
}`;
}

export function sumRowsSource(cols: number): string {
  return `function (a) {
  let base = this.thread.x * ${f(cols)};
  let s = 0.0;
  for (let j = 0; j < ${cols}; j++) {
    s += a[base + j];
  }
  return s;
}`;
}

export function sumColsSource(rows: number, cols: number): string {
  return `function (a) {
  let j = this.thread.x;
  let s = 0.0;
  for (let r = 0; r < ${rows}; r++) {
    s += a[r * ${f(cols)} + j];
  }
  return s;
}`;
}

/** The reductions to one number, each done in chunks of REDUCE_CHUNK per thread, then again. */
export type ReduceKind = 'sum' | 'dot' | 'min' | 'max';

/**
 * One pass of a reduction over n elements: thread t combines elements [t·CHUNK, (t+1)·CHUNK).
 * `dot` multiplies its inputs first; later passes combine partial results with `sum`, `min` or
 * `max`.
 */
export function reduceSource(kind: ReduceKind, n: number): string {
  const first = `let base = this.thread.x * ${f(REDUCE_CHUNK)};`;
  const guard = `if (idx < ${f(n)})`;
  switch (kind) {
    case 'sum':
    case 'dot': {
      const term = kind === 'sum' ? 'a[idx]' : 'a[idx] * b[idx]';
      const args = kind === 'sum' ? 'a' : 'a, b';
      return `function (${args}) {
  ${first}
  let s = 0.0;
  for (let k = 0; k < ${REDUCE_CHUNK}; k++) {
    let idx = base + k;
    ${guard} { s += ${term}; }
  }
  return s;
}`;
    }
    case 'min':
    case 'max': {
      const pick = kind === 'min' ? 'Math.min' : 'Math.max';
      return `function (a) {
  ${first}
  let m = a[base];
  for (let k = 1; k < ${REDUCE_CHUNK}; k++) {
    let idx = base + k;
    ${guard} { m = ${pick}(m, a[idx]); }
  }
  return m;
}`;
    }
  }
}

/**
 * Packed operands of a GL matmul: four consecutive elements along K in one RGBA texel, so that
 * the product fetches one texel per four multiply-adds per operand instead of one per element
 * (gpu.js's texture fetch, with its index arithmetic, is what a GL matmul spends its time on).
 * K is padded with zeros to a multiple of 4.
 *
 * `packRowsSource`: texel (r, q) = op(A)[r, 4q … 4q+3], op(A) M×K, stored A M×K or (transA) K×M.
 */
export function packRowsSource(M: number, K: number, trans: boolean): string {
  const K4 = Math.ceil(K / 4);
  const at = (k: string): string => (trans ? `(${k}) * ${f(M)} + r` : `r * ${f(K)} + ${k}`);
  return packSource(K4, K, 'r', 'q', at, M);
}

/** Texel (c, q) = op(B)[4q … 4q+3, c], op(B) K×N, stored B K×N or (transB) N×K. */
export function packColsSource(K: number, N: number, trans: boolean): string {
  const K4 = Math.ceil(K / 4);
  const at = (k: string): string => (trans ? `c * ${f(K)} + ${k}` : `(${k}) * ${f(N)} + c`);
  return packSource(K4, K, 'c', 'q', at, N);
}

function packSource(
  K4: number,
  K: number,
  outer: string,
  inner: string,
  at: (k: string) => string,
  rows: number,
): string {
  return `function (a) {
  let i = this.thread.x;
  let ${outer} = Math.floor((i + 0.5) / ${f(K4)});
  let ${inner} = i - ${outer} * ${f(K4)};
  if (${inner} < 0) { ${outer} = ${outer} - 1; ${inner} = ${inner} + ${f(K4)}; }
  if (${inner} >= ${f(K4)}) { ${outer} = ${outer} + 1; ${inner} = ${inner} - ${f(K4)}; }
  if (${outer} >= ${f(rows)}) { return [0.0, 0.0, 0.0, 0.0]; }
  let k = ${inner} * 4.0;
  let v0 = a[${at('k')}];
  let v1 = 0.0;
  let v2 = 0.0;
  let v3 = 0.0;
  if (k + 1.0 < ${f(K)}) { v1 = a[${at('k + 1.0')}]; }
  if (k + 2.0 < ${f(K)}) { v2 = a[${at('k + 2.0')}]; }
  if (k + 3.0 < ${f(K)}) { v3 = a[${at('k + 3.0')}]; }
  return [v0, v1, v2, v3];
}`;
}

/**
 * out = alpha·op(A)·op(B) (+ beta·C) from the packed operands (packRowsSource, packColsSource):
 * one thread per element of out, a 4-wide dot product per texel pair.
 */
export function packedMatmulSource(shape: ProductShape): string {
  const K4 = Math.ceil(shape.K / 4);
  return `function (pa, pb, ${productTail(shape)}
  let ra = r * ${f(K4)};
  let cb = c * ${f(K4)};
  for (let q = 0; q < ${K4}; q++) {
    let x = pa[ra + q];
    let y = pb[cb + q];
    s += x[0] * y[0] + x[1] * y[1] + x[2] * y[2] + x[3] * y[3];
  }
  return ${productResult(shape)};
}`;
}
/** Column j's softmax pieces over rows 1…C of `z` (cols m): its max `mx` and Σ exp(z − mx) `s`. */
function columnSoftmax(C: number, m: number): string {
  return `let mx = z[${f(m)} + j];
  for (let k = 2; k < ${C + 1}; k++) {
    mx = Math.max(mx, z[k * ${f(m)} + j]);
  }
  let s = 0.0;
  for (let k = 1; k < ${C + 1}; k++) {
    s += Math.exp(z[k * ${f(m)} + j] - mx);
  }`;
}

/**
 * The per-column pieces of `crossEntropy` for (C+1)×m logits z and targets y, 3m outputs:
 * [0, m) −Σᵢ yᵢⱼ log clip(Sᵢⱼ, floor, 1); [m, 2m) |Σᵢ yᵢⱼ − 1|; [2m, 3m) minᵢ yᵢⱼ (rows i ≥ 1).
 */
export function crossEntropyColumnsSource(C: number, m: number): string {
  return `function (z, y, floor) {
  let t = this.thread.x;
  let q = Math.floor((t + 0.5) / ${f(m)});
  let j = t - q * ${f(m)};
  if (j < 0) { q = q - 1; j = j + ${f(m)}; }
  if (j >= ${f(m)}) { q = q + 1; j = j - ${f(m)}; }
  if (q < 0.5) {
    ${columnSoftmax(C, m)}
    let term = 0.0;
    for (let k = 1; k < ${C + 1}; k++) {
      let p = Math.min(Math.max(Math.exp(z[k * ${f(m)} + j] - mx) / s, floor), 1.0);
      term -= y[k * ${f(m)} + j] * Math.log(p);
    }
    return term;
  }
  if (q < 1.5) {
    let total = 0.0;
    for (let k = 1; k < ${C + 1}; k++) {
      total += y[k * ${f(m)} + j];
    }
    return Math.abs(total - 1.0);
  }
  let least = y[${f(m)} + j];
  for (let k = 2; k < ${C + 1}; k++) {
    least = Math.min(least, y[k * ${f(m)} + j]);
  }
  return least;
}`;
}

/** The three numbers of `crossEntropy` from its 3m column pieces: Σ/m, max, min. */
export function crossEntropyTotalsSource(m: number): string {
  return `function (v) {
  let q = this.thread.x;
  if (q < 0.5) {
    let s = 0.0;
    for (let j = 0; j < ${m}; j++) {
      s += v[j];
    }
    return s / ${f(m)};
  }
  if (q < 1.5) {
    let worst = v[${f(m)}];
    for (let j = 1; j < ${m}; j++) {
      worst = Math.max(worst, v[${f(m)} + j]);
    }
    return worst;
  }
  let least = v[${f(2 * m)}];
  for (let j = 1; j < ${m}; j++) {
    least = Math.min(least, v[${f(2 * m)} + j]);
  }
  return least;
}`;
}

/** ∂J/∂Ŷ of crossEntropy: row 0 zero, rows 1… (softmax(z) − y)·invM (spec-notes, slip 1). */
export function crossEntropyGradSource(C: number, m: number): string {
  return `function (z, y, invM) {
  let i = this.thread.x;
  let r = Math.floor((i + 0.5) / ${f(m)});
  let j = i - r * ${f(m)};
  if (j < 0) { r = r - 1; j = j + ${f(m)}; }
  if (j >= ${f(m)}) { r = r + 1; j = j - ${f(m)}; }
  if (r < 0.5) { return 0.0; }
  ${columnSoftmax(C, m)}
  return (Math.exp(z[i] - mx) / s - y[i]) * invM;
}`;
}

/**
 * The blocked product: each thread makes a 2×2 block of op(A)·op(B) from two packed rows of A
 * and two packed columns of B (four fetches per sixteen multiply-adds), written as one RGBA
 * texel; operands packed with an even number of rows and columns (the padding is zeros).
 * Blocks are laid out row-major, ⌈N/2⌉ per block row.
 */
export function blockedMatmulSource(K: number, N: number): string {
  const K4 = Math.ceil(K / 4);
  const NB = Math.ceil(N / 2);
  return `function (pa, pb) {
  let t = this.thread.x;
  let br = Math.floor((t + 0.5) / ${f(NB)});
  let bc = t - br * ${f(NB)};
  if (bc < 0) { br = br - 1; bc = bc + ${f(NB)}; }
  if (bc >= ${f(NB)}) { br = br + 1; bc = bc - ${f(NB)}; }
  let a0 = br * ${f(2 * K4)};
  let a1 = a0 + ${f(K4)};
  let b0 = bc * ${f(2 * K4)};
  let b1 = b0 + ${f(K4)};
  let s00 = 0.0;
  let s01 = 0.0;
  let s10 = 0.0;
  let s11 = 0.0;
  for (let q = 0; q < ${K4}; q++) {
    let x0 = pa[a0 + q];
    let x1 = pa[a1 + q];
    let y0 = pb[b0 + q];
    let y1 = pb[b1 + q];
    s00 += x0[0] * y0[0] + x0[1] * y0[1] + x0[2] * y0[2] + x0[3] * y0[3];
    s01 += x0[0] * y1[0] + x0[1] * y1[1] + x0[2] * y1[2] + x0[3] * y1[3];
    s10 += x1[0] * y0[0] + x1[1] * y0[1] + x1[2] * y0[2] + x1[3] * y0[3];
    s11 += x1[0] * y1[0] + x1[1] * y1[1] + x1[2] * y1[2] + x1[3] * y1[3];
  }
  return [s00, s01, s10, s11];
}`;
}

/**
 * out from the 2×2 blocks of blockedMatmulSource: alpha·block element (+ beta·C), row 0 zero
 * when asked. One thread per element of out.
 */
export function unblockSource(shape: ProductShape): string {
  const NB = Math.ceil(shape.N / 2);
  return `function (p, ${productTail(shape)}
  let hr = Math.floor(r * 0.5);
  let hc = Math.floor(c * 0.5);
  let v = p[hr * ${f(NB)} + hc];
  let odd = c - hc * 2.0;
  if (r - hr * 2.0 < 0.5) {
    s = v[0];
    if (odd > 0.5) { s = v[1]; }
  } else {
    s = v[2];
    if (odd > 0.5) { s = v[3]; }
  }
  return ${productResult(shape)};
}`;
}
