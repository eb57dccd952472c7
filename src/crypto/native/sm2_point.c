/*
 * SM2 point arithmetic and scalar multiplications. See sm2_ec.h and sm2_point.h.
 *
 * Secret scalars (signing nonces, private keys, encryption nonces) only go through
 * comb_mul_ct() and mul_ct(): fixed sequences of operations, table reads that touch every entry,
 * and masks instead of branches. Verification handles public data only and takes shortcuts.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "sm2_point.h"

sm2_modulus P_MOD = {.m = {{0xFFFFFFFFFFFFFFFFull, 0xFFFFFFFF00000000ull, 0xFFFFFFFFFFFFFFFFull, 0xFFFFFFFEFFFFFFFFull}}};
sm2_modulus N_MOD = {.m = {{0x53BBF40939D54123ull, 0x7203DF6B21C6052Bull, 0xFFFFFFFFFFFFFFFFull, 0xFFFFFFFEFFFFFFFFull}}};
static const sm2_fe CURVE_B = {{0xDDBCBD414D940E93ull, 0xF39789F515AB8F92ull, 0x4D5A9E4BCF6509A7ull, 0x28E9FA9E9D9F5E34ull}};
static const sm2_fe BASE_X = {{0x715A4589334C74C7ull, 0x8FE30BBFF2660BE1ull, 0x5F9904466A39C994ull, 0x32C4AE2C1F198119ull}};
static const sm2_fe BASE_Y = {{0x02DF32E52139F0A0ull, 0xD0A9877CC62A4740ull, 0x59BDCEE36B692153ull, 0xBC3736A2F4F6779Cull}};

static sm2_fe B_MONT;        /* b in Montgomery form */
sm2_fe P_MINUS_N;     /* x(R) in [n, p) is the only case where x mod n wraps */
sm2_comb BASE_TABLE;  /* comb table of G */
static pthread_once_t init_once = PTHREAD_ONCE_INIT;


void wipe(void *p, size_t n) {
  volatile uint8_t *v = (volatile uint8_t *)p;
  while (n--) *v++ = 0;
}

/* ---- points ---------------------------------------------------------------------------- */

/* r = 2p; a = -3 (dbl-2001-b). Infinity (Z = 0) stays infinity. */
static void point_double(sm2_jacobian *r, const sm2_jacobian *p) {
  sm2_fe delta, gamma, beta, alpha, t0, t1, x3, y3, z3;
  fp_sqr(&delta, &p->z);
  fp_sqr(&gamma, &p->y);
  fp_mul(&beta, &p->x, &gamma);
  mod_sub(&t0, &p->x, &delta, FP);
  mod_add(&t1, &p->x, &delta, FP);
  fp_mul(&alpha, &t0, &t1);
  mod_add(&t0, &alpha, &alpha, FP);
  mod_add(&alpha, &t0, &alpha, FP);          /* alpha = 3 (X - delta)(X + delta) */
  mod_add(&t0, &beta, &beta, FP);
  mod_add(&t0, &t0, &t0, FP);                /* t0 = 4 beta */
  mod_add(&t1, &t0, &t0, FP);                /* t1 = 8 beta */
  fp_sqr(&x3, &alpha);
  mod_sub(&x3, &x3, &t1, FP);
  mod_add(&z3, &p->y, &p->z, FP);
  fp_sqr(&z3, &z3);
  mod_sub(&z3, &z3, &gamma, FP);
  mod_sub(&z3, &z3, &delta, FP);
  mod_sub(&t0, &t0, &x3, FP);
  fp_mul(&y3, &alpha, &t0);
  fp_sqr(&gamma, &gamma);
  mod_add(&gamma, &gamma, &gamma, FP);
  mod_add(&gamma, &gamma, &gamma, FP);
  mod_add(&gamma, &gamma, &gamma, FP);       /* 8 gamma^2 */
  mod_sub(&y3, &y3, &gamma, FP);
  r->x = x3; r->y = y3; r->z = z3;
}

/*
 * r = p + q with q affine (madd-2004-hmv). Correct when p != +-q and p is not infinity; when
 * p = -q it yields Z = 0. Sets *h_zero / *r_zero so callers can spot the other cases.
 */
