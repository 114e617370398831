import type { ActivationKind } from '../backend.js';
import type { NativeFunction, TexelFetchKernel } from './texel-fetch-sources.js';

/**
 * WebGL2 kernels on tensors stored in 2×2 blocks: an M×N tensor as a ⌈N/2⌉×⌈M/2⌉ RGBA texture
 * whose texel (bc, br) holds [e(2br, 2bc), e(2br, 2bc+1), e(2br+1, 2bc), e(2br+1, 2bc+1)], the
 * padding past M and N +0. That is the layout the blocked product writes (blockedProductSource),
 * and it keeps products, activations and the optimizer step in it: a product reads an operand
 * in blocks as cheaply as a packed one (two texels per four multiply-adds of a row pair), so the
 * weights, the activations and their gradients need no packing pass, and an element-wise kernel
 * on blocks runs a quarter of the fragments with no index arithmetic (each reads the texel under
 * its own fragment). A tensor in blocks is `alpha` times its texture, row 0 read as +0 where
 * `zeroRow0` says so (the product's settings, kept until something lays it out).
 */

const PACKED = 'ArrayTexture(4)';
const TENSOR = 'ArrayTexture(1)';

/** How a kernel reads an operand as blocks: a texture in blocks, or a tensor laid out flat. */
export type BlockOperand =
  | { blocks: true; zeroRow0: boolean }
  | { blocks: false; rows: number; cols: number };

/**
 * GLSL that sets `vec4 ${out}` to the 2×2 block of operand `p` under this fragment (t, its texel
 * coordinates): alpha `${p}A` times the texel, or four elements gathered from the flat tensor
 * (+0 past its rows and columns).
 */
function readBlock(p: string, operand: BlockOperand, out: string): string {
  if (operand.blocks) {
    const zero = operand.zeroRow0 ? `\n  if (t.y == 0) { ${out}.x = 0.0; ${out}.y = 0.0; }` : '';
    return `  vec4 ${out} = ${p}A * texelFetch(${p}, t, 0);${zero}`;
  }
  const { rows, cols } = operand;
  const element = (
    dr: number,
    dc: number,
    channel: string,
  ) => `  if (t.y * 2 + ${dr} < ${rows} && t.x * 2 + ${dc} < ${cols}) {
    int i = (t.y * 2 + ${dr}) * ${cols} + t.x * 2 + ${dc};
    int iy = i / ${p}Size.x;
    ${out}.${channel} = texelFetch(${p}, ivec2(i - iy * ${p}Size.x, iy), 0).r;
  }`;
  return `  vec4 ${out} = vec4(0.0);
${element(0, 0, 'x')}
${element(0, 1, 'y')}
${element(1, 0, 'z')}
${element(1, 1, 'w')}`;
}

function parameters(p: string): string {
  return `sampler2D ${p}, ivec2 ${p}Size, ivec3 ${p}Dim, float ${p}A`;
}

function argumentTypes(p: string, operand: BlockOperand): Record<string, string> {
  return { [p]: operand.blocks ? PACKED : TENSOR, [`${p}A`]: 'Number' };
}

/**
 * alpha·x + beta·y as blocks, x and y each in blocks or flat; M×N. The kernel's arguments:
 * (x, xAlpha, y, yAlpha, alpha, beta), the alphas of the operands' blocks (1 for flat ones).
 */
export function axpbyBlocksSource(x: BlockOperand, y: BlockOperand): TexelFetchKernel {
  return {
    source:
      'function (x, xA, y, yA, alpha, beta) { return axpbyBlock(x, xA, y, yA, alpha, beta); }',
    natives: [
      {
        name: 'axpbyBlock',
        source: `vec4 axpbyBlock(${parameters('x')}, ${parameters('y')}, float alpha, float beta) {
  ivec2 t = ivec2(gl_FragCoord.xy);
${readBlock('x', x, 'u')}
${readBlock('y', y, 'v')}
  return alpha * u + beta * v;
}`,
        argumentTypes: {
          ...argumentTypes('x', x),
          ...argumentTypes('y', y),
          alpha: 'Number',
          beta: 'Number',
        },
        returnType: 'Array(4)',
      },
    ],
  };
}

