/*
 * Node-API glue for sm2_ec.c. Every function takes Uint8Arrays and returns null or false for
 * input of the wrong shape instead of throwing: the TypeScript side turns that into CryptoErrors.
 */
#define NAPI_VERSION 8
#include <node_api.h>
#include <stdlib.h>
#include <string.h>
#include "sm2_ec.h"

/* Marks prepared-key objects as ours, so that no other external can be passed off as a table. */
static const napi_type_tag KEY_TAG = {0x7969786e73326b65ull, 0x79746162c0ffee01ull};

/* Bytes of argument i when it is a Uint8Array of exactly `len` bytes, else NULL. */
static const uint8_t *bytes_arg(napi_env env, napi_value v, size_t len) {
  bool is_typed = false;
  if (napi_is_typedarray(env, v, &is_typed) != napi_ok || !is_typed) return NULL;
  napi_typedarray_type type;
  size_t length;
  void *data;
  if (napi_get_typedarray_info(env, v, &type, &length, &data, NULL, NULL) != napi_ok) return NULL;
  if (type != napi_uint8_array || length != len) return NULL;
  return (const uint8_t *)data;
}

static napi_value make_bytes(napi_env env, const uint8_t *src, size_t len) {
  napi_value ab, out;
  void *data;
  if (napi_create_arraybuffer(env, len, &data, &ab) != napi_ok) return NULL;
  memcpy(data, src, len);
  if (napi_create_typedarray(env, napi_uint8_array, len, ab, 0, &out) != napi_ok) return NULL;
  return out;
}

static napi_value js_null(napi_env env) {
  napi_value v;
  napi_get_null(env, &v);
  return v;
}

static napi_value js_bool(napi_env env, int b) {
  napi_value v;
  napi_get_boolean(env, b != 0, &v);
  return v;
}

static size_t get_args(napi_env env, napi_callback_info info, napi_value *argv, size_t want) {
  size_t argc = want;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return 0;
  return argc;
}

static napi_value base_mul(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  if (get_args(env, info, argv, 1) < 1) return js_null(env);
  const uint8_t *k = bytes_arg(env, argv[0], 32);
  uint8_t out[65];
  if (k == NULL || !sm2_base_mul(out, k)) return js_null(env);
  return make_bytes(env, out, 65);
}

static napi_value mul(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  if (get_args(env, info, argv, 2) < 2) return js_null(env);
  const uint8_t *p = bytes_arg(env, argv[0], 65);
  const uint8_t *k = bytes_arg(env, argv[1], 32);
  uint8_t out[65];
  if (p == NULL || k == NULL || !sm2_mul(out, p, k)) return js_null(env);
  napi_value r = make_bytes(env, out, 65);
  memset(out, 0, sizeof out);
  return r;
}

static napi_value is_valid_point(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  if (get_args(env, info, argv, 1) < 1) return js_bool(env, 0);
  const uint8_t *p = bytes_arg(env, argv[0], 65);
  return js_bool(env, p != NULL && sm2_point_valid(p));
}

static void free_table(napi_env env, void *data, void *hint) {
  (void)hint;
  int64_t adjusted;
  napi_adjust_external_memory(env, -(int64_t)sizeof(sm2_comb), &adjusted);
  free(data);
}

static napi_value prepare_key(napi_env env, napi_callback_info info) {
  napi_value argv[1], ext;
  if (get_args(env, info, argv, 1) < 1) return js_null(env);
  const uint8_t *p = bytes_arg(env, argv[0], 65);
  if (p == NULL) return js_null(env);
  sm2_comb *table = malloc(sizeof *table);
  if (table == NULL) return js_null(env);
  if (!sm2_comb_build(table, p)) {
    free(table);
    return js_null(env);
  }
  if (napi_create_external(env, table, free_table, NULL, &ext) != napi_ok) {
    free(table);
    return js_null(env);
  }
  napi_type_tag_object(env, ext, &KEY_TAG);
  int64_t adjusted;
  napi_adjust_external_memory(env, (int64_t)sizeof *table, &adjusted);
  return ext;
}

static napi_value verify(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  if (get_args(env, info, argv, 4) < 4) return js_bool(env, 0);
  const uint8_t *e = bytes_arg(env, argv[1], 32);
  const uint8_t *r = bytes_arg(env, argv[2], 32);
  const uint8_t *s = bytes_arg(env, argv[3], 32);
  if (e == NULL || r == NULL || s == NULL) return js_bool(env, 0);
  napi_valuetype t;
  if (napi_typeof(env, argv[0], &t) != napi_ok) return js_bool(env, 0);
  if (t == napi_external) {
    bool ours = false;
    void *table = NULL;
    if (napi_check_object_type_tag(env, argv[0], &KEY_TAG, &ours) != napi_ok || !ours) return js_bool(env, 0);
    if (napi_get_value_external(env, argv[0], &table) != napi_ok) return js_bool(env, 0);
    return js_bool(env, sm2_verify((const sm2_comb *)table, NULL, e, r, s));
  }
  const uint8_t *p = bytes_arg(env, argv[0], 65);
  if (p == NULL) return js_bool(env, 0);
  return js_bool(env, sm2_verify(NULL, p, e, r, s));
}

static napi_value sign(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  if (get_args(env, info, argv, 3) < 3) return js_null(env);
  const uint8_t *d = bytes_arg(env, argv[0], 32);
  const uint8_t *e = bytes_arg(env, argv[1], 32);
  const uint8_t *k = bytes_arg(env, argv[2], 32);
  uint8_t out[64];
  if (d == NULL || e == NULL || k == NULL || !sm2_sign(out, d, e, k)) return js_null(env);
  return make_bytes(env, out, 64);
}

static napi_value init(napi_env env, napi_value exports) {
  sm2_init();
  napi_property_descriptor props[] = {
    {"baseMul", NULL, base_mul, NULL, NULL, NULL, napi_enumerable, NULL},
    {"mul", NULL, mul, NULL, NULL, NULL, napi_enumerable, NULL},
    {"isValidPoint", NULL, is_valid_point, NULL, NULL, NULL, napi_enumerable, NULL},
    {"prepareKey", NULL, prepare_key, NULL, NULL, NULL, napi_enumerable, NULL},
    {"verify", NULL, verify, NULL, NULL, NULL, napi_enumerable, NULL},
    {"sign", NULL, sign, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  if (napi_define_properties(env, exports, sizeof props / sizeof props[0], props) != napi_ok) return NULL;
  return exports;
}

NAPI_MODULE_INIT() {
  return init(env, exports);
}
