/*
 * SM2 curve arithmetic (GB/T 32918, recommended curve sm2p256v1) for the Node addon.
 *
 * Hand-written because no maintained library offers SM2 with a settable distinguishing ID at
 * this speed in Node: node:crypto cannot set the ID, OpenSSL's SM2 runs on its generic EC code,
 * and pure JS/BigInt stays below OpenSSL. Everything outside the scalar multiplications and the
 * two signature equations (hashing, Z_A, DER) stays in TypeScript.
 *
 * All byte strings are big-endian; points are 65-byte uncompressed 04 || x || y.
 */
#ifndef YINXIN_SM2_EC_H
#define YINXIN_SM2_EC_H

#include <stddef.h>
#include <stdint.h>

typedef uint64_t u64;

/* A field element or scalar: four 64-bit limbs, least significant first. */
typedef struct { u64 v[4]; } sm2_fe;

/* An affine point with coordinates in Montgomery form. */
typedef struct { sm2_fe x, y; } sm2_affine;

/* A Jacobian point (X/Z^2, Y/Z^3) in Montgomery form; Z = 0 is the point at infinity. */
typedef struct { sm2_fe x, y, z; } sm2_jacobian;

/*
 * Fixed-base table for a 4-bit signed-window comb: row i holds j * 16^i * P for j = 1..8, so a
 * multiplication is 65 additions and no doublings.
 */
#define SM2_COMB_ROWS 65
typedef struct { sm2_affine t[SM2_COMB_ROWS][8]; } sm2_comb;

/* Builds the base-point table; call once before anything else (thread-safe). */
void sm2_init(void);

/* 1 when point is a valid curve point (x, y < p, on the curve), else 0. */
int sm2_point_valid(const uint8_t point[65]);

/* out = k * G. Returns 0 unless 1 <= k < n. Constant time in k. */
int sm2_base_mul(uint8_t out[65], const uint8_t k[32]);

/* out = k * P. Returns 0 unless P is valid and 1 <= k < n. Constant time in k. */
int sm2_mul(uint8_t out[65], const uint8_t point[65], const uint8_t k[32]);

/* Fills a comb table for a public key. Returns 0 when the point is invalid. */
int sm2_comb_build(sm2_comb *table, const uint8_t point[65]);

/*
 * The SM2 verification equation: t = r + s mod n, accept when r = e + x(s*G + t*P) mod n.
 * Uses `table` when given, else `point`. Returns 1 to accept, 0 otherwise (including invalid
 * input). Variable time: all inputs are public.
 */
int sm2_verify(const sm2_comb *table, const uint8_t point[65], const uint8_t e[32], const uint8_t r[32],
               const uint8_t s[32]);

/*
 * The SM2 signing equation: r = e + x(k*G) mod n, s = (1 + d)^-1 (k - r*d) mod n; out = r || s.
 * Returns 0 when d is not in [1, n-2], k not in [1, n-1], or r = 0, r + k = n or s = 0.
 * Constant time in d and k.
 */
int sm2_sign(uint8_t out[64], const uint8_t d[32], const uint8_t e[32], const uint8_t k[32]);

#endif