/** GLSL statements setting `out` to g(v) (the forms of kernel-sources' FORWARD), p the slope. */
function forward(kind: Exclude<ActivationKind, 'identity'>, v: string, out: string): string {
  switch (kind) {
    case 'relu':
      return `${out} = ${v} > 0.0 ? ${v} : 0.0;`;
    case 'leaky_relu':
      return `${out} = ${v} > 0.0 ? ${v} : p * ${v};`;
    case 'sigmoid':
      return `{ float e = exp(-abs(${v})); ${out} = ${v} >= 0.0 ? 1.0 / (1.0 + e) : e / (1.0 + e); }`;
    case 'tanh':
      return `{ float u = abs(${v}); float h;
    if (u < 0.125) { float u2 = u * u; h = u * (1.0 - u2 * (0.3333333333 - u2 * (0.1333333333 - u2 * 0.05396825397))); }
    else { float e = exp(-2.0 * u); h = (1.0 - e) / (1.0 + e); }
    ${out} = ${v} < 0.0 ? -h : h; }`;
  }
}

/** GLSL statements setting `out` to g′(v)·d (kernel-sources' BACKWARD). */
function backward(
  kind: Exclude<ActivationKind, 'identity'>,
  v: string,
  d: string,
  out: string,
): string {
  switch (kind) {
    case 'relu':
      return `${out} = ${v} > 0.0 ? ${d} : 0.0;`;
    case 'leaky_relu':
      return `${out} = ${v} > 0.0 ? ${d} : p * ${d};`;
    case 'sigmoid':
      return `{ float e = exp(-abs(${v})); float s = 1.0 + e; ${out} = ${d} * (e / (s * s)); }`;
    case 'tanh':
      return `{ float e = exp(-2.0 * abs(${v})); float s = 1.0 + e; ${out} = ${d} * (4.0 * e / (s * s)); }`;
  }
}

const CHANNELS = ['x', 'y', 'z', 'w'] as const;

/**
 * The activation as blocks (Eq. 3.7): g on rows 1…, row 0 (the x and y of block row 0) copied.
 * Arguments (z, zAlpha, p).
 */
export function activationBlocksSource(
  kind: Exclude<ActivationKind, 'identity'>,
  z: BlockOperand,
): TexelFetchKernel {
  const native: NativeFunction = {
    name: 'activationBlock',
    source: `vec4 activationBlock(${parameters('z')}, float p) {
  ivec2 t = ivec2(gl_FragCoord.xy);
${readBlock('z', z, 'v')}
  vec4 o;
  ${CHANNELS.map((c) => forward(kind, `v.${c}`, `o.${c}`)).join('\n  ')}
  if (t.y == 0) { o.x = v.x; o.y = v.y; }
  return o;
}`,
    argumentTypes: { ...argumentTypes('z', z), p: 'Number' },
    returnType: 'Array(4)',
  };
  return { source: 'function (z, zA, p) { return activationBlock(z, zA, p); }', natives: [native] };
}

/**
 * The activation's gradient as blocks (Eq. 3.8): dA ⊙ g′(z) on rows 1…, row 0 +0.
 * Arguments (z, zAlpha, d, dAlpha, p).
 */
export function activationGradBlocksSource(
  kind: Exclude<ActivationKind, 'identity'>,
  z: BlockOperand,
  d: BlockOperand,
): TexelFetchKernel {
  const native: NativeFunction = {
    name: 'activationGradBlock',
    source: `vec4 activationGradBlock(${parameters('z')}, ${parameters('d')}, float p) {
  ivec2 t = ivec2(gl_FragCoord.xy);
${readBlock('z', z, 'v')}
${readBlock('d', d, 'g')}
  vec4 o;
  ${CHANNELS.map((c) => backward(kind, `v.${c}`, `g.${c}`, `o.${c}`)).join('\n  ')}
  if (t.y == 0) { o.x = 0.0; o.y = 0.0; }
  return o;
}`,
    argumentTypes: { ...argumentTypes('z', z), ...argumentTypes('d', d), p: 'Number' },
    returnType: 'Array(4)',
  };
  return {
    source: 'function (z, zA, d, dA, p) { return activationGradBlock(z, zA, d, dA, p); }',
    natives: [native],
  };
}

/**
 * How the blocked product reads an operand: `packed` (packTexelSource: texel (q, r) holds row r
 * of op(X) at k = 4q … 4q+3), or straight from blocks: `rows` where a row of op(X) is a row of
 * the stored tensor (A, or Bᵀ stored N×K), `cols` where it is a column (Aᵀ stored K×M, or B).
 */
export type ProductRead = 'packed' | 'rows' | 'cols';

/**
 * GLSL setting `${v}0`, `${v}1` to rows 2·o and 2·o+1 of op(X) at k = 4q … 4q+3 (o: the block
 * row or column of this fragment); `last`: the four k's end past the blocks (K mod 4 is 1 or 2),
 * so the second texel is padding.
 */
