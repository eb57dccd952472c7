/*
 * Arithmetic modulo a 256-bit odd modulus in Montgomery form (R = 2^256), used for both the SM2
 * field prime p and the group order n. Every function here runs in time independent of the
 * values it is given, because the same code handles secret scalars and secret coordinates.
 */
#ifndef YINXIN_SM2_FIELD_H
#define YINXIN_SM2_FIELD_H

#include "sm2_ec.h"

typedef unsigned __int128 u128;

typedef struct {
  sm2_fe m;      /* the modulus */
  u64 m0inv;     /* -m^-1 mod 2^64 */
  sm2_fe one;    /* R mod m: 1 in Montgomery form */
  sm2_fe rr;     /* R^2 mod m: converts into Montgomery form */
  sm2_fe m_minus_2; /* exponent for inversion by Fermat's little theorem */
} sm2_modulus;

/* All-ones when a == b, else zero. */
static inline u64 ct_eq64(u64 a, u64 b) {
  u64 x = a ^ b;
  return ((x | (0 - x)) >> 63) - 1;
}

/* All-ones when a is zero, else zero. */
static inline u64 fe_is_zero_mask(const sm2_fe *a) {
  return ct_eq64(a->v[0] | a->v[1] | a->v[2] | a->v[3], 0);
}

static inline int fe_equal(const sm2_fe *a, const sm2_fe *b) {
  return ((a->v[0] ^ b->v[0]) | (a->v[1] ^ b->v[1]) | (a->v[2] ^ b->v[2]) | (a->v[3] ^ b->v[3])) == 0;
}

/* r = mask ? a : r */
static inline void fe_cmov(sm2_fe *r, const sm2_fe *a, u64 mask) {
  for (int i = 0; i < 4; i++) r->v[i] = (r->v[i] & ~mask) | (a->v[i] & mask);
}

/*
 * Add-with-carry and subtract-with-borrow on 64-bit words. On x86-64 the intrinsics compile to
 * adc/sbb chains; elsewhere the 128-bit fallback gives the same results.
 */
#if defined(__x86_64__) && defined(__GNUC__)
#include <x86intrin.h>
static inline unsigned char addc(unsigned char c, u64 a, u64 b, u64 *out) {
  unsigned long long r;
  c = _addcarry_u64(c, a, b, &r);
  *out = r;
  return c;
}
static inline unsigned char subb(unsigned char c, u64 a, u64 b, u64 *out) {
  unsigned long long r;
  c = _subborrow_u64(c, a, b, &r);
  *out = r;
  return c;
}
#else
static inline unsigned char addc(unsigned char c, u64 a, u64 b, u64 *out) {
  u128 s = (u128)a + b + c;
  *out = (u64)s;
  return (unsigned char)(s >> 64);
}
static inline unsigned char subb(unsigned char c, u64 a, u64 b, u64 *out) {
  u128 d = (u128)a - b - c;
  *out = (u64)d;
  return (unsigned char)((d >> 64) & 1);
}
#endif

/* r = a - b over 256 bits; returns the borrow (0 or 1). */
static inline u64 fe_sub_raw(sm2_fe *r, const sm2_fe *a, const sm2_fe *b) {
  unsigned char c = 0;
  c = subb(c, a->v[0], b->v[0], &r->v[0]);
  c = subb(c, a->v[1], b->v[1], &r->v[1]);
  c = subb(c, a->v[2], b->v[2], &r->v[2]);
  c = subb(c, a->v[3], b->v[3], &r->v[3]);
  return c;
}

/* r = a + b over 256 bits; returns the carry (0 or 1). */
static inline u64 fe_add_raw(sm2_fe *r, const sm2_fe *a, const sm2_fe *b) {
  unsigned char c = 0;
  c = addc(c, a->v[0], b->v[0], &r->v[0]);
  c = addc(c, a->v[1], b->v[1], &r->v[1]);
  c = addc(c, a->v[2], b->v[2], &r->v[2]);
  c = addc(c, a->v[3], b->v[3], &r->v[3]);
  return c;
}

/* 1 when a < b. */
static inline u64 fe_lt(const sm2_fe *a, const sm2_fe *b) {
  sm2_fe t;
  return fe_sub_raw(&t, a, b);
}