static void point_add_affine_raw(sm2_jacobian *r, const sm2_jacobian *p, const sm2_affine *q, u64 *h_zero, u64 *r_zero) {
  sm2_fe t1, t2, h, rr, hh, hhh, v, x3, y3, z3;
  fp_sqr(&t1, &p->z);
  fp_mul(&t2, &t1, &p->z);
  fp_mul(&t1, &t1, &q->x);
  fp_mul(&t2, &t2, &q->y);
  mod_sub(&h, &t1, &p->x, FP);
  mod_sub(&rr, &t2, &p->y, FP);
  fp_mul(&z3, &p->z, &h);
  fp_sqr(&hh, &h);
  fp_mul(&hhh, &hh, &h);
  fp_mul(&v, &hh, &p->x);
  fp_sqr(&x3, &rr);
  mod_sub(&x3, &x3, &v, FP);
  mod_sub(&x3, &x3, &v, FP);
  mod_sub(&x3, &x3, &hhh, FP);
  mod_sub(&v, &v, &x3, FP);
  fp_mul(&y3, &rr, &v);
  fp_mul(&hhh, &hhh, &p->y);
  mod_sub(&y3, &y3, &hhh, FP);
  *h_zero = fe_is_zero_mask(&h);
  *r_zero = fe_is_zero_mask(&rr);
  r->x = x3; r->y = y3; r->z = z3;
}

/*
 * r = p + q, both Jacobian (add-1998-cmo-2). Same caveats as point_add_affine_raw.
 */
static void point_add_raw(sm2_jacobian *r, const sm2_jacobian *p, const sm2_jacobian *q, u64 *h_zero, u64 *r_zero) {
  sm2_fe z1z1, z2z2, u1, u2, s1, s2, h, rr, hh, hhh, v, x3, y3, z3;
  fp_sqr(&z1z1, &p->z);
  fp_sqr(&z2z2, &q->z);
  fp_mul(&u1, &p->x, &z2z2);
  fp_mul(&u2, &q->x, &z1z1);
  fp_mul(&s1, &p->y, &q->z);
  fp_mul(&s1, &s1, &z2z2);
  fp_mul(&s2, &q->y, &p->z);
  fp_mul(&s2, &s2, &z1z1);
  mod_sub(&h, &u2, &u1, FP);
  mod_sub(&rr, &s2, &s1, FP);
  fp_sqr(&hh, &h);
  fp_mul(&hhh, &h, &hh);
  fp_mul(&v, &u1, &hh);
  fp_sqr(&x3, &rr);
  mod_sub(&x3, &x3, &hhh, FP);
  mod_sub(&x3, &x3, &v, FP);
  mod_sub(&x3, &x3, &v, FP);
  mod_sub(&v, &v, &x3, FP);
  fp_mul(&y3, &rr, &v);
  fp_mul(&s1, &s1, &hhh);
  mod_sub(&y3, &y3, &s1, FP);
  fp_mul(&z3, &p->z, &q->z);
  fp_mul(&z3, &z3, &h);
  *h_zero = fe_is_zero_mask(&h);
  *r_zero = fe_is_zero_mask(&rr);
  r->x = x3; r->y = y3; r->z = z3;
}

int is_infinity(const sm2_jacobian *p) {
  return fe_is_zero_mask(&p->z) != 0;
}

/* r = p + q for public points, handling every special case. */
static void point_add_vartime(sm2_jacobian *r, const sm2_jacobian *p, const sm2_jacobian *q) {
  if (is_infinity(p)) { *r = *q; return; }
  if (is_infinity(q)) { *r = *p; return; }
  u64 hz, rz;
  sm2_jacobian sum;
  point_add_raw(&sum, p, q, &hz, &rz);
  if (hz && rz) point_double(r, p);
  else *r = sum; /* hz && !rz: p = -q and sum has Z = 0 */
}

/* r = p + q, q affine, for public points, handling every special case. */
static void point_add_affine_vartime(sm2_jacobian *r, const sm2_jacobian *p, const sm2_affine *q) {
  if (is_infinity(p)) { r->x = q->x; r->y = q->y; r->z = P_MOD.one; return; }
  u64 hz, rz;
  sm2_jacobian sum;
  point_add_affine_raw(&sum, p, q, &hz, &rz);
  if (hz && rz) point_double(r, p);
  else *r = sum;
}

static void jacobian_cmov(sm2_jacobian *r, const sm2_jacobian *a, u64 mask) {
  fe_cmov(&r->x, &a->x, mask);
  fe_cmov(&r->y, &a->y, mask);
  fe_cmov(&r->z, &a->z, mask);
}

/* Affine coordinates in normal (not Montgomery) form; p must not be infinity. */
void point_to_affine(sm2_fe *x, sm2_fe *y, const sm2_jacobian *p) {
  sm2_fe zi, zi2, zi3;
  fp_inv(&zi, &p->z, &P_MOD.one);
  fp_sqr(&zi2, &zi);
  fp_mul(&zi3, &zi2, &zi);
  fp_mul(x, &p->x, &zi2);
  fp_mul(y, &p->y, &zi3);
  from_mont(x, x, FP);
  from_mont(y, y, FP);
}

