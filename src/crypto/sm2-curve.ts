// Parameters of the SM2 recommended curve (GB/T 32918.5) and byte/number conversions shared by
// the SM2 files.

/** Field prime p = 2^256 − 2^224 − 2^96 + 2^64 − 1. */
export const SM2_P = 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn;
/** Curve coefficient a = p − 3. */
export const SM2_A = 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn;
/** Curve coefficient b. */
export const SM2_B = 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n;
/** Order n of the base point. */
export const SM2_N = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;
/** Base point x. */
export const SM2_GX = 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n;
/** Base point y. */
export const SM2_GY = 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n;

/** Length of a scalar or field element in bytes. */
export const SM2_SCALAR_LENGTH = 32;
/** Length of an uncompressed point 04 ‖ x ‖ y. */
export const SM2_POINT_LENGTH = 65;

/** Big-endian unsigned integer from bytes. */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  return BigInt('0x' + Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex'));
}

/** Big-endian fixed-width encoding of a non-negative integer below 2^(8·length). */
export function bigIntToBytes(value: bigint, length = SM2_SCALAR_LENGTH): Uint8Array {
  const hex = value.toString(16).padStart(length * 2, '0');
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/** Non-negative remainder of a modulo m. */
export function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

/** Big-endian 32-byte encodings of a, b and the base point, as hashed into Z_A. */
export const SM2_CURVE_BYTES: Uint8Array = new Uint8Array([
  ...bigIntToBytes(SM2_A), ...bigIntToBytes(SM2_B), ...bigIntToBytes(SM2_GX), ...bigIntToBytes(SM2_GY),
]);
