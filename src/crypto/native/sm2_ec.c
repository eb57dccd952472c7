/*
 * The public operations of sm2_ec.h: validation, multiplications, and the SM2 signing and
 * verification equations over the point arithmetic of sm2_point.c.
 */
#include <string.h>
#include "sm2_point.h"

int sm2_point_valid(const uint8_t point[65]) {
  sm2_affine p;
  return point_decode(&p, point);
}

int sm2_base_mul(uint8_t out[65], const uint8_t kb[32]) {
  sm2_fe k;
  sm2_jacobian r;
  fe_from_bytes(&k, kb);
  int ok = (int)scalar_in_range(&k);
  if (ok) {
    comb_mul_ct(&r, &BASE_TABLE, &k);
    point_encode(out, &r);
  }
  wipe(&k, sizeof k);
  return ok;
}

int sm2_mul(uint8_t out[65], const uint8_t point[65], const uint8_t kb[32]) {
  sm2_fe k;
  sm2_affine p;
  sm2_jacobian r;
  if (!point_decode(&p, point)) return 0;
  fe_from_bytes(&k, kb);
  int ok = (int)scalar_in_range(&k);
  if (ok) {
    mul_ct(&r, &p, &k);
    point_encode(out, &r);
    wipe(&r, sizeof r);
  }
  wipe(&k, sizeof k);
  return ok;
}

int sm2_comb_build(sm2_comb *table, const uint8_t point[65]) {
  sm2_affine p;
  if (!point_decode(&p, point)) return 0;
  return comb_fill(table, &p);
}

/* e mod n for a 256-bit e (< 2n). */
static void reduce_n(sm2_fe *r, const sm2_fe *e) {
  sm2_fe t;
  u64 borrow = fe_sub_raw(&t, e, &N_MOD.m);
  *r = *e;
  fe_cmov(r, &t, borrow - 1);
}

int sm2_verify(const sm2_comb *table, const uint8_t point[65], const uint8_t eb[32], const uint8_t rb[32],
               const uint8_t sb[32]) {
  sm2_fe e, r, s, t;
  fe_from_bytes(&r, rb);
  fe_from_bytes(&s, sb);
  if (!scalar_in_range(&r) || !scalar_in_range(&s)) return 0;
  mod_add(&t, &r, &s, &N_MOD);
  if (fe_is_zero_mask(&t)) return 0;
  sm2_jacobian acc;
  if (table != NULL) {
    memset(&acc, 0, sizeof acc);
    comb_add_vartime(&acc, table, &t);
    comb_add_vartime(&acc, &BASE_TABLE, &s);
  } else {
    sm2_affine p;
    if (!point_decode(&p, point)) return 0;
    mul_add_vartime(&acc, &p, &t, &s);
  }
  if (is_infinity(&acc)) return 0;
  /* Accept when x(acc) = r - e mod n, checked as X = x * Z^2 to avoid an inversion. x(acc) < p
   * may be the candidate itself or the candidate plus n when that is still below p. */
  fe_from_bytes(&e, eb);
  reduce_n(&e, &e);
  sm2_fe cand, zz, xm;
  mod_sub(&cand, &r, &e, &N_MOD);
  fp_sqr(&zz, &acc.z);
  for (int attempt = 0; attempt < 2; attempt++) {
    to_mont(&xm, &cand, FP);
    fp_mul(&xm, &xm, &zz);
    if (fe_equal(&xm, &acc.x)) return 1;
    if (attempt == 0) {
      if (!fe_lt(&cand, &P_MINUS_N)) break;
      fe_add_raw(&cand, &cand, &N_MOD.m);
    }
  }
  return 0;
}

int sm2_sign(uint8_t out[64], const uint8_t db[32], const uint8_t eb[32], const uint8_t kb[32]) {
  static const sm2_fe ONE = {{1, 0, 0, 0}};
  sm2_fe d, e, k, x1, y1, r, s, t, dm, km, rm, inv;
  sm2_jacobian kg;
  int ok = 0;
  fe_from_bytes(&d, db);
  fe_from_bytes(&e, eb);
  fe_from_bytes(&k, kb);
  mod_add(&t, &d, &ONE, &N_MOD);               /* 1 + d; zero when d = n - 1 */
  if (!scalar_in_range(&k) || !scalar_in_range(&d) || fe_is_zero_mask(&t)) goto done;
  comb_mul_ct(&kg, &BASE_TABLE, &k);
  point_to_affine(&x1, &y1, &kg);
  reduce_n(&x1, &x1);
  reduce_n(&e, &e);
  mod_add(&r, &e, &x1, &N_MOD);
  mod_add(&s, &r, &k, &N_MOD);
  /* r = 0 or r + k = n: the standard draws another k. Only a rejected k is revealed. */
  if (fe_is_zero_mask(&r) || fe_is_zero_mask(&s)) goto done;
  to_mont(&dm, &d, &N_MOD);
  to_mont(&km, &k, &N_MOD);
  to_mont(&rm, &r, &N_MOD);
  to_mont(&t, &t, &N_MOD);
  mont_inv(&inv, &t, &N_MOD);
  mont_mul(&dm, &rm, &dm, &N_MOD);             /* r d */
  mod_sub(&km, &km, &dm, &N_MOD);              /* k - r d */
  mont_mul(&s, &inv, &km, &N_MOD);
  from_mont(&s, &s, &N_MOD);
  if (fe_is_zero_mask(&s)) goto done;
  fe_to_bytes(out, &r);
  fe_to_bytes(out + 32, &s);
  ok = 1;
done:
  wipe(&d, sizeof d); wipe(&k, sizeof k); wipe(&dm, sizeof dm); wipe(&km, sizeof km);
  wipe(&t, sizeof t); wipe(&inv, sizeof inv); wipe(&kg, sizeof kg); wipe(&y1, sizeof y1);
  return ok;
}