/* r = a + b mod m, for a, b < m. */
static inline void mod_add(sm2_fe *r, const sm2_fe *a, const sm2_fe *b, const sm2_modulus *md) {
  sm2_fe s, t;
  u64 carry = fe_add_raw(&s, a, b);
  u64 borrow = fe_sub_raw(&t, &s, &md->m);
  /* keep s only when the 257-bit sum a + b is below m */
  u64 keep = 0 - (borrow & (carry ^ 1));
  for (int i = 0; i < 4; i++) r->v[i] = (s.v[i] & keep) | (t.v[i] & ~keep);
}

/* r = a - b mod m, for a, b < m. */
static inline void mod_sub(sm2_fe *r, const sm2_fe *a, const sm2_fe *b, const sm2_modulus *md) {
  sm2_fe t, corr;
  u64 mask = 0 - fe_sub_raw(&t, a, b);
  for (int i = 0; i < 4; i++) corr.v[i] = md->m.v[i] & mask;
  fe_add_raw(r, &t, &corr);
}

/* r = a * b * R^-1 mod m (CIOS Montgomery multiplication), for a, b < m. */
static inline void mont_mul(sm2_fe *r, const sm2_fe *a, const sm2_fe *b, const sm2_modulus *md) {
  u64 t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0;
  const u64 *m = md->m.v;
  for (int i = 0; i < 4; i++) {
    u64 bi = b->v[i];
    u128 c;
    c = (u128)a->v[0] * bi + t0; t0 = (u64)c; c >>= 64;
    c += (u128)a->v[1] * bi + t1; t1 = (u64)c; c >>= 64;
    c += (u128)a->v[2] * bi + t2; t2 = (u64)c; c >>= 64;
    c += (u128)a->v[3] * bi + t3; t3 = (u64)c; c >>= 64;
    c += t4; t4 = (u64)c;
    u64 t5 = (u64)(c >> 64);
    u64 q = t0 * md->m0inv;
    c = (u128)q * m[0] + t0; c >>= 64;
    c += (u128)q * m[1] + t1; t0 = (u64)c; c >>= 64;
    c += (u128)q * m[2] + t2; t1 = (u64)c; c >>= 64;
    c += (u128)q * m[3] + t3; t2 = (u64)c; c >>= 64;
    c += t4; t3 = (u64)c;
    t4 = t5 + (u64)(c >> 64);
  }
  sm2_fe s = {{t0, t1, t2, t3}}, d;
  u64 borrow = fe_sub_raw(&d, &s, &md->m);
  /* the result is below 2m: subtract m unless that borrows out of the 257-bit value */
  u64 keep = 0 - (borrow & (t4 ^ 1));
  for (int i = 0; i < 4; i++) r->v[i] = (s.v[i] & keep) | (d.v[i] & ~keep);
}

static inline void mont_sqr(sm2_fe *r, const sm2_fe *a, const sm2_modulus *md) {
  mont_mul(r, a, a, md);
}

static inline void to_mont(sm2_fe *r, const sm2_fe *a, const sm2_modulus *md) {
  mont_mul(r, a, &md->rr, md);
}

static inline void from_mont(sm2_fe *r, const sm2_fe *a, const sm2_modulus *md) {
  static const sm2_fe one = {{1, 0, 0, 0}};
  mont_mul(r, a, &one, md);
}

/*
 * r = a^(m-2) = a^-1 mod m in Montgomery form, with 4-bit fixed windows. The exponent is public
 * and fixed, so the sequence of operations never depends on a.
 */
static inline void mont_inv(sm2_fe *r, const sm2_fe *a, const sm2_modulus *md) {
  sm2_fe table[16], acc;
  table[0] = md->one;
  table[1] = *a;
  for (int i = 2; i < 16; i++) mont_mul(&table[i], &table[i - 1], a, md);
  acc = md->one;
  for (int i = 63; i >= 0; i--) {
    unsigned nib = (unsigned)(md->m_minus_2.v[i / 16] >> ((i % 16) * 4)) & 15;
    if (i != 63) for (int j = 0; j < 4; j++) mont_sqr(&acc, &acc, md);
    mont_mul(&acc, &acc, &table[nib], md);
  }
  *r = acc;
}