function readPair(p: string, read: ProductRead, o: string, v: string, last: boolean): string {
  switch (read) {
    case 'packed':
      return `${v}0 = texelFetch(${p}, ivec2(q, ${o} * 2), 0);
    ${v}1 = texelFetch(${p}, ivec2(q, ${o} * 2 + 1), 0);`;
    case 'rows': {
      const second = last ? 'vec4(0.0)' : `texelFetch(${p}, ivec2(q * 2 + 1, ${o}), 0)`;
      return `u = texelFetch(${p}, ivec2(q * 2, ${o}), 0);
    w = ${second};
    ${v}0 = vec4(u.xy, w.xy);
    ${v}1 = vec4(u.zw, w.zw);`;
    }
    case 'cols': {
      const second = last ? 'vec4(0.0)' : `texelFetch(${p}, ivec2(${o}, q * 2 + 1), 0)`;
      return `u = texelFetch(${p}, ivec2(${o}, q * 2), 0);
    w = ${second};
    ${v}0 = vec4(u.xz, w.xz);
    ${v}1 = vec4(u.yw, w.yw);`;
    }
  }
}

/**
 * The blocked product: the thread at (bc, br) makes the 2×2 block rows 2br, 2br+1 × columns
 * 2bc, 2bc+1 of op(A)·op(B) as one RGBA texel [s00, s01, s10, s11], each operand read as `a`
 * and `b` say (four texel reads per sixteen multiply-adds either way). Output [⌈N/2⌉, ⌈M/2⌉].
 */
export function blockedProductSource(
  K: number,
  a: ProductRead = 'packed',
  b: ProductRead = 'packed',
): TexelFetchKernel {
  const K4 = Math.ceil(K / 4);
  // With K mod 4 in {1, 2} the last four k's hold one texel of blocks, not two.
  const tail = (a !== 'packed' || b !== 'packed') && Math.ceil(K / 2) % 2 === 1;
  const body = (last: boolean) => `${readPair('pa', a, 't.y', 'x', last)}
    ${readPair('pb', b, 't.x', 'y', last)}
    s += vec4(dot(x0, y0), dot(x0, y1), dot(x1, y0), dot(x1, y1));`;
  return {
    source: 'function (pa, pb) { return blockAt(pa, pb); }',
    natives: [
      {
        name: 'blockAt',
        source: `vec4 blockAt(sampler2D pa, ivec2 paSize, ivec3 paDim, sampler2D pb, ivec2 pbSize, ivec3 pbDim) {
  ivec2 t = ivec2(gl_FragCoord.xy);
  vec4 s = vec4(0.0);
  vec4 x0; vec4 x1; vec4 y0; vec4 y1; vec4 u; vec4 w;
  for (int q = 0; q < ${tail ? K4 - 1 : K4}; q++) {
    ${body(false)}
  }${tail ? `\n  {\n    int q = ${K4 - 1};\n    ${body(true)}\n  }` : ''}
  return s;
}`,
        argumentTypes: { pa: PACKED, pb: PACKED },
        returnType: 'Array(4)',
      },
    ],
  };
}

/**
 * An uploaded host array (gpu.js uploads a Float32Array argument four elements to a texel, in a
 * near-square texture) laid out as the blocks of a rows×cols tensor: the upload goes straight
 * into the layout products read, with no copy pass before it.
 */
export function blocksFromHostSource(rows: number, cols: number): TexelFetchKernel {
  const element = (
    dr: number,
    dc: number,
    channel: string,
  ) => `  if (t.y * 2 + ${dr} < ${rows} && t.x * 2 + ${dc} < ${cols}) {
    int i = (t.y * 2 + ${dr}) * ${cols} + t.x * 2 + ${dc};
    int j = i / 4;
    int iy = j / aSize.x;
    o.${channel} = texelFetch(a, ivec2(j - iy * aSize.x, iy), 0)[i - j * 4];
  }`;
  return {
    source: 'function (a) { return hostBlock(a); }',
    natives: [
      {
        name: 'hostBlock',
        source: `vec4 hostBlock(sampler2D a, ivec2 aSize, ivec3 aDim) {
  ivec2 t = ivec2(gl_FragCoord.xy);
  vec4 o = vec4(0.0);
${element(0, 0, 'x')}
${element(0, 1, 'y')}
${element(1, 0, 'z')}
${element(1, 1, 'w')}
  return o;
}`,
        argumentTypes: { a: 'Array' },
        returnType: 'Array(4)',
      },
    ],
  };
}