void point_encode(uint8_t out[65], const sm2_jacobian *p) {
  sm2_fe x, y;
  point_to_affine(&x, &y, p);
  out[0] = 4;
  fe_to_bytes(out + 1, &x);
  fe_to_bytes(out + 33, &y);
}

/* Decodes and validates 04 || x || y into Montgomery affine coordinates. */
int point_decode(sm2_affine *r, const uint8_t in[65]) {
  sm2_fe x, y, lhs, rhs, t;
  if (in[0] != 4) return 0;
  fe_from_bytes(&x, in + 1);
  fe_from_bytes(&y, in + 33);
  if (!fe_lt(&x, &P_MOD.m) || !fe_lt(&y, &P_MOD.m)) return 0;
  to_mont(&r->x, &x, FP);
  to_mont(&r->y, &y, FP);
  fp_sqr(&lhs, &r->y);
  fp_sqr(&rhs, &r->x);
  fp_mul(&rhs, &rhs, &r->x);            /* x^3 */
  mod_sub(&rhs, &rhs, &r->x, FP);
  mod_sub(&rhs, &rhs, &r->x, FP);
  mod_sub(&rhs, &rhs, &r->x, FP);             /* x^3 - 3x */
  mod_add(&rhs, &rhs, &B_MONT, FP);
  mod_sub(&t, &lhs, &rhs, FP);
  return fe_is_zero_mask(&t) != 0;
}

/* ---- scalars ----------------------------------------------------------------------------- */

/* The 5 bits of k at positions 4i-1 .. 4i+3 (bit -1 is 0): the input of window i's recoding. */
static unsigned window_bits(const sm2_fe *k, int i) {
  int pos = 4 * i - 1;
  if (pos < 0) return (unsigned)(k->v[0] << 1) & 0x1f;
  int limb = pos / 64, off = pos % 64;
  u64 w = limb < 4 ? k->v[limb] >> off : 0;
  if (off > 59 && limb + 1 < 4) w |= k->v[limb + 1] << (64 - off);
  return (unsigned)w & 0x1f;
}

/*
 * Signed-digit (Booth) recoding of a 5-bit window into a digit in [-8, 8]: returns |digit| and
 * sets *negative. Branch-free, after OpenSSL's ecp_nistz256 recoding.
 */
static unsigned booth_recode(unsigned in, u64 *negative) {
  unsigned s = ~((in >> 4) - 1);
  unsigned d = (1u << 5) - in - 1;
  d = (d & s) | (in & ~s);
  d = (d >> 1) + (d & 1);
  *negative = 0 - (u64)(s & 1);
  return d;
}

/* 1 when 1 <= k < n. */
u64 scalar_in_range(const sm2_fe *k) {
  return fe_lt(k, &N_MOD.m) & (fe_is_zero_mask(k) == 0 ? 1 : 0);
}

/* ---- multiplications -------------------------------------------------------------------- */

/* y = p - y when mask is all-ones. */
static void cond_negate(sm2_fe *y, u64 mask) {
  sm2_fe zero = {{0, 0, 0, 0}}, neg;
  mod_sub(&neg, &zero, y, FP);
  fe_cmov(y, &neg, mask);
}

/*
 * k * P from P's comb table, in constant time. Reads every entry of every row. The additions
 * never meet the doubling case: before row i the accumulator is (sum of lower digits) * P, whose
 * multiplier is smaller in magnitude than 16^i, while the row adds a nonzero multiple of 16^i
 * (and for i = 64 the top digit is nonzero only when k >= 2^255, far from the one bad value).
 */
void comb_mul_ct(sm2_jacobian *r, const sm2_comb *table, const sm2_fe *k) {
  sm2_jacobian acc;
  memset(&acc, 0, sizeof acc);
  u64 acc_inf = ~(u64)0;
  for (int i = 0; i < SM2_COMB_ROWS; i++) {
    u64 neg, hz, rz;
    unsigned digit = booth_recode(window_bits(k, i), &neg);
    sm2_affine t;
    memset(&t, 0, sizeof t);
    for (unsigned j = 0; j < 8; j++) {
      u64 m = ct_eq64(j + 1, digit);
      fe_cmov(&t.x, &table->t[i][j].x, m);
      fe_cmov(&t.y, &table->t[i][j].y, m);
    }
    cond_negate(&t.y, neg);
    sm2_jacobian sum, fresh;
    point_add_affine_raw(&sum, &acc, &t, &hz, &rz);
    fresh.x = t.x; fresh.y = t.y; fresh.z = P_MOD.one;
    u64 nonzero = ~ct_eq64(digit, 0);
    jacobian_cmov(&acc, &sum, nonzero & ~acc_inf);
    jacobian_cmov(&acc, &fresh, nonzero & acc_inf);
    acc_inf &= ~nonzero;
  }
  *r = acc;
  wipe(&acc, sizeof acc);
}

