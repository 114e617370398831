/** A matrix as nested rows. */
export type Rows = readonly (readonly number[])[];

/** The three weights of the Appendix A network. */
export interface AppendixAWeights {
  readonly W1: Rows;
  readonly W2: Rows;
  readonly W3: Rows;
}

/**
 * The corrected Appendix A of shared/docs/spec-notes.md ("Appendix A, corrected: the golden
 * values"), transcribed once: the network Linear(2,3), Identity, Linear(3,2), Identity,
 * Linear(2,1), Identity with MSE loss. Every value is a small integer or half-integer, so float32
 * holds it exactly.
 */
export const APPENDIX_A: AppendixAWeights & {
  /** The design matrix: 4 samples × 2 features (the extraction garbled row 2). */
  readonly X: Rows;
  /** The targets: 4 samples × 1. */
  readonly Y: Rows;
  /** X as a batch: features × samples with the bias row of ones on top. */
  readonly A0: Rows;
  /** Y as a batch (Ỹ): the bias row of ones on top. */
  readonly Ytilde: Rows;
  /** Forward (Identity activations, so A1 = Z1, A2 = Z2, Ŷ = Z3). */
  readonly Z1: Rows;
  readonly Z2: Rows;
  readonly Z3: Rows;
  /** The loss, Eq. 4.1. */
  readonly J: number;
  /** Backward: the true gradients, factor 2/m (slip 2 of spec-notes). */
  readonly dYhat: Rows;
  readonly dW3: Rows;
  readonly dA2: Rows;
  readonly dW2: Rows;
  readonly dA1: Rows;
  readonly dW1: Rows;
  readonly dA0: Rows;
  /** The weights after one SGD step W ← W − η·∂J/∂W, by learning rate η. */
  readonly afterStep: { readonly 2: AppendixAWeights; readonly 4: AppendixAWeights };
} = {
  X: [
    [1, 2],
    [1, 3],
    [2, 2],
    [2, 3],
  ],
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
};
