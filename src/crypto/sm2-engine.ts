// The seam between SM2's protocol steps (hashing, Z_A, encodings: sm2.ts) and the curve
// arithmetic underneath. Two engines implement it: a reference one on @noble/curves and a
// native one; both take and return big-endian bytes so the protocol code never cares which runs.

/** A public key after validation, with whatever per-key precomputation the engine keeps. */
export interface PreparedKey {
  /** The uncompressed point 04 ‖ x ‖ y it was made from. */
  readonly point: Uint8Array;
}

/** Curve arithmetic for SM2. Scalars and coordinates are 32-byte big-endian. */
export interface Sm2Engine {
  /** Short name for benchmarks and diagnostics. */
  readonly name: string;
  /** k·G as an uncompressed point, or undefined unless 1 ≤ k < n. Constant time in k. */
  baseMul(k: Uint8Array): Uint8Array | undefined;
  /** k·P, or undefined unless P is a valid point and 1 ≤ k < n. Constant time in k. */
  mul(point: Uint8Array, k: Uint8Array): Uint8Array | undefined;
  /** True when `point` is 04 ‖ x ‖ y with x, y < p on the curve (and so not the infinity). */
  isValidPoint(point: Uint8Array): boolean;
  /** Validates `point` and precomputes what speeds up repeated verification with it. */
  prepareKey(point: Uint8Array): PreparedKey | undefined;
  /**
   * The SM2 verification equation for digest e: with t = r + s mod n, checks
   * r = e + x(s·G + t·P) mod n. Returns false for out-of-range r, s or an invalid point.
   * Not constant time: every input is public.
   */
  verify(key: PreparedKey | Uint8Array, e: Uint8Array, r: Uint8Array, s: Uint8Array): boolean;
  /**
   * The SM2 signing equation: r = e + x(k·G) mod n, s = (1 + d)⁻¹·(k − r·d) mod n, returned as
   * r ‖ s (64 bytes). Undefined when k is out of range or gives r = 0, r + k = n or s = 0, so the
   * caller draws another k. Constant time in d and k.
   */
  sign(d: Uint8Array, e: Uint8Array, k: Uint8Array): Uint8Array | undefined;
}
