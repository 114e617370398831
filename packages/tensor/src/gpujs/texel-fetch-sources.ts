import type { ActivationKind } from '../backend.js';
import { activationGradSource, activationSource, type ProductShape } from './kernel-sources.js';

/**
 * WebGL2 kernels that read their operands with GLSL's `texelFetch` (integer texel coordinates)
 * instead of gpu.js's index helpers. gpu.js turns every `a[i]` into a flat index, an integer
 * division and remainder by the texture's width, and a division into normalised coordinates
 * before the texture read; on SwiftShader (which runs shaders on the CPU) that arithmetic, not the
 * multiply-adds, is what a product kernel spends its time on. The hot loops are therefore GLSL
 * functions handed to gpu.js as native functions; the kernels around them stay gpu.js source.
 *
 * A gpu.js kernel passes an array argument `a` to a native function as `a, aSize, aDim` (the
 * sampler, its texture size, its logical size); `argumentTypes` says which arguments are
 * textures: `ArrayTexture(1)` for tensors (one float per texel, in the red channel, laid out
 * row-major in a near-square texture by gpu.js) and `ArrayTexture(4)` for packed operands.
 */
export interface NativeFunction {
  name: string;
  source: string;
  argumentTypes: Record<string, string>;
  returnType: string;
}

/** A kernel's gpu.js source and the GLSL functions it calls. */
export interface TexelFetchKernel {
  source: string;
  natives: NativeFunction[];
}

const TENSOR = 'ArrayTexture(1)';
const PACKED = 'ArrayTexture(4)';

/**
 * `same(a)`: element `i` of `a` for the thread of output element `i`, when `a` holds as many
 * elements as the output (so gpu.js gave both the same texture size): the texel under this
 * fragment, no index arithmetic at all.
 */
function same(name: string): NativeFunction {
  return {
    name,
    source: `float ${name}(sampler2D a, ivec2 aSize, ivec3 aDim) {
  return texelFetch(a, ivec2(gl_FragCoord.xy), 0).r;
}`,
    argumentTypes: { a: TENSOR },
    returnType: 'Number',
  };
}

/** alpha·x + beta·y, both read under the fragment. */
export const axpbyTexelSource: TexelFetchKernel = {
  source: 'function (x, y, alpha, beta) { return alpha * sameX(x) + beta * sameY(y); }',
  natives: [same('sameX'), same('sameY')],
};

/** How a texelFetch kernel finds an operand: a tensor's texture, or a product still in blocks. */
export type Operand = { blocks: false } | { blocks: true; shape: ProductShape };

/**
 * Rewrites `source` (a kernel of kernel-sources that reads `name[i]`, i its thread) to read
 * `name` as `operand` says: under the fragment, or (blocks) alpha · its 2×2 block's element i,
 * +0 in row 0 under zeroRow0 (as unblockTexelSource lays it out); the alpha comes as a kernel
 * argument `${name}A2` after the others.
 */
function readOperand(kernel: TexelFetchKernel, name: string, operand: Operand): TexelFetchKernel {
  const reader = `read${name[0]!.toUpperCase()}${name.slice(1)}`;
  if (!operand.blocks) {
    return {
      source: kernel.source.replace(`${name}[i]`, `${reader}(${name})`),
      natives: [...kernel.natives, same(reader)],
    };
  }
  const { N, zeroRow0 } = operand.shape;
  const native: NativeFunction = {
    name: reader,
    source: `float ${reader}(sampler2D p, ivec2 pSize, ivec3 pDim, float a2, float i) {
  int k = int(i);
  int r = k / ${N};
  int c = k - r * ${N};${zeroRow0 ? '\n  if (r == 0) { return 0.0; }' : ''}
  vec4 v = texelFetch(p, ivec2(c / 2, r / 2), 0);
  float s = v.w;
  if (r - (r / 2) * 2 == 0) { s = c - (c / 2) * 2 == 0 ? v.x : v.y; }
  else if (c - (c / 2) * 2 == 0) { s = v.z; }
  return a2 * s;
}`,
    argumentTypes: { p: PACKED, a2: 'Number', i: 'Number' },
    returnType: 'Number',
  };
  const open = kernel.source.indexOf(')');
  return {
    source: `${kernel.source.slice(0, open)}, ${name}A2${kernel.source.slice(open)}`.replace(
      `${name}[i]`,
      `${reader}(${name}, ${name}A2, i)`,
    ),
    natives: [...kernel.natives, native],
  };
}

