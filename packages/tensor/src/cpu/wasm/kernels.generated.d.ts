// Types of the module that scripts/build-wasm.mjs generates (git-ignored, built before use).

/** The CPU kernels' WebAssembly module (assembly/kernels.ts, SIMD), base64-encoded. */
export declare const KERNELS_WASM_BASE64: string;

/** The same kernels built with relaxed SIMD (fused multiply-add), base64-encoded. */
export declare const KERNELS_RELAXED_WASM_BASE64: string;

/** The SIMD build importing a shared memory (the two-thread backend's), base64-encoded. */
export declare const KERNELS_SHARED_WASM_BASE64: string;

/** The relaxed-SIMD build importing a shared memory, base64-encoded. */
export declare const KERNELS_RELAXED_SHARED_WASM_BASE64: string;