/*
 * k * P for any valid P, in constant time: 4-bit signed windows from the top, a table of
 * P .. 8P scanned in full at each window. Unlike the comb, this order can meet the doubling case:
 * for k = n - 6 the last window adds -3P to an accumulator that already holds -3P. Each window
 * therefore also doubles the added point and keeps that result, by mask, when the addition
 * reports equal inputs.
 */
void mul_ct(sm2_jacobian *r, const sm2_affine *p, const sm2_fe *k) {
  sm2_jacobian tbl[8], acc;
  tbl[0].x = p->x; tbl[0].y = p->y; tbl[0].z = P_MOD.one;
  point_double(&tbl[1], &tbl[0]);
  for (int j = 2; j < 8; j++) point_add_vartime(&tbl[j], &tbl[j - 1], &tbl[0]);
  memset(&acc, 0, sizeof acc);
  u64 acc_inf = ~(u64)0;
  for (int i = SM2_COMB_ROWS - 1; i >= 0; i--) {
    u64 neg, hz, rz;
    for (int d = 0; d < 4; d++) point_double(&acc, &acc);
    unsigned digit = booth_recode(window_bits(k, i), &neg);
    sm2_jacobian t, sum, twice;
    memset(&t, 0, sizeof t);
    for (unsigned j = 0; j < 8; j++) jacobian_cmov(&t, &tbl[j], ct_eq64(j + 1, digit));
    cond_negate(&t.y, neg);
    point_add_raw(&sum, &acc, &t, &hz, &rz);
    point_double(&twice, &t);
    jacobian_cmov(&sum, &twice, hz & rz);
    u64 nonzero = ~ct_eq64(digit, 0);
    jacobian_cmov(&acc, &sum, nonzero & ~acc_inf);
    jacobian_cmov(&acc, &t, nonzero & acc_inf);
    acc_inf &= ~nonzero;
  }
  *r = acc;
  wipe(&acc, sizeof acc);
}

/* acc += k * P from P's comb table; public k only. */
void comb_add_vartime(sm2_jacobian *acc, const sm2_comb *table, const sm2_fe *k) {
  for (int i = 0; i < SM2_COMB_ROWS; i++) {
    u64 neg;
    unsigned digit = booth_recode(window_bits(k, i), &neg);
    if (digit == 0) continue;
    sm2_affine t = table->t[i][digit - 1];
    if (neg) cond_negate(&t.y, neg);
    point_add_affine_vartime(acc, acc, &t);
  }
}

/* Width-w NAF of k (2 <= w <= 7): digits odd in (-2^(w-1), 2^(w-1)) or 0; returns the digit count. */
static int wnaf(int8_t out[258], const sm2_fe *k, int w) {
  u64 v[5] = {k->v[0], k->v[1], k->v[2], k->v[3], 0};
  const int full = 1 << w, half = 1 << (w - 1);
  int len = 0;
  while (v[0] | v[1] | v[2] | v[3] | v[4]) {
    int d = 0;
    if (v[0] & 1) {
      d = (int)(v[0] & (u64)(full - 1));
      if (d >= half) d -= full;
      /* v -= d, so that the low w bits become zero */
      if (d > 0) {
        u64 borrow = (u64)d;
        for (int i = 0; i < 5 && borrow; i++) { u64 o = v[i]; v[i] -= borrow; borrow = o < borrow; }
      } else {
        u64 carry = (u64)(-d);
        for (int i = 0; i < 5 && carry; i++) { v[i] += carry; carry = v[i] < carry; }
      }
    }
    out[len++] = (int8_t)d;
    for (int i = 0; i < 4; i++) v[i] = (v[i] >> 1) | (v[i + 1] << 63);
    v[4] >>= 1;
  }
  return len;
}

/* Odd multiples of G, G .. 63G, for width-7 NAF in verification with a key seen for the first time. */
#define BASE_ODD_COUNT 32
static sm2_affine BASE_ODD[BASE_ODD_COUNT];

/*
 * s * G + t * P for public s, t and P, sharing one doubling chain (Strauss-Shamir): P with a
 * width-5 NAF over a table built here, G with a width-7 NAF over BASE_ODD.
 */