/** The activation of kernel-sources, reading z under the fragment or from its blocks. */
export function activationTexelSource(
  kind: ActivationKind,
  cols: number,
  z: Operand,
): TexelFetchKernel {
  return readOperand({ source: activationSource(kind, cols), natives: [] }, 'z', z);
}

/** The activation gradient of kernel-sources, reading z and dA as `activationTexelSource`. */
export function activationGradTexelSource(
  kind: ActivationKind,
  cols: number,
  z: Operand,
  dA: Operand,
): TexelFetchKernel {
  const kernel = { source: activationGradSource(kind, cols), natives: [] };
  return readOperand(readOperand(kernel, 'z', z), 'dA', dA);
}

/**
 * A packed operand as a 2-D texture: texel (q, r) = op(X)[r, 4q … 4q+3] for r < rows, zeros
 * past `rows` and past K (padding). Element k of row r is stored at r·outerStride + k·kStride
 * of the flat tensor: A (M×K) is (K, 1), Aᵀ stored K×M is (1, M); for op(B)'s columns, B (K×N)
 * is (1, N) and Bᵀ stored N×K is (K, 1). Output [⌈K/4⌉, padded rows].
 */
export function packTexelSource(
  rows: number,
  K: number,
  outerStride: number,
  kStride: number,
): TexelFetchKernel {
  const element = (j: number) => `  k = q + ${j};
  if (k < ${K}) {
    i = r * ${outerStride} + k * ${kStride};
    y = i / aSize.x;
    v[${j}] = texelFetch(a, ivec2(i - y * aSize.x, y), 0).r;
  }`;
  return {
    source: 'function (a) { return packAt(a); }',
    natives: [
      {
        name: 'packAt',
        source: `vec4 packAt(sampler2D a, ivec2 aSize, ivec3 aDim) {
  ivec2 t = ivec2(gl_FragCoord.xy);
  int q = t.x * 4;
  int r = t.y;
  vec4 v = vec4(0.0);
  if (r >= ${rows}) { return v; }
  int k;
  int i;
  int y;
${[0, 1, 2, 3].map(element).join('\n')}
  return v;
}`,
        argumentTypes: { a: TENSOR },
        returnType: 'Array(4)',
      },
    ],
  };
}

const blockElement: NativeFunction = {
  name: 'blockElement',
  source: `float blockElement(sampler2D p, ivec2 pSize, ivec3 pDim, float r, float c) {
  int ri = int(r);
  int ci = int(c);
  vec4 v = texelFetch(p, ivec2(ci / 2, ri / 2), 0);
  int odd = ci - (ci / 2) * 2;
  if (ri - (ri / 2) * 2 == 0) { return odd == 0 ? v.x : v.y; }
  return odd == 0 ? v.z : v.w;
}`,
  argumentTypes: { p: PACKED, r: 'Number', c: 'Number' },
  returnType: 'Number',
};

/** Row r and column c of the thread's element in an N-column tensor, then `s` = a2·block element. */
function blockValue(N: number, zeroRow0: boolean): string {
  return `let i = this.thread.x;
  let r = Math.floor((i + 0.5) / ${N}.0);
  let c = i - r * ${N}.0;
  if (c < 0) { r = r - 1; c = c + ${N}.0; }
  if (c >= ${N}.0) { r = r + 1; c = c - ${N}.0; }
  let s = 0.0;
  ${zeroRow0 ? 'if (r > 0.5) { s = a2 * blockElement(p, r, c); }' : 's = a2 * blockElement(p, r, c);'}`;
}

/**
 * out from the blocks of block-sources' blockedProductSource: a2·block element (+ beta·C, C
 * read under the fragment), row 0 zero when asked (all of it, beta·C too). One thread per
 * element of out (1-D, as every tensor).
 */
export function unblockTexelSource({ N, withC, zeroRow0 }: ProductShape): TexelFetchKernel {
  return {
    source: `function (p, a2${withC ? ', cOld, beta' : ''}) {
  ${blockValue(N, zeroRow0)}${withC && zeroRow0 ? '\n  if (r < 0.5) { return 0.0; }' : ''}
  return ${withC ? 's + beta * sameC(cOld)' : 's'};
}`,
    natives: withC ? [blockElement, same('sameC')] : [blockElement],
  };
}