/* ---- the SM2 prime p = 2^256 - 2^224 - 2^96 + 2^64 - 1 ------------------------------------ */

static const sm2_fe SM2_P = {{0xFFFFFFFFFFFFFFFFull, 0xFFFFFFFF00000000ull, 0xFFFFFFFFFFFFFFFFull, 0xFFFFFFFEFFFFFFFFull}};

/*
 * r = a * b * 2^-256 mod p. The generic Montgomery step multiplies the quotient digit by all four
 * limbs of the modulus; for this p the digit q is the low limb itself (p = -1 mod 2^64) and
 * q * (p + 1) / 2^64 = q * (2^192 - 2^160 - 2^32 + 1) is shifts and subtractions, which halves
 * the multiplications. Same result as mont_mul(r, a, b, modulus p); a, b < p.
 */
/* r = t * 2^-256 mod p for a 512-bit t < p * 2^256 (four Montgomery steps, see above). */
static inline void fp_reduce(sm2_fe *r, u64 t[8]) {
  u64 top = 0;
  for (int i = 0; i < 4; i++) {
    u64 q = t[i], lo = q << 32, hi = q >> 32, v0, v1, v2, v3;
    unsigned char br = 0, cc = 0;
    /* (q, 0, 0, q) - (lo, hi, lo, hi) = q * (2^192 - 2^160 - 2^32 + 1), never negative */
    br = subb(br, q, lo, &v0);
    br = subb(br, 0, hi, &v1);
    br = subb(br, 0, lo, &v2);
    br = subb(br, q, hi, &v3);
    (void)br;
    cc = addc(cc, t[i + 1], v0, &t[i + 1]);
    cc = addc(cc, t[i + 2], v1, &t[i + 2]);
    cc = addc(cc, t[i + 3], v2, &t[i + 3]);
    cc = addc(cc, t[i + 4], v3, &t[i + 4]);
    for (int j = i + 5; j < 8; j++) cc = addc(cc, t[j], 0, &t[j]);
    top += cc;
  }
  sm2_fe s = {{t[4], t[5], t[6], t[7]}}, d;
  u64 borrow = fe_sub_raw(&d, &s, &SM2_P);
  u64 keep = 0 - (borrow & (top ^ 1));
  for (int i = 0; i < 4; i++) r->v[i] = (s.v[i] & keep) | (d.v[i] & ~keep);
}

static inline void fp_mul(sm2_fe *r, const sm2_fe *a, const sm2_fe *b) {
  u64 t[8];
  u128 c;
  u64 a0 = a->v[0], a1 = a->v[1], a2 = a->v[2], a3 = a->v[3], carry;
  c = (u128)a0 * b->v[0]; t[0] = (u64)c; carry = (u64)(c >> 64);
  c = (u128)a1 * b->v[0] + carry; t[1] = (u64)c; carry = (u64)(c >> 64);
  c = (u128)a2 * b->v[0] + carry; t[2] = (u64)c; carry = (u64)(c >> 64);
  c = (u128)a3 * b->v[0] + carry; t[3] = (u64)c; t[4] = (u64)(c >> 64);
  for (int i = 1; i < 4; i++) {
    u64 bi = b->v[i];
    c = (u128)a0 * bi + t[i]; t[i] = (u64)c; carry = (u64)(c >> 64);
    c = (u128)a1 * bi + t[i + 1] + carry; t[i + 1] = (u64)c; carry = (u64)(c >> 64);
    c = (u128)a2 * bi + t[i + 2] + carry; t[i + 2] = (u64)c; carry = (u64)(c >> 64);
    c = (u128)a3 * bi + t[i + 3] + carry; t[i + 3] = (u64)c; t[i + 4] = (u64)(c >> 64);
  }
  fp_reduce(r, t);
}

