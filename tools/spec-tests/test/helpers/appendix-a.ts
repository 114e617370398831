/**
 * The corrected Appendix A of shared/docs/spec-notes.md ("Appendix A, corrected: the golden
 * values"), transcribed once. Every value is a small integer or half-integer, so float32
 * holds it exactly.
 */
export const APPENDIX_A = {
  /** The design matrix: 4 samples × 2 features (the extraction garbled row 2). */
  X: [
    [1, 2],
    [1, 3],
    [2, 2],
    [2, 3],
  ],
  /** The targets: 4 samples × 1. */
  Y: [[1], [1], [2], [2]],
  A0: [
    [1, 1, 1, 1],
    [1, 1, 2, 2],
    [2, 3, 2, 3],
  ],
  Ytilde: [
    [1, 1, 1, 1],
    [1, 1, 2, 2],
  ],
  W1: [
    [1, 0, 0],
    [0, 0, 1],
    [0, 1, 1],
    [1, 1, 0],
  ],
  W2: [
    [1, 0, 0, 0],
    [1, 1, 0, 1],
    [-1, 1, 2, -2],
  ],
  W3: [
    [1, 0, 0],
    [0, 1, -1],
  ],
  Z1: [
    [1, 1, 1, 1],
    [2, 3, 2, 3],
    [3, 4, 4, 5],
    [2, 2, 3, 3],
  ],
  Z2: [
    [1, 1, 1, 1],
    [5, 6, 6, 7],
    [3, 6, 3, 6],
  ],
  Z3: [
    [1, 1, 1, 1],
    [2, 0, 3, 1],
  ],
  J: 1,
  dYhat: [
    [0, 0, 0, 0],
    [0.5, -0.5, 0.5, -0.5],
  ],
  dW3: [
    [0, 0, 0],
    [0, -1, -3],
  ],
  dA2: [
    [0, 0, 0, 0],
    [0.5, -0.5, 0.5, -0.5],
    [-0.5, 0.5, -0.5, 0.5],
  ],
  dW2: [
    [0, 0, 0, 0],
    [0, -1, -1, 0],
    [0, 1, 1, 0],
  ],
  dA1: [
    [1, -1, 1, -1],
    [0, 0, 0, 0],
    [-1, 1, -1, 1],
    [1.5, -1.5, 1.5, -1.5],
  ],
  dW1: [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 2],
    [0, 0, -3],
  ],
  dA0: [
    [1.5, -1.5, 1.5, -1.5],
    [0.5, -0.5, 0.5, -0.5],
    [-1, 1, -1, 1],
  ],
  /** The weights after one SGD step, by learning rate. */
  afterStep: {
    2: {
      W1: [
        [1, 0, 0],
        [0, 0, 1],
        [0, 1, -3],
        [1, 1, 6],
      ],
      W2: [
        [1, 0, 0, 0],
        [1, 3, 2, 1],
        [-1, -1, 0, -2],
      ],
      W3: [
        [1, 0, 0],
        [0, 3, 5],
      ],
    },
    4: {
      W1: [
        [1, 0, 0],
        [0, 0, 1],
        [0, 1, -7],
        [1, 1, 12],
      ],
      W2: [
        [1, 0, 0, 0],
        [1, 5, 4, 1],
        [-1, -3, -2, -2],
      ],
      W3: [
        [1, 0, 0],
        [0, 5, 11],
      ],
    },
  },
} as const;

/** Row-major flat copy of a nested matrix, with its shape, as the DataLoader takes it. */
export function hostMatrix(rows: readonly (readonly number[])[]): {
  data: number[];
  shape: [number, number];
} {
  return { data: rows.flat(), shape: [rows.length, rows[0]?.length ?? 0] };
}
