/**
 * Output textures of gpu.js kernels, recycled. A pipeline kernel whose last result is still held
 * (by a tensor) makes a new GL texture for its next result: createTexture and texImage2D, which
 * in Chromium also clears it before the first draw. Measured in headless Chromium on SwiftShader
 * (tools/bench, `src/profile-gpujs.ts`), that is about 0.11 ms of a 0.18 ms kernel call, on
 * every one of a training step's kernels. This pool keeps the textures the backend releases and
 * puts one of the right size and format under a kernel before it runs, so that gpu.js reuses it
 * instead of allocating.
 *
 * It works on gpu.js's GL texture objects (`GLTexture`: `texture` is the WebGLTexture, whose
 * `_refs` counts the GLTextures sharing it; the kernel's own output is `kernel.texture`, and
 * `kernel._textureSwitched` makes it re-attach that to its framebuffer), the same fields
 * gpu.js's own `beforeMutate` uses. Only a texture that nothing else shares (one ref, ours) is
 * taken in.
 */

interface RawTexture {
  _refs?: number;
}

interface GLTextureLike {
  texture: RawTexture;
  size: readonly number[];
  internalFormat: number;
  _deleted?: boolean;
  kernel?: { textureCache?: RawTexture[] };
  context?: { deleteTexture(texture: RawTexture): void };
}

interface KernelLike {
  texture?: GLTextureLike | null;
  _textureSwitched?: boolean | null;
}

/** At most this many free textures are kept (of all sizes); past it the oldest are deleted. */
const MAX_FREE = 64;

function isGLTexture(value: unknown): value is GLTextureLike {
  const t = value as Partial<GLTextureLike> | null;
  return (
    typeof t === 'object' &&
    t !== null &&
    typeof t.texture === 'object' &&
    t.texture !== null &&
    typeof t.size?.[0] === 'number' &&
    typeof t.internalFormat === 'number'
  );
}

function keyOf(t: GLTextureLike): string {
  return `${t.size[0]}x${t.size[1]}:${t.internalFormat}`;
}

export class TexturePool {
  private readonly free = new Map<string, RawTexture[]>();
  /** Free textures in the order they came in, for deleting the oldest. */
  private readonly order: { key: string; texture: RawTexture }[] = [];
  private context: GLTextureLike['context'];

  /** Free textures held now. */
  get size(): number {
    return this.order.length;
  }

  /**
   * Before `kernel` runs: if gpu.js would make a new output texture (its last result is still
   * shared), give it a free one of the same size and format instead.
   */
  prepare(kernel: unknown): void {
    const out = (kernel as KernelLike).texture;
    if (!isGLTexture(out) || (out.texture._refs ?? 0) <= 1) return;
    const key = keyOf(out);
    const texture = this.free.get(key)?.pop();
    if (texture === undefined) return;
    this.order.splice(
      this.order.findIndex((e) => e.texture === texture),
      1,
    );
    out.texture._refs = (out.texture._refs ?? 1) - 1;
    texture._refs = 1;
    out.texture = texture;
    (kernel as KernelLike)._textureSwitched = true;
  }

  /**
   * Takes in a kernel result that nothing holds any more. Returns false (the caller deletes it
   * as usual) where it is not a GL texture or another object still shares its GL texture.
   */
  take(value: unknown): boolean {
    if (!isGLTexture(value) || value._deleted === true || value.texture._refs !== 1) return false;
    const { texture } = value;
    value._deleted = true;
    texture._refs = 0;
    // The kernel that made it deletes the textures in its cache when destroyed; this one is
    // the pool's now.
    const cache = value.kernel?.textureCache;
    const at = cache?.indexOf(texture) ?? -1;
    if (at >= 0) cache!.splice(at, 1);
    this.context = value.context;
    const key = keyOf(value);
    const list = this.free.get(key);
    if (list === undefined) this.free.set(key, [texture]);
    else list.push(texture);
    this.order.push({ key, texture });
    while (this.order.length > MAX_FREE) {
      const oldest = this.order.shift()!;
      const same = this.free.get(oldest.key)!;
      same.splice(same.indexOf(oldest.texture), 1);
      this.context?.deleteTexture(oldest.texture);
    }
    return true;
  }

  /** Deletes every free texture. */
  clear(): void {
    for (const { texture } of this.order) this.context?.deleteTexture(texture);
    this.order.length = 0;
    this.free.clear();
  }
}