/* r = a^2 * 2^-256 mod p: each cross product once, doubled, plus the squares (10 multiplications, not 16). */
static inline void fp_sqr(sm2_fe *r, const sm2_fe *a) {
  u64 t[8], sq[8];
  u128 c;
  u64 a0 = a->v[0], a1 = a->v[1], a2 = a->v[2], a3 = a->v[3], carry;
  c = (u128)a0 * a1; t[1] = (u64)c; carry = (u64)(c >> 64);
  c = (u128)a0 * a2 + carry; t[2] = (u64)c; carry = (u64)(c >> 64);
  c = (u128)a0 * a3 + carry; t[3] = (u64)c; t[4] = (u64)(c >> 64);
  c = (u128)a1 * a2 + t[3]; t[3] = (u64)c; carry = (u64)(c >> 64);
  c = (u128)a1 * a3 + t[4] + carry; t[4] = (u64)c; t[5] = (u64)(c >> 64);
  c = (u128)a2 * a3 + t[5]; t[5] = (u64)c; t[6] = (u64)(c >> 64);
  t[7] = t[6] >> 63;
  for (int i = 6; i > 1; i--) t[i] = (t[i] << 1) | (t[i - 1] >> 63);
  t[1] <<= 1;
  t[0] = 0;
  c = (u128)a0 * a0; sq[0] = (u64)c; sq[1] = (u64)(c >> 64);
  c = (u128)a1 * a1; sq[2] = (u64)c; sq[3] = (u64)(c >> 64);
  c = (u128)a2 * a2; sq[4] = (u64)c; sq[5] = (u64)(c >> 64);
  c = (u128)a3 * a3; sq[6] = (u64)c; sq[7] = (u64)(c >> 64);
  unsigned char cc = 0;
  for (int i = 0; i < 8; i++) cc = addc(cc, t[i], sq[i], &t[i]);
  fp_reduce(r, t);
}

/* r = a^(p-2) = a^-1 mod p in Montgomery form (a != 0), fixed 4-bit windows over the public exponent. */
static inline void fp_inv(sm2_fe *r, const sm2_fe *a, const sm2_fe *one) {
  static const sm2_fe e = {{0xFFFFFFFFFFFFFFFDull, 0xFFFFFFFF00000000ull, 0xFFFFFFFFFFFFFFFFull, 0xFFFFFFFEFFFFFFFFull}};
  sm2_fe table[16], acc;
  table[0] = *one;
  table[1] = *a;
  for (int i = 2; i < 16; i++) fp_mul(&table[i], &table[i - 1], a);
  acc = *one;
  for (int i = 63; i >= 0; i--) {
    unsigned nib = (unsigned)(e.v[i / 16] >> ((i % 16) * 4)) & 15;
    if (i != 63) for (int j = 0; j < 4; j++) fp_sqr(&acc, &acc);
    fp_mul(&acc, &acc, &table[nib]);
  }
  *r = acc;
}

/* Reads 32 big-endian bytes. */
static inline void fe_from_bytes(sm2_fe *r, const uint8_t b[32]) {
  for (int i = 0; i < 4; i++) {
    u64 w = 0;
    for (int j = 0; j < 8; j++) w = (w << 8) | b[(3 - i) * 8 + j];
    r->v[i] = w;
  }
}

/* Writes 32 big-endian bytes. */
static inline void fe_to_bytes(uint8_t b[32], const sm2_fe *a) {
  for (int i = 0; i < 4; i++) {
    for (int j = 0; j < 8; j++) b[(3 - i) * 8 + j] = (uint8_t)(a->v[i] >> (56 - 8 * j));
  }
}

/* Fills in the derived constants of a modulus whose m is set. */
static inline void modulus_init(sm2_modulus *md) {
  u64 inv = 1;
  for (int i = 0; i < 6; i++) inv *= 2 - md->m.v[0] * inv;
  md->m0inv = 0 - inv;
  sm2_fe zero = {{0, 0, 0, 0}};
  /* m > 2^255, so 2^256 - m < m is R mod m */
  fe_sub_raw(&md->one, &zero, &md->m);
  md->rr = md->one;
  for (int i = 0; i < 256; i++) mod_add(&md->rr, &md->rr, &md->rr, md);
  sm2_fe two = {{2, 0, 0, 0}};
  fe_sub_raw(&md->m_minus_2, &md->m, &two);
}

#endif
