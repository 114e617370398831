import type { Backend, DType, Tensor } from '@mfnet/tensor';

/** Scratch tensors for one input shape, created once and reused by every later call. */
export type Workspace = Record<string, Tensor>;

/** How many shapes are kept per backend (e.g. the full batch, the last partial one, eval). */
const MAX_SHAPES = 4;

/**
 * Scratch tensors per (backend, dtype, shape), so that a training step allocates nothing once
 * it has seen its batch shape. The oldest shape is disposed when a fifth one arrives.
 */
export class WorkspaceCache<W extends Workspace> {
  private readonly byBackend = new WeakMap<Backend, Map<string, W>>();

  constructor(private readonly create: (like: Tensor) => W) {}

  /** The workspace for tensors shaped and typed like `like`, created on first use. */
  get(like: Tensor): W {
    let shapes = this.byBackend.get(like.backend);
    if (shapes === undefined) {
      shapes = new Map();
      this.byBackend.set(like.backend, shapes);
    }
    const key = shapeKey(like.dtype, like.rows, like.cols);
    let ws = shapes.get(key);
    if (ws === undefined) {
      ws = this.create(like);
      shapes.set(key, ws);
      if (shapes.size > MAX_SHAPES) evictOldest(shapes);
    }
    return ws;
  }
}

function shapeKey(dtype: DType, rows: number, cols: number): string {
  return `${dtype}:${rows}x${cols}`;
}

function evictOldest<W extends Workspace>(shapes: Map<string, W>): void {
  const oldest = shapes.keys().next();
  if (oldest.done === true) return;
  const ws = shapes.get(oldest.value);
  shapes.delete(oldest.value);
  if (ws !== undefined) for (const t of Object.values(ws)) t.dispose();
}