void mul_add_vartime(sm2_jacobian *r, const sm2_affine *p, const sm2_fe *t, const sm2_fe *s) {
  sm2_jacobian odd[8], twice, acc;
  int8_t naf_t[258], naf_s[258];
  odd[0].x = p->x; odd[0].y = p->y; odd[0].z = P_MOD.one;
  point_double(&twice, &odd[0]);
  for (int j = 1; j < 8; j++) point_add_vartime(&odd[j], &odd[j - 1], &twice);
  int len_t = wnaf(naf_t, t, 5);
  int len_s = wnaf(naf_s, s, 7);
  int len = len_t > len_s ? len_t : len_s;
  memset(&acc, 0, sizeof acc);
  for (int i = len - 1; i >= 0; i--) {
    point_double(&acc, &acc);
    int dt = i < len_t ? naf_t[i] : 0;
    int ds = i < len_s ? naf_s[i] : 0;
    if (dt != 0) {
      sm2_jacobian q = odd[(dt < 0 ? -dt : dt) >> 1];
      if (dt < 0) cond_negate(&q.y, ~(u64)0);
      point_add_vartime(&acc, &acc, &q);
    }
    if (ds != 0) {
      sm2_affine q = BASE_ODD[(ds < 0 ? -ds : ds) >> 1];
      if (ds < 0) cond_negate(&q.y, ~(u64)0);
      point_add_affine_vartime(&acc, &acc, &q);
    }
  }
  *r = acc;
}

/* ---- tables ------------------------------------------------------------------------------ */

/* Converts n Jacobian points (none at infinity) to affine with one inversion. */
static void batch_to_affine(sm2_affine *out, const sm2_jacobian *in, sm2_fe *scratch, int n) {
  scratch[0] = in[0].z;
  for (int i = 1; i < n; i++) fp_mul(&scratch[i], &scratch[i - 1], &in[i].z);
  sm2_fe inv, zi, zi2;
  fp_inv(&inv, &scratch[n - 1], &P_MOD.one);
  for (int i = n - 1; i >= 0; i--) {
    if (i > 0) {
      fp_mul(&zi, &inv, &scratch[i - 1]);
      fp_mul(&inv, &inv, &in[i].z);
    } else {
      zi = inv;
    }
    fp_sqr(&zi2, &zi);
    fp_mul(&out[i].x, &in[i].x, &zi2);
    fp_mul(&zi2, &zi2, &zi);
    fp_mul(&out[i].y, &in[i].y, &zi2);
  }
}


int comb_fill(sm2_comb *table, const sm2_affine *p) {
  const int total = SM2_COMB_ROWS * 8;
  sm2_jacobian *pts = malloc(sizeof(sm2_jacobian) * total);
  sm2_fe *scratch = malloc(sizeof(sm2_fe) * total);
  if (pts == NULL || scratch == NULL) { free(pts); free(scratch); return 0; }
  sm2_jacobian base;
  base.x = p->x; base.y = p->y; base.z = P_MOD.one;
  for (int i = 0; i < SM2_COMB_ROWS; i++) {
    sm2_jacobian *row = pts + i * 8;
    row[0] = base;
    point_double(&row[1], &row[0]);
    point_add_vartime(&row[2], &row[1], &row[0]);
    point_double(&row[3], &row[1]);
    point_add_vartime(&row[4], &row[3], &row[0]);
    point_double(&row[5], &row[2]);
    point_add_vartime(&row[6], &row[5], &row[0]);
    point_double(&row[7], &row[3]);
    point_double(&base, &row[7]);            /* 16 * base for the next row */
  }
  batch_to_affine(&table->t[0][0], pts, scratch, total);
  free(pts);
  free(scratch);
  return 1;
}

static void init_tables(void) {
  modulus_init(&P_MOD);
  modulus_init(&N_MOD);
  to_mont(&B_MONT, &CURVE_B, FP);
  fe_sub_raw(&P_MINUS_N, &P_MOD.m, &N_MOD.m);
  sm2_affine g;
  to_mont(&g.x, &BASE_X, FP);
  to_mont(&g.y, &BASE_Y, FP);
  comb_fill(&BASE_TABLE, &g);
  sm2_jacobian odd[BASE_ODD_COUNT], twice;
  sm2_fe scratch[BASE_ODD_COUNT];
  odd[0].x = g.x; odd[0].y = g.y; odd[0].z = P_MOD.one;
  point_double(&twice, &odd[0]);
  for (int j = 1; j < BASE_ODD_COUNT; j++) point_add_vartime(&odd[j], &odd[j - 1], &twice);
  batch_to_affine(BASE_ODD, odd, scratch, BASE_ODD_COUNT);
}

void sm2_init(void) {
  pthread_once(&init_once, init_tables);
}
