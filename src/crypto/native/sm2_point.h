/*
 * Internal interface between sm2_point.c (points, tables, multiplications) and sm2_ec.c (the
 * operations exported to the binding). Coordinates are in Montgomery form unless noted.
 */
#ifndef YINXIN_SM2_POINT_H
#define YINXIN_SM2_POINT_H

#include "sm2_field.h"

extern sm2_modulus P_MOD;    /* the field prime p */
extern sm2_modulus N_MOD;    /* the group order n */
extern sm2_fe P_MINUS_N;     /* x(R) in [n, p) is the only case where x mod n wraps */
extern sm2_comb BASE_TABLE;  /* comb table of G */

#define FP (&P_MOD)

/* Zeroes memory in a way the compiler cannot drop. */
void wipe(void *p, size_t n);

/* Decodes and validates 04 || x || y; 1 on success. */
int point_decode(sm2_affine *r, const uint8_t in[65]);
/* Writes 04 || x || y; p must not be infinity. */
void point_encode(uint8_t out[65], const sm2_jacobian *p);
/* Affine x, y in normal (not Montgomery) form; p must not be infinity. */
void point_to_affine(sm2_fe *x, sm2_fe *y, const sm2_jacobian *p);
int is_infinity(const sm2_jacobian *p);

/* 1 when 1 <= k < n. */
u64 scalar_in_range(const sm2_fe *k);

/* k * P from P's comb table, constant time in k (1 <= k < n). */
void comb_mul_ct(sm2_jacobian *r, const sm2_comb *table, const sm2_fe *k);
/* k * P, constant time in k (1 <= k < n). */
void mul_ct(sm2_jacobian *r, const sm2_affine *p, const sm2_fe *k);
/* acc += k * P from P's comb table; public k only. */
void comb_add_vartime(sm2_jacobian *acc, const sm2_comb *table, const sm2_fe *k);
/* s * G + t * P for public s, t, P. */
void mul_add_vartime(sm2_jacobian *r, const sm2_affine *p, const sm2_fe *t, const sm2_fe *s);
/* Fills P's comb table; 0 when out of memory. */
int comb_fill(sm2_comb *table, const sm2_affine *p);

#endif
