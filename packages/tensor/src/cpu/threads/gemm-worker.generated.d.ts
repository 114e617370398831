// Types of the module that scripts/build-wasm.mjs generates (git-ignored, built before use).

/** The gemm worker's program (gemm-worker-program.ts, bundled) as a classic script. */
export declare const GEMM_WORKER_SOURCE: string;
